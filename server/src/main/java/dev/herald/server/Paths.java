package dev.herald.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** API paths and Kapacitor's link objects. */
final class Paths {
    static final String BASE = "/kapacitor/v1";

    private Paths() {
    }

    /** {@code {"rel": "self", "href": href}}. */
    static Map<String, Object> link(String href) {
        return link("self", href);
    }

    static Map<String, Object> link(String rel, String href) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rel", rel);
        m.put("href", href);
        return m;
    }
}
