package dev.herald.handler.opsgenie;

import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.ServiceConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What both kinds' tests share: the sample event's data and an enabled config pointing at the stub. */
final class OpsGenieTestSupport {
    static final String R = "{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
            + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]}";
    static final String R_AS_STRING = R.replace("\"", "\\\"");

    private OpsGenieTestSupport() {
    }

    /** Enabled, API key {@code api_key}, {@code url}, then {@code keys}. */
    static <C extends Record> ServiceConfig<C> config(HandlerFactory<C, ?> factory, String url,
            Map<String, Object> keys) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("enabled", true);
        all.put("api-key", "api_key");
        all.put("url", url);
        all.putAll(keys);
        return ServiceConfig.bind(factory, List.of(all));
    }
}
