package dev.herald.handler.discord;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The Discord plugin against the handler contract kit. */
class DiscordHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "discord";
    }

    @Override
    protected int successStatus() {
        return 204;
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "workspace", "ops", "url",
                serviceUrl + "/api/webhooks/1234/s3cr3t-webhook-token", "username", "herald");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("username", "ops-bot", "avatar-url", "https://example.com/a.png",
                "embed-title", "{{ .ID }} is {{ .Level }}");
    }
}
