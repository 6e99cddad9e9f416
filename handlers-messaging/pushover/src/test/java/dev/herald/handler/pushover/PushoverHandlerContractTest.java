package dev.herald.handler.pushover;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The Pushover plugin against the handler contract kit. */
class PushoverHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "pushover";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "token", "azGDORePK8gMaC0QOYAMyEEuzJnyUi", "user-key",
                "uQiRzpo4DXghDmr9QzzfQu27cmVRsG", "url", serviceUrl + "/1/messages.json");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("user-key", "gznej3rKEVAvPUxu9vvNnqpmZpokzF", "device", "phone", "title", "cpu",
                "sound", "siren");
    }
}
