package dev.herald.core.echo;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.List;
import java.util.Map;

/** Proves the contract kit is usable: a plugin passes it with these few lines. */
class EchoHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "echo";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl, "token", "t0ps3cret-token");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("path", "alerts", "teams", List.of("ops"), "headers", Map.of("X-Team", "ops"));
    }
}
