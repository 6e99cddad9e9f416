package dev.herald.server;

import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.ServiceElement;
import dev.herald.engine.handler.HandlerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /kapacitor/v1/config}: every handler plugin's section with secrets shown as {@code true}/{@code false} and
 * listed under {@code redacted}; {@code POST} applies overrides live and stores them.
 */
final class ConfigApi {
    static final String CONFIG = Paths.BASE + "/config";

    private final HandlerRegistry registry;
    private final ConfigOverrides overrides;

    ConfigApi(HandlerRegistry registry, ConfigOverrides overrides) {
        this.registry = registry;
        this.overrides = overrides;
    }

    void register(Router router) {
        router.add("GET", CONFIG, r -> Reply.ok(all()))
                .add("GET", CONFIG + "/{section}", r -> Reply.ok(section(r.param("section"))))
                .add("GET", CONFIG + "/{section}/", r -> Reply.ok(element(r.param("section"), "")))
                .add("GET", CONFIG + "/{section}/{element}", r -> Reply.ok(element(r.param("section"),
                        r.param("element"))))
                .add("POST", CONFIG + "/{section}", r -> update(r, r.param("section"), "", false))
                .add("POST", CONFIG + "/{section}/", r -> update(r, r.param("section"), "", true))
                .add("POST", CONFIG + "/{section}/{element}", r -> update(r, r.param("section"),
                        r.param("element"), true));
    }

    private Reply update(Request r, String section, String element, boolean hasElement) {
        overrides.factory(section);
        overrides.update(section, element, hasElement, r.jsonObject());
        return Reply.noContent();
    }

    private Map<String, Object> all() {
        Map<String, Object> sections = new TreeMap<>();
        for (HandlerFactory<?, ?> f : registry.factories()) {
            if (f.hasConfigSection()) {
                sections.put(f.section(), section(f.section()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(CONFIG));
        body.put("sections", sections);
        return body;
    }

    private Map<String, Object> section(String name) {
        HandlerFactory<?, ?> f = overrides.factory(name);
        List<Object> elements = new ArrayList<>();
        for (Map.Entry<ServiceElement<?>, Map<String, Object>> e : registry.redactedSection(name)) {
            elements.add(elementView(f, e.getKey(), e.getValue()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(CONFIG + "/" + name));
        body.put("elements", elements);
        return body;
    }

    private Map<String, Object> element(String section, String element) {
        HandlerFactory<?, ?> f = overrides.factory(section);
        for (Map.Entry<ServiceElement<?>, Map<String, Object>> e : registry.redactedSection(section)) {
            boolean list = f.configSchema().elementKey().isPresent();
            if ((!list && element.isEmpty()) || (list && e.getKey().name().equals(element))) {
                return elementView(f, e.getKey(), e.getValue());
            }
        }
        throw ApiException.notFound("unknown section/element: " + section + "/" + element);
    }

    private static Map<String, Object> elementView(HandlerFactory<?, ?> f, ServiceElement<?> element,
            Map<String, Object> options) {
        boolean list = f.configSchema().elementKey().isPresent();
        String href = CONFIG + "/" + f.section() + "/" + (list ? element.name() : "");
        List<String> redacted = f.configSchema().secretKeys();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(href));
        m.put("options", options);
        m.put("redacted", redacted.isEmpty() ? null : redacted);
        return m;
    }
}
