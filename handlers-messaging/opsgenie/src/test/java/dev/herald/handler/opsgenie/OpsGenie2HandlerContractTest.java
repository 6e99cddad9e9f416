package dev.herald.handler.opsgenie;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.List;
import java.util.Map;

/** The Opsgenie v2 plugin against the handler contract kit. */
class OpsGenie2HandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "opsgenie2";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/alerts", "api-key", "0a1b2c3d-s3cr3t-genie-key",
                "teams", List.of("ops"));
    }

    @Override
    protected int successStatus() {
        return 202;
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("recipients-list", List.of("oncall@example.com"));
    }
}
