package dev.herald.engine.handlers;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.Map;

/** The {@code tcp} factory passes the handler contract kit. */
class TcpHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "tcp";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of();
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("address", "127.0.0.1:9");
    }
}
