package dev.herald.handler.teams;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/**
 * The Teams plugin against the handler contract kit (a Workflows webhook, which answers 202). The handler's
 * {@code channel-url} option is a secret, so the sample options set it: to the URL the kit last configured, so
 * that the kit's delivery tests (including the refused connection) still aim where the kit means.
 */
class TeamsHandlerContractTest extends HttpHandlerContractTest {
    private static final String PATH = "/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=";

    private String lastServiceUrl = "http://127.0.0.1:1";

    @Override
    protected String kind() {
        return "teams";
    }

    @Override
    protected int successStatus() {
        return 202;
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        lastServiceUrl = serviceUrl;
        return Map.of("enabled", true, "channel-url", serviceUrl + PATH + "s3cr3tConfigSignature");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("format", "adaptive-card", "channel-url", lastServiceUrl + PATH + "s3cr3tOptionSignature");
    }
}
