package dev.herald.engine.handlers;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The {@code post} factory passes the HTTP handler contract kit, sending through a configured endpoint. */
class PostHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "post";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("endpoint", "test", "url", serviceUrl + "/alerts", "headers", Map.of("X-Team", "ops"),
                "basic-auth", Map.of("username", "herald", "password", "t0ps3cret-pass"));
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("endpoint", "test", "headers", Map.of("X-Source", "herald"), "capture-response", true);
    }
}
