package dev.herald.handler.hipchat;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The HipChat plugin against the handler contract kit. */
class HipChatHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "hipchat";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl, "token", "configtoken7654321", "room", "1231234");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("room", "1234567", "token", "testtoken1234567");
    }
}
