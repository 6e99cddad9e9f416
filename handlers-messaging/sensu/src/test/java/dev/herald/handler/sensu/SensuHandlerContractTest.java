package dev.herald.handler.sensu;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.List;
import java.util.Map;

/** The Sensu plugin against the handler contract kit (not HTTP: Sensu is a TCP socket). */
class SensuHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "sensu";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "addr", "127.0.0.1:3030", "source", "Kapacitor",
                "handlers", List.of("pagerduty"));
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("source", "{{ index .Tags \"host\" }}", "handlers", List.of("slack"),
                "metadata", Map.of("team", "ops"));
    }
}
