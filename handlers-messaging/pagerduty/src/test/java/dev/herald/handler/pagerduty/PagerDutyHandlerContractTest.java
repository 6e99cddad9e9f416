package dev.herald.handler.pagerduty;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The PagerDuty v1 plugin against the handler contract kit. */
class PagerDutyHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "pagerduty";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/generic/2010-04-15/create_event.json",
                "service-key", "0a1b2c3d-s3cr3t-service-key");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("service-key", "0ptio7-s3cr3t-service-key");
    }
}
