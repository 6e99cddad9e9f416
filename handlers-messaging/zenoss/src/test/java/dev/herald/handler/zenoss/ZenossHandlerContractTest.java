package dev.herald.handler.zenoss;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The Zenoss plugin against the handler contract kit. */
class ZenossHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "zenoss";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/zport/dmd/evconsole_router", "username", "admin",
                "password", "z3n0ss-s3cr3t");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("device", "{{ index .Tags \"host\" }}", "eventClass", "/App", "password", "opt-z3n-s3cr3t");
    }
}
