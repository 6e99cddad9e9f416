package dev.herald.engine.handlers;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.List;
import java.util.Map;

/** The {@code exec} factory passes the handler contract kit. */
class ExecHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "exec";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of();
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("prog", "/bin/cat", "args", List.of("-u"));
    }
}
