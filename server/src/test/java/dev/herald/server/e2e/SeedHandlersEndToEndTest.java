package dev.herald.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.engine.Herald;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.topic.TopicHandlerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The project's seed rules end to end: TICKscript (and a handler file on topic {@code cpu}) through the engine to
 * the real HipChat, Slack and Telegram plugin jars, found by ServiceLoader, against WireMock standing in for the
 * services. Asserts the exact requests the services receive.
 */
class SeedHandlersEndToEndTest {
    private static final String HIPCHAT_BODY =
            "{\"color\":\"red\",\"from\":\"kapacitor\",\"message\":\"Hey, check your CPU\",\"notify\":true}\n";
    private static final String SLACK_BODY = "{\"attachments\":[{\"fallback\":\"Hey, check your CPU\","
            + "\"color\":\"danger\",\"text\":\"Hey, check your CPU\",\"mrkdwn_in\":[\"text\"]}],"
            + "\"channel\":\"#alerts\",\"icon_emoji\":\"\",\"text\":\"\",\"username\":\"kapacitor\"}\n";
    private static final String TELEGRAM_BODY = "{\"chat_id\":\"12345\",\"text\":\"Hey, check your CPU\"}\n";

    private WireMockServer services;
    private Herald herald;

    @BeforeEach
    void start() {
        services = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        services.start();
        services.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));
        String base = "http://127.0.0.1:" + services.port();
        herald = Herald.builder()
                .configure("hipchat", Map.of("enabled", true, "url", base + "/v2/room", "room", "ops",
                        "token", "hipchat-token"))
                .configure("slack", Map.of("enabled", true, "url", base + "/services/T0/B0/XYZ",
                        "channel", "#alerts"))
                .configure("telegram", Map.of("enabled", true, "url", base + "/bot", "token", "TOKEN:AUTH",
                        "chat-id", "12345"))
                .build();
    }

    @AfterEach
    void stop() {
        herald.close();
        services.stop();
    }

    private List<LoggedRequest> requestsAfterWriting(String... lines) {
        herald.write(String.join("\n", lines), "telegraf", "autogen", Precision.SECONDS);
        assertTrue(herald.awaitDelivery(Duration.ofSeconds(10)), "delivery did not finish");
        return services.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
    }

    private static LoggedRequest only(List<LoggedRequest> requests, String pathPrefix) {
        List<LoggedRequest> matching = requests.stream().filter(r -> r.getUrl().startsWith(pathPrefix)).toList();
        assertEquals(1, matching.size(), () -> "requests to " + pathPrefix + ": " + requests);
        return matching.get(0);
    }

    @Test
    void hipChatSeedScript() {
        herald.defineTask(TaskSpec.stream("cpu_alert", "stream|from().measurement('cpu')|alert()"
                + ".crit(lambda: \"usage_idle\" < 97).message('Hey, check your CPU').hipChat()"));
        List<LoggedRequest> requests = requestsAfterWriting("cpu,host=serverA usage_idle=99 1",
                "cpu,host=serverA usage_idle=96 2");
        assertEquals(1, requests.size());
        LoggedRequest request = requests.get(0);
        assertEquals("POST", request.getMethod().getName());
        assertEquals("/v2/room/ops/notification?auth_token=hipchat-token", request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals(HIPCHAT_BODY, request.getBodyAsString());
    }

    @Test
    void slackSeedScript() {
        herald.defineTask(TaskSpec.stream("cpu_alert", "stream|from().measurement('cpu')|alert()"
                + ".crit(lambda: \"usage_idle\" < 97).message('Hey, check your CPU').slack()"));
        LoggedRequest request = only(requestsAfterWriting("cpu,host=serverA usage_idle=96 2"), "/services/");
        assertEquals("/services/T0/B0/XYZ", request.getUrl());
        assertEquals(SLACK_BODY, request.getBodyAsString());
        assertTrue(!request.containsHeader("Authorization"));
    }

    @Test
    void telegramSeedScript() {
        herald.defineTask(TaskSpec.stream("cpu_alert", "stream|from().measurement('cpu')|alert()"
                + ".crit(lambda: \"usage_idle\" < 97).message('Hey, check your CPU').telegram()"));
        LoggedRequest request = only(requestsAfterWriting("cpu,host=serverA usage_idle=96 2"), "/bot");
        assertEquals("/botTOKEN:AUTH/sendMessage", request.getUrl());
        assertEquals(TELEGRAM_BODY, request.getBodyAsString());
    }

    @Test
    void allThreeThroughHandlerFilesOnTopicCpu() {
        herald.defineTask(TaskSpec.stream("cpu_alert", "stream|from().measurement('cpu')|alert()"
                + ".crit(lambda: \"usage_idle\" < 97).message('Hey, check your CPU').topic('cpu')"));
        herald.defineTopicHandler(TopicHandlerSpec.fromMap(Map.of("id", "hipchat-ops", "topic", "cpu",
                "kind", "hipchat", "options", Map.of("room", "cpu-room")), null));
        herald.defineTopicHandler(TopicHandlerSpec.fromMap(Map.of("id", "slack-ops", "topic", "cpu",
                "kind", "slack", "match", "changed()", "options", Map.of("channel", "#alerts")), null));
        herald.defineTopicHandler(TopicHandlerSpec.fromMap(Map.of("id", "telegram-ops", "topic", "cpu",
                "kind", "telegram", "options", Map.of("chat-id", "12345")), null));
        List<LoggedRequest> requests = requestsAfterWriting("cpu,host=serverA usage_idle=96 2",
                "cpu,host=serverA usage_idle=95 3");
        // hipchat and telegram get both events; slack matches changed() only, so just the first.
        assertEquals(5, requests.size(), requests::toString);
        List<LoggedRequest> hipchat = requests.stream()
                .filter(r -> r.getUrl().equals("/v2/room/cpu-room/notification?auth_token=hipchat-token")).toList();
        assertEquals(2, hipchat.size());
        hipchat.forEach(r -> assertEquals(HIPCHAT_BODY, r.getBodyAsString()));
        assertEquals(SLACK_BODY, only(requests, "/services/").getBodyAsString());
        List<LoggedRequest> telegram = requests.stream().filter(r -> r.getUrl().startsWith("/bot")).toList();
        assertEquals(2, telegram.size());
        telegram.forEach(r -> assertEquals(TELEGRAM_BODY, r.getBodyAsString()));
    }
}
