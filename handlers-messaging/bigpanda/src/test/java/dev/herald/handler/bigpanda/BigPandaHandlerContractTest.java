package dev.herald.handler.bigpanda;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The BigPanda plugin against the handler contract kit. */
class BigPandaHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "bigpanda";
    }

    @Override
    protected int successStatus() {
        return 201;
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/data/v2/alerts", "app-key", "my-app-key",
                "token", "bp-s3cr3t-bearer-token");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("host", "{{ index .Tags \"host\" }}", "primary-property", "host");
    }
}
