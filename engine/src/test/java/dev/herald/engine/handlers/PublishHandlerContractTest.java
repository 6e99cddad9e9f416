package dev.herald.engine.handlers;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.List;
import java.util.Map;

/** The {@code publish} factory passes the handler contract kit. */
class PublishHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "publish";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of();
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("topics", List.of("ops", "archive"));
    }
}
