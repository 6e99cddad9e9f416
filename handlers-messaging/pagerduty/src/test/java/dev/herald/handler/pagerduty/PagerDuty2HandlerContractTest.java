package dev.herald.handler.pagerduty;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The PagerDuty v2 plugin against the handler contract kit. */
class PagerDuty2HandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "pagerduty2";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/v2/enqueue",
                "routing-key", "0a1b2c3d-s3cr3t-routing-key");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("routing-key", "0ptio7-s3cr3t-routing-key", "service-key", "0ptio7-s3cr3t-alias-key");
    }
}
