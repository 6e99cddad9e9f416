package dev.herald.handler.victorops;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The VictorOps plugin against the handler contract kit. */
class VictorOpsHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "victorops";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/integrations/generic/20131114/alert",
                "api-key", "0a1b2c3d-s3cr3t-api-key", "routing-key", "ops");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("routing-key", "database");
    }
}
