package dev.herald.handler.pushover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Secret;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact requests of spec section 7 (Kapacitor's Pushover service), sent to WireMock on loopback. */
class PushoverRequestTest {
    @RegisterExtension
    static WireMockExtension pushover = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final PushoverHandlerFactory FACTORY = new PushoverHandlerFactory();
    private static final String TOKEN = "KzGDORePKggMaC0QOYAMyEEuzJnyUi";
    private static final String STREAMER_MESSAGE = "message=kapacitor%2Fcpu%2FserverA+is+CRITICAL+%401971-01-01+"
            + "00%3A00%3A10+%2B0000+UTC";

    private static String url(String path) {
        return "http://127.0.0.1:" + pushover.getPort() + path;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        pushover.stubFor(any(anyUrl()).willReturn(response));
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }

    private static ServiceConfig<PushoverConfig> bind(Object... keyValues) {
        return ServiceConfig.bind(FACTORY, List.of(map(keyValues)));
    }

    private static ServiceConfig<PushoverConfig> config() {
        return bind("enabled", true, "token", TOKEN, "user-key", "user", "url", url("/1/messages.json"));
    }

    private static PushoverOptions options(Object... keyValues) {
        return FACTORY.optionsSchema().bind(map(keyValues));
    }

    private static HandlerResult deliver(ServiceConfig<PushoverConfig> config, PushoverOptions options,
            AlertEvent event) {
        try (Handler handler = FACTORY.create(options, config, HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static AlertEvent streamerEvent() {
        AlertEvent e = SampleEvents.cpuCritical();
        return new AlertEvent(e.topic(), e.id(), "kapacitor/cpu/serverA is CRITICAL @1971-01-01 00:00:10 +0000 UTC",
                e.details(), e.time(), e.duration(), e.level(), e.previousLevel(), e.data());
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = pushover.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, all.size(), "requests received");
        return all.get(0);
    }

    @Test
    void serverTestTopicHandlerWithoutOptions() {
        answer(aResponse().withStatus(200).withBody("{\"status\":1,\"request\":\"x\"}"));
        ServiceConfig<PushoverConfig> config = bind("enabled", true, "token", "api_key", "user-key", "user",
                "url", url("/"));
        assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());
        pushover.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("message=message&priority=1&token=api_key&user=user")));
        assertEquals(1, pushover.getAllServeEvents().size());
    }

    @Test
    void streamerTestEveryOptionAndSomeOptions() {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(config(), options("sound", "siren", "device", "mydev", "title", "mytitle",
                "url", "http://example.com", "url-title", "myurltitle"), streamerEvent()).isDelivered());
        assertTrue(deliver(config(), options("title", "othertitle", "device", "otherdev"), streamerEvent())
                .isDelivered());

        List<LoggedRequest> all = pushover.findAll(postRequestedFor(urlEqualTo("/1/messages.json")));
        assertEquals(2, all.size());
        assertEquals("device=mydev&" + STREAMER_MESSAGE + "&priority=1&sound=siren&title=mytitle&token=" + TOKEN
                + "&url=http%3A%2F%2Fexample.com&url_title=myurltitle&user=user", all.get(0).getBodyAsString());
        assertEquals("device=otherdev&" + STREAMER_MESSAGE + "&priority=1&title=othertitle&token=" + TOKEN
                + "&user=user", all.get(1).getBodyAsString());
    }

    @ParameterizedTest
    @CsvSource({"OK,-2", "INFO,-1", "WARNING,0", "CRITICAL,1"})
    void levelPicksThePriority(Level level, int priority) {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(config(), options(), SampleEvents.event(level, "cpu is " + level)).isDelivered());
        assertEquals("message=cpu+is+" + level + "&priority=" + priority + "&token=" + TOKEN + "&user=user",
                onlyRequest().getBodyAsString());
    }

    @Test
    void userKeyOptionOverridesTheConfig() {
        PushoverConfig c = config().elements().get(0).config();
        assertEquals("message=m&priority=-2&token=" + TOKEN + "&user=group+key%2F1",
                PushoverRequest.body(c, options("user-key", "group key/1"), "m", Level.OK));
    }

    @Test
    void overlongMessageAndTitleAreCut() {
        PushoverConfig c = config().elements().get(0).config();
        String body = PushoverRequest.body(c, options("title", "t".repeat(300)), "m".repeat(2000), Level.OK);
        assertEquals("message=" + "m".repeat(1023) + "%E2%80%A6&priority=-2&title=" + "t".repeat(249)
                + "%E2%80%A6&token=" + TOKEN + "&user=user", body);
    }

    // ---- emergency priority (beyond Kapacitor) --------------------------------------------------------------

    @Test
    void emergencySendsCriticalWithPriority2RetryAndExpire() {
        answer(aResponse().withStatus(200).withBody("{\"status\":1,\"receipt\":\"r\"}"));
        PushoverOptions emergency = options("emergency", true, "retry", "1m", "expire", "3h");
        assertTrue(deliver(config(), emergency, SampleEvents.critical()).isDelivered());
        assertEquals("expire=10800&message=message&priority=2&retry=60&token=" + TOKEN + "&user=user",
                onlyRequest().getBodyAsString());
        PushoverConfig c = config().elements().get(0).config();
        assertEquals("message=m&priority=0&token=" + TOKEN + "&user=user",
                PushoverRequest.body(c, emergency, "m", Level.WARNING));
    }

    @Test
    void emergencyNeedsRetryOfAtLeast30sAndExpireOfAtMost3h() {
        ConfigException retry = assertThrows(ConfigException.class, () -> FACTORY.create(
                options("emergency", true, "retry", "10s", "expire", "1h"), config(), HandlerContext.standalone()));
        assertEquals(Optional.of("retry"), retry.key());
        assertTrue(retry.getMessage().contains("emergency priority requires retry of at least 30s, got 10s"),
                retry::getMessage);
        ConfigException expire = assertThrows(ConfigException.class, () -> FACTORY.create(
                options("emergency", true, "retry", "30s", "expire", "4h"), config(), HandlerContext.standalone()));
        assertEquals(Optional.of("expire"), expire.key());
        assertTrue(expire.getMessage().contains("expire between 1s and 10800s (3h), got 14400s"),
                expire::getMessage);
        assertThrows(ConfigException.class, () -> FACTORY.create(options("emergency", true, "retry", "30s"),
                config(), HandlerContext.standalone()));
        FACTORY.create(options("retry", "1s"), config(), HandlerContext.standalone()).close();
    }

    // ---- responses ------------------------------------------------------------------------------------------

    @Nested
    class Responses {
        private HandlerResult.Failed fail(ResponseDefinitionBuilder response) {
            answer(response);
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                    deliver(config(), options(), SampleEvents.critical()));
            assertFalse(failed.reason().contains(TOKEN), failed::reason);
            return failed;
        }

        @Test
        void badRequestJoinsPushoversErrorsAndIsPermanent() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(400).withBody("{\"user\":\"invalid\","
                    + "\"errors\":[\"user identifier is not a valid user, group, or subscribed user key\","
                    + "\"message cannot be blank\"],\"status\":0,\"request\":\"5042853c\"}"));
            assertFalse(failed.retryable());
            assertEquals("failed to understand Pushover response. code: 400 content: user identifier is not a valid "
                    + "user, group, or subscribed user key, message cannot be blank", failed.reason());
        }

        @Test
        void errorFieldWinsAndNonJsonShowsTheBody() {
            assertEquals("boom", fail(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")).reason());
            HandlerResult.Failed failed = fail(aResponse().withStatus(502).withBody("<html>bad gateway</html>"));
            assertTrue(failed.retryable());
            assertEquals("failed to understand Pushover response. code: 502 content: <html>bad gateway</html>",
                    failed.reason());
        }

        @Test
        void fourHundredsAreNeverRetriedUnlessAskedTo() {
            assertFalse(fail(aResponse().withStatus(429).withBody("{\"errors\":[\"over quota\"]}")).retryable());
            assertFalse(fail(aResponse().withStatus(408)).retryable());
            HandlerResult.Failed asked = fail(aResponse().withStatus(429).withHeader("Retry-After", "60"));
            assertTrue(asked.retryable());
            assertEquals(Optional.of(Duration.ofSeconds(60)), asked.retryAfter());
        }
    }

    // ---- config and service test ----------------------------------------------------------------------------

    @Test
    void validationMessagesOnlyWhenEnabled() {
        bind("enabled", false);
        assertEquals("https://api.pushover.net/1/messages.json", bind().elements().get(0).config().url());
        assertMessage("must specify token", () -> bind("enabled", true, "user-key", "u"));
        assertMessage("must specify user key", () -> bind("enabled", true, "token", "t"));
        assertMessage("must specify url", () -> bind("enabled", true, "token", "t", "user-key", "u", "url", ""));
        assertEquals(List.of("token", "user-key"), FACTORY.configSchema().secretKeys());
        assertEquals(Map.of("enabled", false, "token", true, "user-key", true, "url", "http://pushover.example.com"),
                FACTORY.configSchema().redactedValues(bind("token", "t", "user-key", "u",
                        "url", "http://pushover.example.com").elements().get(0).config()));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable bind) {
        ConfigException e = assertThrows(ConfigException.class, bind);
        assertTrue(e.getMessage().contains(message), e::getMessage);
    }

    @Test
    void serviceTestDoesNotShowTheUserKeyAndSendsKapacitorsDefaults() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceTest<?> test = FACTORY.serviceTest(config(), HandlerContext.standalone()).orElseThrow();
        assertEquals(new PushoverHandlerFactory.TestOptions(Secret.EMPTY, "test pushover message", "", "", "", "",
                "", Level.CRITICAL), test.defaultOptions());
        assertTrue(run(test).isDelivered());
        assertEquals("message=test+pushover+message&priority=1&token=" + TOKEN + "&user=user",
                onlyRequest().getBodyAsString());
    }

    private static <T extends Record> HandlerResult run(ServiceTest<T> test) throws Exception {
        return test.run(test.defaultOptions()).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}
