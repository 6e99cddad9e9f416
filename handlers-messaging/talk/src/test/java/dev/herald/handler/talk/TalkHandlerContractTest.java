package dev.herald.handler.talk;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The Talk plugin against the handler contract kit. */
class TalkHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "talk";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/v2/services/webhook/s3cr3t-uuid",
                "author_name", "Kapacitor");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of();
    }
}
