package dev.herald.engine.handlers;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.Map;

/** The {@code log} factory passes the handler contract kit. */
class LogHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "log";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of();
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("path", "/tmp/herald-contract.log", "mode", 420);
    }
}
