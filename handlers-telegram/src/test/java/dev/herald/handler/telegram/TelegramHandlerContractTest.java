package dev.herald.handler.telegram;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The shared handler contract, run against the Telegram plugin as the engine finds it. */
class TelegramHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "telegram";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/bot", "token", "123456:s3cret-TOKEN", "chat-id", "-100");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("chat-id", "12345678", "parse-mode", "HTML", "disable-notification", true);
    }
}
