package dev.herald.handler.slack;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The Slack plugin against the handler contract kit. */
class SlackHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "slack";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "workspace", "ops", "url", serviceUrl + "/services/T000/B000/s3cr3tHook",
                "token", "xoxb-s3cr3t-bot-token", "channel", "#alerts");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("channel", "#ops", "username", "herald", "icon-emoji", ":fire:");
    }
}
