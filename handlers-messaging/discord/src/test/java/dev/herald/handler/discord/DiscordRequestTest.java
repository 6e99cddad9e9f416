package dev.herald.handler.discord;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
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

/** The exact requests of spec section 4 (Kapacitor's Discord service), sent to WireMock on loopback. */
class DiscordRequestTest {
    @RegisterExtension
    static WireMockExtension discord = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final DiscordHandlerFactory FACTORY = new DiscordHandlerFactory();
    private static final String TOKEN_PATH = "/api/webhooks/1234/hookS3cretToken";
    private static final String LOGO = DiscordHandlerFactory.INFLUX_LOGO;

    private static String url(String path) {
        return "http://127.0.0.1:" + discord.getPort() + path;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        discord.stubFor(any(anyUrl()).willReturn(response));
    }

    @SafeVarargs
    private static ServiceConfig<DiscordConfig> bind(Map<String, Object>... sections) {
        return ServiceConfig.bind(FACTORY, List.of(sections));
    }

    private static Map<String, Object> section(Object... keyValues) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }

    private static DiscordOptions options(Object... keyValues) {
        return FACTORY.optionsSchema().bind(section(keyValues));
    }

    private static HandlerResult deliver(ServiceConfig<DiscordConfig> config, DiscordOptions options,
            AlertEvent event) {
        try (Handler handler = FACTORY.create(options, config, HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static String body(String avatar, int color, String title, String description, String timestamp,
            String username) {
        return "{\"avatar_url\":\"" + avatar + "\",\"embeds\":[{\"color\":" + color + ",\"title\":\"" + title
                + "\",\"description\":\"" + description + "\",\"timestamp\":\"" + timestamp + "\"}],\"username\":\""
                + username + "\"}\n";
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = discord.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, all.size(), "requests received");
        return all.get(0);
    }

    // ---- worked examples ------------------------------------------------------------------------------------

    @Test
    void serverTestTopicHandlerWithOptions() {
        answer(aResponse().withStatus(204));
        ServiceConfig<DiscordConfig> config = bind(section("enabled", true, "url", url("/test/discord/url")));

        HandlerResult result = deliver(config, options("username", "Kapacitor", "avatar-url", LOGO,
                "embed-title", "Kapacitor Alert"), SampleEvents.critical());

        assertTrue(result.isDelivered(), result::toString);
        discord.verify(1, postRequestedFor(urlEqualTo("/test/discord/url"))
                .withRequestBody(equalTo("{\"avatar_url\":\"https://influxdata.github.io/branding/img/downloads/"
                        + "influxdata-logo--symbol--pool-alpha.png\",\"embeds\":[{\"color\":16342867,\"title\":"
                        + "\"Kapacitor Alert\",\"description\":\"message\",\"timestamp\":\"\"}],"
                        + "\"username\":\"Kapacitor\"}\n"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", absent()));
        assertEquals(1, discord.getAllServeEvents().size());
    }

    @Test
    void streamerTestTwoWorkspaces() {
        answer(aResponse().withStatus(204));
        // Two elements need names (Kapacitor's "id must not be empty"), so the default one is named here.
        assertTrue(assertThrows(ConfigException.class, () -> bind(
                section("default", true, "enabled", true, "url", url("/test/discord/url")),
                section("workspace", "company_private", "enabled", true, "url", url("/test/discord/url2"))))
                .getMessage().contains("id must not be empty"));
        ServiceConfig<DiscordConfig> named = bind(
                section("workspace", "default", "default", true, "enabled", true, "url", url("/test/discord/url")),
                section("workspace", "company_private", "enabled", true, "username", "comp testy",
                        "url", url("/test/discord/url2")));
        AlertEvent event = SampleEvents.cpuCritical();
        assertTrue(deliver(named, options("workspace", "company_private"), event).isDelivered());
        assertTrue(deliver(named, options("username", "testy"), event).isDelivered());

        String message = "kapacitor/cpu/serverA is CRITICAL";
        discord.verify(1, postRequestedFor(urlEqualTo("/test/discord/url2"))
                .withRequestBody(equalTo(body("", 16342867, "", message, "", "comp testy"))));
        discord.verify(1, postRequestedFor(urlEqualTo("/test/discord/url"))
                .withRequestBody(equalTo(body("", 16342867, "", message, "", "testy"))));
        assertEquals(2, discord.getAllServeEvents().size());
    }

    @Test
    void recoveryWithTemplateTitleAndTimestamp() {
        answer(aResponse().withStatus(204));
        ServiceConfig<DiscordConfig> config = bind(section("enabled", true, "url", url(TOKEN_PATH),
                "timestamp", true, "username", "cfg", "avatar-url", "https://example.com/cfg.png"));
        AlertEvent ok = SampleEvents.cpuCritical();
        ok = new AlertEvent(ok.topic(), ok.id(), "kapacitor/cpu/serverA is OK", ok.details(),
                Instant.parse("1971-01-01T00:00:10.250Z"), ok.duration(), Level.OK, Level.CRITICAL, ok.data());

        assertTrue(deliver(config, options("embed-title", "{{ .Level }}: {{ index .Tags \"host\" }} <{{ .TaskName }}>"),
                ok).isDelivered());

        assertEquals(body("https://example.com/cfg.png", 8021490, "OK: serverA \\u003ctestStreamAlert\\u003e",
                "kapacitor/cpu/serverA is OK", "1971-01-01T00:00:10Z", "cfg"), onlyRequest().getBodyAsString());
        assertEquals(TOKEN_PATH, onlyRequest().getUrl());
    }

    @ParameterizedTest
    @CsvSource({"OK,8021490", "INFO,8021490", "WARNING,16026936", "CRITICAL,16342867"})
    void levelPicksTheColour(Level level, int color) {
        answer(aResponse().withStatus(204));
        assertTrue(deliver(bind(section("enabled", true, "url", url("/hook"))), options(),
                SampleEvents.event(level, "m")).isDelivered());
        assertEquals(body("", color, "", "m", "", ""), onlyRequest().getBodyAsString());
    }

    @Test
    void optionsOverrideConfigAndConfigEmbedTitleIsUsedWhenNoneIsGiven() {
        answer(aResponse().withStatus(204));
        ServiceConfig<DiscordConfig> config = bind(section("enabled", true, "url", url("/hook"),
                "username", "cfgbot", "avatar-url", "https://example.com/cfg.png", "embed-title", "cfg {{ .ID }}"));

        assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());
        assertTrue(deliver(config, options("username", "opt", "avatar-url", "https://example.com/o.png",
                "embed-title", "opt {{ .Message }}"), SampleEvents.critical()).isDelivered());

        List<LoggedRequest> all = discord.findAll(postRequestedFor(urlEqualTo("/hook")));
        assertEquals(2, all.size());
        assertEquals(body("https://example.com/cfg.png", 16342867, "cfg id", "message", "", "cfgbot"),
                all.get(0).getBodyAsString());
        assertEquals(body("https://example.com/o.png", 16342867, "opt message", "message", "", "opt"),
                all.get(1).getBodyAsString());
    }

    // ---- beyond Kapacitor: wait, limits ---------------------------------------------------------------------

    @Test
    void waitAddsTheQueryParameterAndA200IsDelivered() {
        answer(aResponse().withStatus(200).withBody("{\"id\":\"1\",\"type\":0}"));
        ServiceConfig<DiscordConfig> config = bind(section("enabled", true, "url", url(TOKEN_PATH + "?thread_id=9"),
                "wait", true));
        assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());
        assertEquals(TOKEN_PATH + "?thread_id=9&wait=true", onlyRequest().getUrl());
    }

    @Test
    void withoutWaitTheUrlIsSentVerbatim() {
        answer(aResponse().withStatus(204));
        assertTrue(deliver(bind(section("enabled", true, "url", url(TOKEN_PATH))), options(),
                SampleEvents.critical()).isDelivered());
        assertEquals(TOKEN_PATH, onlyRequest().getUrl());
    }

    @Test
    void overlongTitleDescriptionAndUsernameAreCutWithAMarker() {
        String title = "t".repeat(300);
        String text = "\uD83D\uDD25".repeat(5000); // a character outside the BMP is one character, never split
        String body = DiscordRequest.body(new DiscordRequest.Message("u".repeat(100), "", title, text,
                Level.CRITICAL, ""));
        assertEquals(body("", 16342867, "t".repeat(255) + "\u2026", "\uD83D\uDD25".repeat(4095) + "\u2026", "",
                "u".repeat(79) + "\u2026"), body);
        String exact = "x".repeat(256);
        assertEquals(exact, DiscordRequest.fit(exact, 256));
    }

    // ---- responses ------------------------------------------------------------------------------------------

    @Nested
    class Responses {
        private final ServiceConfig<DiscordConfig> config = bind(section("enabled", true, "url", url(TOKEN_PATH)));

        private HandlerResult.Failed fail(ResponseDefinitionBuilder response) {
            answer(response);
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                    deliver(config, options(), SampleEvents.critical()));
            assertFalse(failed.reason().contains("hookS3cretToken"), failed::reason);
            return failed;
        }

        @Test
        void rateLimitHonoursTheJsonRetryAfter() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(429).withHeader("Retry-After", "3")
                    .withBody("{\"message\":\"You are being rate limited.\",\"retry_after\":1.2345,\"global\":false}"));
            assertTrue(failed.retryable());
            assertEquals(Optional.of(Duration.ofMillis(1235)), failed.retryAfter());
            assertEquals("You are being rate limited.", failed.reason());
        }

        @Test
        void rateLimitWithoutJsonFallsBackToTheHeader() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(429).withHeader("Retry-After", "3"));
            assertTrue(failed.retryable());
            assertEquals(Optional.of(Duration.ofSeconds(3)), failed.retryAfter());
        }

        @ParameterizedTest
        @CsvSource({"401,Invalid Webhook Token,50027", "403,Missing Access,50001", "404,Unknown Webhook,10015"})
        void unauthorizedForbiddenAndNotFoundArePermanentWithDiscordsText(int status, String message, int code) {
            HandlerResult.Failed failed = fail(aResponse().withStatus(status)
                    .withBody("{\"message\": \"" + message + "\", \"code\": " + code + "}"));
            assertFalse(failed.retryable());
            assertEquals(message + " (Discord error code " + code + ")", failed.reason());
        }

        @Test
        void kapacitorsErrorFieldWins() {
            assertEquals("bad things", fail(aResponse().withStatus(400).withBody("{\"error\":\"bad things\"}"))
                    .reason());
        }

        @Test
        void serverErrorIsRetryableAndUnreadableBodyIsFailedToUnderstand() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(502).withBody("<html>bad gateway</html>"));
            assertTrue(failed.retryable());
            assertEquals("failed to understand Discord response. code: 502 content: <html>bad gateway</html>",
                    failed.reason());
        }

        @Test
        void otherSuccessStatusesAreNotDelivered() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(202));
            assertFalse(failed.retryable());
            assertEquals("failed to understand Discord response. code: 202 content: ", failed.reason());
        }
    }

    // ---- workspaces, validation, templates ------------------------------------------------------------------

    @Test
    void unknownWorkspaceAndMissingConfigAndDisabled() {
        ServiceConfig<DiscordConfig> config = bind(section("workspace", "main", "enabled", true, "url", url("/a")));
        assertEquals("workspace id not found", ((HandlerResult.Failed) deliver(config,
                options("workspace", "nope"), SampleEvents.critical())).reason());
        assertEquals("no discord configuration found", ((HandlerResult.Failed) deliver(ServiceConfig.of(List.of()),
                options(), SampleEvents.critical())).reason());
        assertEquals("service is not enabled", ((HandlerResult.Failed) deliver(bind(section("url", url("/a"))),
                options(), SampleEvents.critical())).reason());
        assertEquals(0, discord.getAllServeEvents().size());
    }

    @Test
    void configValidationUsesKapacitorsMessagesWithoutTheSecretUrl() {
        assertTrue(assertThrows(ConfigException.class, () -> bind(section("enabled", true))).getMessage()
                .contains("Must specify the Discord channel webhook URL"));
        ConfigException badAvatar = assertThrows(ConfigException.class, () -> bind(section("url", url("/a"),
                "avatar-url", "not a url")));
        assertTrue(badAvatar.getMessage().contains("invalid url \"not a url\""), badAvatar::getMessage);
        assertTrue(assertThrows(ConfigException.class, () -> bind(
                section("workspace", "a", "default", true, "url", url("/a")),
                section("workspace", "b", "global", true, "url", url("/b")))).getMessage()
                .contains("only the default config may be assigned as global"));
        assertTrue(assertThrows(ConfigException.class, () -> bind(section("url", url("/a"),
                "state-changes-only", true))).getMessage()
                .contains("stateChangesOnly may only be assigned when the config is both default and global"));
        assertTrue(assertThrows(ConfigException.class, () -> bind(
                section("workspace", "a", "url", url("/a")), section("workspace", "b", "url", url("/b"))))
                .getMessage().contains("at least one Discord config must be set as default"));
        ConfigException template = assertThrows(ConfigException.class, () -> bind(section("url", url("/a"),
                "embed-title", "{{ .ID ")));
        assertEquals(Optional.of("embed-title"), template.key(), template::getMessage);
        bind(section("url", url("/a"), "global", true, "state-changes-only", true));
        String shown = FACTORY.configSchema().redactedValues(bind(section("url", url(TOKEN_PATH))).elements()
                .get(0).config()).toString();
        assertFalse(shown.contains("hookS3cretToken"), shown);
    }

    @Test
    void badEmbedTitleTemplateFailsWhenTheHandlerIsCreated() {
        ConfigException e = assertThrows(ConfigException.class, () -> FACTORY.create(
                options("embed-title", "{{ if }}"), bind(section("url", url("/a"))), HandlerContext.standalone()));
        assertEquals(Optional.of("embed-title"), e.key(), e::getMessage);
    }

    @Test
    void embedTitleRenderErrorFailsTheEventPermanently() {
        answer(aResponse().withStatus(204));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, deliver(
                bind(section("enabled", true, "url", url("/a"))), options("embed-title", "{{ index .ID 5 }}"),
                SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertTrue(failed.reason().startsWith("failed to render embed-title template"), failed::reason);
        assertEquals(0, discord.getAllServeEvents().size());
    }

    // ---- service test ---------------------------------------------------------------------------------------

    @Test
    void serviceTestSendsKapacitorsDefaultsWithTheTimestamp() throws Exception {
        answer(aResponse().withStatus(204));
        ServiceConfig<DiscordConfig> config = bind(
                section("workspace", "team", "default", true, "enabled", true, "url", url("/team")),
                section("workspace", "other", "enabled", true, "url", url("/other")));
        ServiceTest<?> test = FACTORY.serviceTest(config, HandlerContext.standalone()).orElseThrow();
        DiscordHandlerFactory.TestOptions defaults = (DiscordHandlerFactory.TestOptions) test.defaultOptions();
        assertEquals(new DiscordHandlerFactory.TestOptions("team", "test discord message", Level.INFO, "Kapacitor",
                LOGO, "Kapacitor Alert", "1970-01-01T00:00:01Z"), defaults);
        assertEquals(Map.of("workspace", "team", "message", "test discord message", "level", "INFO",
                "username", "Kapacitor", "avatar-url", LOGO, "embed-title", "Kapacitor Alert",
                "time-val", "1970-01-01T00:00:01Z"),
                Map.copyOf(FACTORY.serviceTest(config, HandlerContext.standalone()).orElseThrow().optionsSchema()
                        .revealedValues(cast(defaults))));

        HandlerResult result = run(test, defaults);

        assertTrue(result.isDelivered(), result::toString);
        assertEquals("/team", onlyRequest().getUrl());
        assertEquals(body(LOGO, 8021490, "Kapacitor Alert", "test discord message", "1970-01-01T00:00:01Z",
                "Kapacitor"), onlyRequest().getBodyAsString());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> T cast(Object o) {
        return (T) o;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> HandlerResult run(ServiceTest<T> test, Object options) throws Exception {
        return test.run((T) options).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}
