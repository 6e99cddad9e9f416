package dev.herald.handler.servicenow;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The ServiceNow plugin against the handler contract kit. */
class ServiceNowHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "servicenow";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/api/global/em/jsonv2", "source", "Kapacitor",
                "username", "kapacitor", "password", "sn0w-s3cr3t-pass");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("node", "{{ index .Tags \"host\" }}", "type", "CPU", "password", "opt-s3cr3t-pass");
    }
}
