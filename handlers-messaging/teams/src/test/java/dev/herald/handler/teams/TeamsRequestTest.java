package dev.herald.handler.teams;

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
import java.net.URI;
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

/** The exact requests of spec section 5 (Kapacitor's Teams service) and of the Workflows format, on WireMock. */
class TeamsRequestTest {
    @RegisterExtension
    static WireMockExtension teams = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final TeamsHandlerFactory FACTORY = new TeamsHandlerFactory();
    private static final String SIG = "sigS3cretValue";

    private static String url(String path) {
        return "http://127.0.0.1:" + teams.getPort() + path;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        teams.stubFor(any(anyUrl()).willReturn(response));
    }

    private static ServiceConfig<TeamsConfig> bind(Object... keyValues) {
        return ServiceConfig.bind(FACTORY, List.of(map(keyValues)));
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }

    private static TeamsOptions options(Object... keyValues) {
        return FACTORY.optionsSchema().bind(map(keyValues));
    }

    private static HandlerResult deliver(ServiceConfig<TeamsConfig> config, TeamsOptions options, AlertEvent event) {
        try (Handler handler = FACTORY.create(options, config, HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static String messageCard(String title, String text, String summary, String color) {
        return "{\"@type\":\"MessageCard\",\"@context\":\"http://schema.org/extensions\",\"title\":\"" + title
                + "\",\"text\":\"" + text + "\",\"summary\":\"" + summary + "\",\"themeColor\":\"" + color + "\"}";
    }

    private static String adaptiveCard(String title, String color, String text) {
        return "{\"type\":\"message\",\"attachments\":[{\"contentType\":\"application/vnd.microsoft.card.adaptive\","
                + "\"contentUrl\":null,\"content\":{\"$schema\":\"http://adaptivecards.io/schemas/adaptive-card.json\","
                + "\"type\":\"AdaptiveCard\",\"version\":\"1.2\",\"body\":[{\"type\":\"TextBlock\",\"text\":\"" + title
                + "\",\"weight\":\"Bolder\",\"size\":\"Medium\",\"color\":\"" + color + "\",\"wrap\":true},"
                + "{\"type\":\"TextBlock\",\"text\":\"" + text + "\",\"wrap\":true}],\"msteams\":{\"width\":\"full\"}}}]}";
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = teams.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, all.size(), "requests received");
        return all.get(0);
    }

    // ---- Kapacitor's MessageCard ----------------------------------------------------------------------------

    @Test
    void serverTestTopicHandlerWithoutOptions() {
        answer(aResponse().withStatus(200).withBody("1"));
        ServiceConfig<TeamsConfig> config = bind("enabled", true, "channel-url", url("/"), "format", "message-card");

        assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());

        teams.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo("{\"@type\":\"MessageCard\",\"@context\":\"http://schema.org/extensions\","
                        + "\"title\":\"CRITICAL: [id]\",\"text\":\"message\",\"summary\":\"CRITICAL: [id] - message...\","
                        + "\"themeColor\":\"CC4A31\"}")));
        assertFalse(onlyRequest().containsHeader("Authorization"));
    }

    @Test
    void streamerTestConfigUrlAndChannelUrlOption() {
        answer(aResponse().withStatus(200));
        ServiceConfig<TeamsConfig> config = bind("enabled", true, "channel-url", url("/config"),
                "format", "message-card");
        AlertEvent event = SampleEvents.cpuCritical();

        assertTrue(deliver(config, options(), event).isDelivered());
        assertTrue(deliver(config, options("channel-url", url("/option")), event).isDelivered());

        String card = messageCard("CRITICAL: [kapacitor/cpu/serverA]", "kapacitor/cpu/serverA is CRITICAL",
                "CRITICAL: [kapacitor/cpu/serverA] - kapacitor/cpu/serverA is CRITICAL...", "CC4A31");
        teams.verify(1, postRequestedFor(urlEqualTo("/config")).withRequestBody(equalTo(card)));
        teams.verify(1, postRequestedFor(urlEqualTo("/option")).withRequestBody(equalTo(card)));
    }

    @ParameterizedTest
    @CsvSource({"OK,34CC25", "INFO,34CC25", "WARNING,FFA533", "CRITICAL,CC4A31"})
    void levelPicksTheThemeColour(Level level, String color) {
        assertEquals(messageCard(level + ": [id]", "m", level + ": [id] - m...", color),
                TeamsRequest.messageCard(new TeamsRequest.Card("id", "t", "m", level)));
    }

    @Test
    void titleFallsBackToTopicThenLevel() {
        assertEquals(messageCard("WARNING: [cpu]", "m", "WARNING: [cpu] - m...", "FFA533"),
                TeamsRequest.messageCard(new TeamsRequest.Card("", "cpu", "m", Level.WARNING)));
        assertEquals(messageCard("OK", "m", "OK: m...", "34CC25"),
                TeamsRequest.messageCard(new TeamsRequest.Card("", "", "m", Level.OK)));
    }

    @Test
    void summaryIsCutAt70BytesWithoutSplittingACharacter() {
        String ascii = "x".repeat(100);
        assertEquals("CRITICAL: [id] - " + "x".repeat(53) + "...",
                TeamsRequest.summary(new TeamsRequest.Card("id", "", ascii, Level.CRITICAL)));
        // "CRITICAL: [id] - " is 17 bytes; 26 × "é" (2 bytes) reach 69 bytes, the 27th would straddle the cut.
        String accents = "\u00e9".repeat(40);
        assertEquals("CRITICAL: [id] - " + "\u00e9".repeat(26) + "...",
                TeamsRequest.summary(new TeamsRequest.Card("id", "", accents, Level.CRITICAL)));
    }

    // ---- Workflows (Adaptive Card) ----------------------------------------------------------------------------

    @Test
    void workflowsRecoveryPostsAnAdaptiveCardAndAccepts202() {
        answer(aResponse().withStatus(202));
        String path = "/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=" + SIG;
        ServiceConfig<TeamsConfig> config = bind("enabled", true, "channel-url", url(path));

        assertTrue(deliver(config, options(), SampleEvents.event(Level.OK, "cpu <ok> & fine")).isDelivered());

        LoggedRequest request = onlyRequest();
        assertEquals(path, request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals(adaptiveCard("OK: [id]", "Good", "cpu \\u003cok\\u003e \\u0026 fine"),
                request.getBodyAsString());
    }

    @Test
    void formatOptionOverridesTheConfig() {
        answer(aResponse().withStatus(202));
        ServiceConfig<TeamsConfig> config = bind("enabled", true, "channel-url", url("/hook"),
                "format", "message-card");
        assertTrue(deliver(config, options("format", "adaptive-card"), SampleEvents.critical()).isDelivered());
        assertEquals(adaptiveCard("CRITICAL: [id]", "Attention", "message"), onlyRequest().getBodyAsString());
    }

    @ParameterizedTest
    @CsvSource({
            "https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d, true",
            "https://outlook.office.com/webhook/a/IncomingWebhook/b/c, true",
            "https://prod-12.westus.logic.azure.com:443/workflows/a/triggers/manual/paths/invoke?sig=x, false",
            "https://default1234.environment.api.powerplatform.com/powerautomate/automations/direct/x, false"})
    void autoPicksMessageCardOnlyForLegacyConnectorHosts(String url, boolean messageCard) {
        assertEquals(messageCard, TeamsRequest.isMessageCard("auto", URI.create(url)));
        assertTrue(TeamsRequest.isMessageCard("message-card", URI.create(url)));
        assertFalse(TeamsRequest.isMessageCard("adaptive-card", URI.create(url)));
    }

    // ---- responses ------------------------------------------------------------------------------------------

    @Nested
    class Responses {
        private final ServiceConfig<TeamsConfig> config = bind("enabled", true, "channel-url",
                url("/hook?sig=" + SIG));

        private HandlerResult result(ResponseDefinitionBuilder response) {
            answer(response);
            HandlerResult result = deliver(config, options(), SampleEvents.critical());
            if (result instanceof HandlerResult.Failed failed) {
                assertFalse(failed.reason().contains(SIG), failed::reason);
            }
            return result;
        }

        private HandlerResult.Failed fail(ResponseDefinitionBuilder response) {
            return assertInstanceOf(HandlerResult.Failed.class, result(response));
        }

        @Test
        void legacyConnectorHidesA429InA200() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(200).withHeader("Retry-After", "5").withBody(
                    "Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi,cv=x."));
            assertTrue(failed.retryable());
            assertEquals(Optional.of(Duration.ofSeconds(5)), failed.retryAfter());
            assertEquals("Teams connector error: Microsoft Teams endpoint returned HTTP error 429 with ContextId "
                    + "tcid=0,server=msgapi,cv=x.", failed.reason());
        }

        @Test
        void legacyConnectorOtherErrorsInA200ArePermanent() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(200).withBody("Summary or Text is required."));
            assertFalse(failed.retryable());
            assertEquals("Teams connector error: Summary or Text is required.", failed.reason());
            assertTrue(fail(aResponse().withStatus(200).withBody("Webhook message delivery failed with error: "
                    + "Microsoft Teams endpoint returned HTTP error 502")).retryable());
        }

        @Test
        void successBodies() {
            assertTrue(result(aResponse().withStatus(200).withBody("1")).isDelivered());
            assertTrue(result(aResponse().withStatus(200)).isDelivered());
            assertTrue(result(aResponse().withStatus(204)).isDelivered());
            assertTrue(result(aResponse().withStatus(202)).isDelivered());
        }

        @Test
        void workflowsErrorObjectIsTheReason() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(400).withBody(
                    "{\"error\":{\"code\":\"TriggerInputSchemaMismatch\",\"message\":\"The input body does not match\"}}"));
            assertFalse(failed.retryable());
            assertEquals("TriggerInputSchemaMismatch: The input body does not match", failed.reason());
        }

        @Test
        void kapacitorsErrorStringAndFailedToUnderstand() {
            assertEquals("bad", fail(aResponse().withStatus(401).withBody("{\"error\":\"bad\"}")).reason());
            HandlerResult.Failed failed = fail(aResponse().withStatus(503).withBody("busy"));
            assertTrue(failed.retryable());
            assertEquals("failed to understand Teams response. code: 503 content: busy", failed.reason());
        }
    }

    // ---- config, options, service test ----------------------------------------------------------------------

    @Test
    void validationMessagesHideTheUrl() {
        ConfigException missing = assertThrows(ConfigException.class, () -> bind("enabled", true));
        assertTrue(missing.getMessage().contains("must specify Teams channel webhook URL"), missing::getMessage);
        ConfigException format = assertThrows(ConfigException.class, () -> FACTORY.create(options("format", "card"),
                bind("channel-url", url("/a")), HandlerContext.standalone()));
        assertEquals(Optional.of("format"), format.key());
        String shown = FACTORY.configSchema().redactedValues(bind("channel-url", url("/a?sig=" + SIG)).elements()
                .get(0).config()).toString();
        assertFalse(shown.contains(SIG), shown);
        assertEquals(List.of("channel-url"), FACTORY.configSchema().secretKeys());
    }

    @Test
    void disabledServiceSendsNothing() {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(bind("channel-url", url("/a")), options(), SampleEvents.critical()));
        assertEquals("service is not enabled", failed.reason());
        assertEquals(0, teams.getAllServeEvents().size());
    }

    @Test
    void serviceTestSendsKapacitorsDefaultCardAndHonoursChannelUrl() throws Exception {
        answer(aResponse().withStatus(200).withBody("1"));
        ServiceConfig<TeamsConfig> config = bind("enabled", true, "channel-url", url("/config"),
                "format", "message-card");
        ServiceTest<?> test = FACTORY.serviceTest(config, HandlerContext.standalone()).orElseThrow();
        TeamsHandlerFactory.TestOptions defaults = (TeamsHandlerFactory.TestOptions) test.defaultOptions();
        assertEquals(new TeamsHandlerFactory.TestOptions(Secret.EMPTY, "test kapacitor alert topic", "foo/bar/bat",
                "test teams message", Level.CRITICAL), defaults);

        assertTrue(run(test, defaults).isDelivered());
        assertTrue(run(test, new TeamsHandlerFactory.TestOptions(Secret.of(url("/other")), "t", "", "hi",
                Level.WARNING)).isDelivered());

        teams.verify(1, postRequestedFor(urlEqualTo("/config")).withRequestBody(equalTo(messageCard(
                "CRITICAL: [foo/bar/bat]", "test teams message", "CRITICAL: [foo/bar/bat] - test teams message...",
                "CC4A31"))));
        teams.verify(1, postRequestedFor(urlEqualTo("/other")).withRequestBody(equalTo(messageCard(
                "WARNING: [t]", "hi", "WARNING: [t] - hi...", "FFA533"))));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> HandlerResult run(ServiceTest<T> test, Object options) throws Exception {
        return test.run((T) options).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}
