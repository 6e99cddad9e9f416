package dev.herald.examples.ntfy;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.List;
import java.util.Map;

/** The whole contract kit for a third-party plugin: these few lines. */
class NtfyHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "ntfy";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl, "token", "tk_s3cret", "topic", "alerts");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("tags", List.of("warning"));
    }
}
