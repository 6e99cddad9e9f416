package dev.herald.engine.handlers;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.Map;

/** The {@code aggregate} factory passes the handler contract kit. */
class AggregateHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "aggregate";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of();
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("id", "agg", "interval", 100_000_000L, "topic", "ops");
    }
}
