package dev.herald.handler.slack;

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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ConfigKey;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.config.Secret;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact requests of spec section 2 (Kapacitor's Slack service), sent to WireMock on loopback. */
class SlackRequestTest {
    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final SlackHandlerFactory FACTORY = new SlackHandlerFactory();
    private static final String HOOK_TOKEN = "T000/B000/XXXXhooksecret";
    private static final String BOT_TOKEN = "xoxb-my-bot-secret";

    /** server_test: the payload of {@code message} at CRITICAL with channel #test and username kapacitor. */
    private static final String SERVER_TEST_BODY = "{\"attachments\":[{\"fallback\":\"message\",\"color\":\"danger\","
            + "\"text\":\"message\",\"mrkdwn_in\":[\"text\"]}],\"channel\":\"#test\",\"icon_emoji\":\"\",\"text\":\"\","
            + "\"username\":\"kapacitor\"}\n";

    private static String url(String path) {
        return "http://127.0.0.1:" + slack.getPort() + path;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        slack.stubFor(any(anyUrl()).willReturn(response));
    }

    @SafeVarargs
    private static ServiceConfig<SlackConfig> bind(Map<String, Object>... sections) {
        return ServiceConfig.bind(FACTORY, List.of(sections));
    }

    private static Map<String, Object> section(Object... keyValues) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }

    private static SlackOptions options(Object... keyValues) {
        return FACTORY.optionsSchema().bind(section(keyValues));
    }

    private static HandlerResult deliver(ServiceConfig<SlackConfig> config, SlackOptions options, AlertEvent event) {
        return deliver(config, options, event, HandlerContext.standalone());
    }

    private static HandlerResult deliver(ServiceConfig<SlackConfig> config, SlackOptions options, AlertEvent event,
            HandlerContext context) {
        try (Handler handler = FACTORY.create(options, config, context)) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static String body(String channel, String iconEmoji, String username, String message, String color) {
        return "{\"attachments\":[{\"fallback\":" + json(message) + ",\"color\":\"" + color + "\",\"text\":"
                + json(message) + ",\"mrkdwn_in\":[\"text\"]}],\"channel\":" + json(channel) + ",\"icon_emoji\":"
                + json(iconEmoji) + ",\"text\":\"\",\"username\":" + json(username) + "}\n";
    }

    private static String json(String text) {
        return "\"" + text + "\"";
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = slack.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, all.size(), "requests received");
        return all.get(0);
    }

    // ---- worked examples ------------------------------------------------------------------------------------

    @Test
    void serverTestTopicHandlerOnTheBuiltInWorkspace() {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(section("enabled", true, "url", url("/test/slack/url")));

        HandlerResult result = deliver(config, options("channel", "#test"), SampleEvents.critical());

        assertTrue(result.isDelivered(), result::toString);
        slack.verify(1, postRequestedFor(urlEqualTo("/test/slack/url"))
                .withRequestBody(equalTo(SERVER_TEST_BODY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", absent()));
        assertEquals(1, slack.getAllServeEvents().size());
    }

    @Test
    void streamerTestTwoWorkspacesRoutedByWorkspaceOption() {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(
                section("workspace", "company_public", "default", true, "enabled", true,
                        "url", url("/test/slack/url"), "channel", "#channel"),
                section("workspace", "company_private", "enabled", true, "url", url("/test/slack/url2"),
                        "token", "my_secret_token", "channel", "#channel"));
        AlertEvent event = SampleEvents.cpuCritical();

        // .slack().workspace('company_private').channel('#alerts') and .slack().channel('@jim')
        assertTrue(deliver(config, options("workspace", "company_private", "channel", "#alerts"), event)
                .isDelivered());
        assertTrue(deliver(config, options("channel", "@jim"), event).isDelivered());

        String message = "kapacitor/cpu/serverA is CRITICAL";
        slack.verify(1, postRequestedFor(urlEqualTo("/test/slack/url2"))
                .withRequestBody(equalTo(body("#alerts", "", "kapacitor", message, "danger")))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", equalTo("Bearer my_secret_token")));
        slack.verify(1, postRequestedFor(urlEqualTo("/test/slack/url"))
                .withRequestBody(equalTo(body("@jim", "", "kapacitor", message, "danger")))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", absent()));
        assertEquals(2, slack.getAllServeEvents().size());
    }

    @Test
    void webhookUrlIsUsedVerbatimIncludingQuery() {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(section("enabled", true,
                "url", url("/services/" + HOOK_TOKEN + "?team=ops&x=a%20b")));

        assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());

        assertEquals("/services/" + HOOK_TOKEN + "?team=ops&x=a%20b", onlyRequest().getUrl());
    }

    @Test
    void htmlCharactersAreEscapedAsGoDoes() {
        SlackConfig workspace = FACTORY.configSchema().bind(section("enabled", true, "url", url("/x")));
        String text = SlackRequest.body(workspace, options(), "cpu <90% & > 80% — \u2028ok", Level.WARNING);
        assertEquals("{\"attachments\":[{\"fallback\":\"cpu \\u003c90% \\u0026 \\u003e 80% — \\u2028ok\","
                + "\"color\":\"warning\",\"text\":\"cpu \\u003c90% \\u0026 \\u003e 80% — \\u2028ok\","
                + "\"mrkdwn_in\":[\"text\"]}],\"channel\":\"\",\"icon_emoji\":\"\",\"text\":\"\","
                + "\"username\":\"kapacitor\"}\n", text);
    }

    @ParameterizedTest
    @CsvSource({"OK,good", "INFO,good", "WARNING,warning", "CRITICAL,danger"})
    void levelPicksTheAttachmentColour(Level level, String color) {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(section("enabled", true, "url", url("/hook")));

        assertTrue(deliver(config, options(), SampleEvents.event(level, "m")).isDelivered());

        slack.verify(postRequestedFor(urlEqualTo("/hook"))
                .withRequestBody(equalTo(body("", "", "kapacitor", "m", color))));
    }

    // ---- option → config fallbacks --------------------------------------------------------------------------

    @Test
    void emptyOptionsFallBackToTheWorkspaceConfig() {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(section("enabled", true, "url", url("/hook"),
                "channel", "#general", "username", "alertbot", "icon-emoji", ":chart_with_upwards_trend:"));

        assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());

        slack.verify(postRequestedFor(urlEqualTo("/hook")).withRequestBody(
                equalTo(body("#general", ":chart_with_upwards_trend:", "alertbot", "message", "danger"))));
    }

    @ParameterizedTest
    @CsvSource({
            "channel,    #ops,      #ops,     :cfg:,    cfgbot",
            "username,   opsbot,    #general, :cfg:,    opsbot",
            "icon-emoji, :fire:,    #general, :fire:,   cfgbot"})
    void eachOptionOverridesOnlyItsConfigValue(String option, String value, String channel, String emoji,
            String username) {
        SlackConfig workspace = FACTORY.configSchema().bind(section("enabled", true, "url", url("/hook"),
                "channel", "#general", "username", "cfgbot", "icon-emoji", ":cfg:"));
        assertEquals(body(channel, emoji, username, "message", "danger"),
                SlackRequest.body(workspace, options(option, value), "message", Level.CRITICAL));
    }

    @Test
    void workspaceOptionFallsBackToTheDefaultWorkspace() {
        ServiceConfig<SlackConfig> config = bind(
                section("workspace", "a", "enabled", true, "url", url("/a"), "channel", "#a"),
                section("workspace", "b", "default", true, "enabled", true, "url", url("/b"), "channel", "#b"));
        assertEquals("b", SlackRequest.workspace(config, "").name());
        assertEquals("a", SlackRequest.workspace(config, "a").name());
    }

    @Test
    void unsetEverythingSendsEmptyStringsNotMissingKeys() {
        SlackConfig workspace = FACTORY.configSchema().bind(section("enabled", true, "url", url("/hook"),
                "username", ""));
        assertEquals(body("", "", "", "message", "danger"),
                SlackRequest.body(workspace, options(), "message", Level.CRITICAL));
    }

    // ---- workspaces -----------------------------------------------------------------------------------------

    @Test
    void unknownWorkspaceFailsPermanentlyWithoutARequest() {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(section("workspace", "main", "enabled", true, "url", url("/a")));

        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config, options("workspace", "nope"), SampleEvents.critical()));

        assertEquals("workspace id not found", failed.reason());
        assertFalse(failed.retryable());
        assertEquals(0, slack.getAllServeEvents().size());
    }

    @Test
    void noWorkspaceAtAllIsNoSlackConfigurationFound() {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(ServiceConfig.of(List.of()), options(), SampleEvents.critical()));
        assertEquals("no slack configuration found", failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void disabledWorkspaceIsNotEnabledEvenWhenAnotherIs() {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(
                section("workspace", "on", "default", true, "enabled", true, "url", url("/on")),
                section("workspace", "off", "enabled", false, "url", url("/off")));

        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config, options("workspace", "off"), SampleEvents.critical()));

        assertEquals("service is not enabled", failed.reason());
        assertTrue(deliver(config, options("workspace", "on"), SampleEvents.critical()).isDelivered());
        assertEquals(1, slack.getAllServeEvents().size());
    }

    @Test
    void configIsReadAtSendTime() {
        answer(aResponse().withStatus(200));
        List<ServiceElement<SlackConfig>> current = new ArrayList<>(
                bind(section("enabled", true, "url", url("/first"))).elements());
        ServiceConfig<SlackConfig> live = () -> List.copyOf(current);
        try (Handler handler = FACTORY.create(options(), live, HandlerContext.standalone())) {
            assertTrue(handler.handle(SampleEvents.critical()).toCompletableFuture().get(15, TimeUnit.SECONDS)
                    .isDelivered());
            current.clear();
            current.addAll(bind(section("enabled", true, "url", url("/second"), "channel", "#new")).elements());
            assertTrue(handler.handle(SampleEvents.critical()).toCompletableFuture().get(15, TimeUnit.SECONDS)
                    .isDelivered());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        slack.verify(1, postRequestedFor(urlEqualTo("/first")));
        slack.verify(1, postRequestedFor(urlEqualTo("/second"))
                .withRequestBody(equalTo(body("#new", "", "kapacitor", "message", "danger"))));
    }

    // ---- responses ------------------------------------------------------------------------------------------

    @Nested
    class Responses {
        private final ServiceConfig<SlackConfig> config = bind(section("enabled", true,
                "url", url("/services/" + HOOK_TOKEN), "token", BOT_TOKEN));

        private HandlerResult.Failed fail(ResponseDefinitionBuilder response) {
            answer(response);
            HandlerResult result = deliver(config, options(), SampleEvents.critical());
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
            assertFalse(failed.reason().contains(HOOK_TOKEN), failed::reason);
            assertFalse(failed.reason().contains("hooksecret"), failed::reason);
            assertFalse(failed.reason().contains(BOT_TOKEN), failed::reason);
            return failed;
        }

        @Test
        void serverErrorWithJsonErrorIsRetryableWithSlacksText() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}"));
            assertEquals("boom", failed.reason());
            assertTrue(failed.retryable());
            assertEquals(Optional.empty(), failed.retryAfter());
        }

        @Test
        void nonJsonErrorBodyIsFailedToUnderstand() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(500).withBody("<html>oops</html>"));
            assertEquals("failed to understand Slack response. code: 500 content: <html>oops</html>",
                    failed.reason());
            assertTrue(failed.retryable());
        }

        @Test
        void jsonWithoutAnErrorStringIsFailedToUnderstand() {
            assertEquals("failed to understand Slack response. code: 500 content: {\"ok\":false}",
                    fail(aResponse().withStatus(500).withBody("{\"ok\":false}")).reason());
            assertEquals("failed to understand Slack response. code: 502 content: {\"error\":5}",
                    fail(aResponse().withStatus(502).withBody("{\"error\":5}")).reason());
            assertEquals("failed to understand Slack response. code: 500 content: {\"error\":\"\"}",
                    fail(aResponse().withStatus(500).withBody("{\"error\":\"\"}")).reason());
        }

        @Test
        void tooManyRequestsIsRetryableAfterRetryAfter() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(429).withHeader("Retry-After", "30")
                    .withBody("{\"ok\":false,\"error\":\"ratelimited\"}"));
            assertEquals("ratelimited", failed.reason());
            assertTrue(failed.retryable());
            assertEquals(Optional.of(Duration.ofSeconds(30)), failed.retryAfter());
        }

        @Test
        void legacyWebhookPlainTextErrorsArePermanent() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(400).withBody("invalid_payload"));
            assertEquals("failed to understand Slack response. code: 400 content: invalid_payload",
                    failed.reason());
            assertFalse(failed.retryable());
            HandlerResult.Failed gone = fail(aResponse().withStatus(404).withBody("no_service"));
            assertEquals("failed to understand Slack response. code: 404 content: no_service", gone.reason());
            assertFalse(gone.retryable());
        }

        @Test
        void onlyStatus200IsSuccess() {
            HandlerResult.Failed failed = fail(aResponse().withStatus(204));
            assertEquals("failed to understand Slack response. code: 204 content: ", failed.reason());
            assertFalse(failed.retryable());
        }

        @Test
        void status200IsSuccessWhateverTheBodySays() {
            // As in Kapacitor: chat.postMessage answers 200 {"ok":false,...} for most errors, and the body is not read.
            answer(aResponse().withStatus(200).withBody("{\"ok\":false,\"error\":\"not_in_channel\"}"));
            assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());
        }

        @Test
        void timeoutIsRetryable() {
            answer(aResponse().withStatus(200).withFixedDelay(2_000));
            HandlerResult result = deliver(config, options(), SampleEvents.critical(),
                    HandlerContext.standalone().withRequestTimeout(Duration.ofMillis(200)));
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
            assertEquals("timed out waiting for Slack", failed.reason());
            assertTrue(failed.retryable());
        }

        @Test
        void appTokenIsSentAsBearer() {
            answer(aResponse().withStatus(200));
            assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());
            assertEquals("Bearer " + BOT_TOKEN, onlyRequest().getHeader("Authorization"));
        }
    }

    // ---- service test ---------------------------------------------------------------------------------------

    @Test
    void serviceTestDefaultsComeFromTheDefaultWorkspace() {
        ServiceConfig<SlackConfig> config = bind(
                section("workspace", "team", "default", true, "enabled", true, "url", url("/team"),
                        "channel", "#general", "username", "cfgbot"),
                section("workspace", "other", "enabled", true, "url", url("/other"), "channel", "#other"));
        ServiceTest<?> test = FACTORY.serviceTest(config, HandlerContext.standalone()).orElseThrow();

        assertEquals(new SlackHandlerFactory.TestOptions("team", "#general", "test slack message", Level.CRITICAL,
                "", ""), test.defaultOptions());
        Map<String, Object> listed = new TreeMap<>(listed(test));
        assertEquals(Map.of("workspace", "team", "channel", "#general", "message", "test slack message",
                "level", "CRITICAL", "username", "", "icon-emoji", ""), listed);
    }

    private static <T extends Record> Map<String, Object> listed(ServiceTest<T> test) {
        return test.optionsSchema().redactedValues(test.defaultOptions());
    }

    @Test
    void serviceTestSendsTheNormalRequest() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(section("enabled", true, "url", url("/test/slack/url"),
                "channel", "#general", "icon-emoji", ":bell:"));
        @SuppressWarnings("unchecked")
        ServiceTest<SlackHandlerFactory.TestOptions> test = (ServiceTest<SlackHandlerFactory.TestOptions>)
                FACTORY.serviceTest(config, HandlerContext.standalone()).orElseThrow();

        HandlerResult result = test.run(test.defaultOptions()).toCompletableFuture().get(15, TimeUnit.SECONDS);

        assertTrue(result.isDelivered(), result::toString);
        slack.verify(1, postRequestedFor(urlEqualTo("/test/slack/url"))
                .withRequestBody(equalTo(body("#general", ":bell:", "kapacitor", "test slack message", "danger")))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void serviceTestOptionsDecodeOnTopOfTheDefaults() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceConfig<SlackConfig> config = bind(
                section("workspace", "team", "default", true, "enabled", true, "url", url("/team")),
                section("workspace", "app", "enabled", true, "url", url("/app"), "token", BOT_TOKEN));
        @SuppressWarnings("unchecked")
        ServiceTest<SlackHandlerFactory.TestOptions> test = (ServiceTest<SlackHandlerFactory.TestOptions>)
                FACTORY.serviceTest(config, HandlerContext.standalone()).orElseThrow();
        ConfigSchema<SlackHandlerFactory.TestOptions> schema = test.optionsSchema();
        SlackHandlerFactory.TestOptions given = schema.bind(
                Map.of("workspace", "app", "level", "WARNING", "username", "tester"),
                schema.revealedValues(test.defaultOptions()));

        assertTrue(test.run(given).toCompletableFuture().get(15, TimeUnit.SECONDS).isDelivered());

        slack.verify(1, postRequestedFor(urlEqualTo("/app"))
                .withRequestBody(equalTo(body("", "", "tester", "test slack message", "warning")))
                .withHeader("Authorization", equalTo("Bearer " + BOT_TOKEN)));
    }

    // ---- config ---------------------------------------------------------------------------------------------

    @Test
    void configKeysAndDefaultsAreKapacitors() {
        ConfigSchema<SlackConfig> schema = FACTORY.configSchema();
        assertEquals(List.of("enabled", "default", "workspace", "url", "token", "channel", "username", "icon-emoji",
                "global", "state-changes-only", "ssl-ca", "ssl-cert", "ssl-key", "insecure-skip-verify"),
                schema.keys().stream().map(ConfigKey::name).toList());
        assertEquals(Optional.of("workspace"), schema.elementKey());
        assertEquals(List.of("url", "token"), schema.secretKeys());
        Map<String, Object> defaults = new TreeMap<>(schema.redactedValues(schema.defaults()));
        Map<String, Object> expected = new TreeMap<>();
        expected.putAll(Map.of("enabled", false, "default", false, "workspace", "", "url", false, "token", false,
                "channel", "", "username", "kapacitor", "icon-emoji", "", "global", false,
                "state-changes-only", false));
        expected.putAll(Map.of("ssl-ca", "", "ssl-cert", "", "ssl-key", "", "insecure-skip-verify", false));
        assertEquals(expected, defaults);
    }

    @Test
    void builtInSectionIsOneDefaultWorkspaceNamedEmpty() {
        ServiceConfig<SlackConfig> config = ServiceConfig.bind(FACTORY, List.of());
        assertEquals(1, config.elements().size());
        ServiceElement<SlackConfig> only = config.elements().get(0);
        assertEquals("", only.name());
        assertTrue(only.isDefault());
        assertFalse(only.enabled());
        assertEquals("kapacitor", only.config().username());
    }

    @Test
    void optionNamesAndTickScriptProperties() {
        ConfigSchema<SlackOptions> schema = FACTORY.optionsSchema();
        assertEquals(List.of("workspace", "channel", "username", "icon-emoji"),
                schema.keys().stream().map(ConfigKey::name).toList());
        assertEquals(List.of("workspace", "channel", "username", "iconEmoji"),
                schema.keys().stream().map(k -> k.property().orElseThrow()).toList());
        assertEquals("slack", FACTORY.kind());
        assertEquals("slack", FACTORY.tickName());
        assertEquals("slack", FACTORY.section());
        ConfigException error = assertThrows(ConfigException.class, () -> options("icon_emoji", ":x:"));
        assertEquals("icon_emoji", error.key().orElseThrow());
    }

    @Test
    void configApiReadBackRedactsUrlAndToken() throws Exception {
        ConfigSchema<SlackConfig> schema = FACTORY.configSchema();
        SlackConfig added = schema.bind(section("workspace", "company_private", "enabled", true, "global", false,
                "channel", "#general", "username", "kapacitor", "url", "http://slack.example.com/secret-token",
                "token", "my_other_secret"));
        Map<String, Object> shown = schema.redactedValues(added);
        String json = new ObjectMapper().writeValueAsString(new TreeMap<>(shown));
        assertEquals("{\"channel\":\"#general\",\"default\":false,\"enabled\":true,\"global\":false,"
                + "\"icon-emoji\":\"\",\"insecure-skip-verify\":false,\"ssl-ca\":\"\",\"ssl-cert\":\"\","
                + "\"ssl-key\":\"\",\"state-changes-only\":false,\"token\":true,\"url\":true,"
                + "\"username\":\"kapacitor\",\"workspace\":\"company_private\"}", json);
        assertFalse(added.toString().contains("secret-token"), added::toString);
        assertFalse(added.toString().contains("my_other_secret"), added::toString);
    }

    @Nested
    class Validation {
        private ConfigException rejected(List<Map<String, Object>> sections) {
            return assertThrows(ConfigException.class, () -> ServiceConfig.bind(FACTORY, sections));
        }

        @Test
        void enabledWithoutUrl() {
            ConfigException error = rejected(List.of(section("enabled", true)));
            assertTrue(error.getMessage().contains("must specify url"), error::getMessage);
            assertEquals(Optional.of("url"), error.key());
            // A disabled workspace needs no url.
            assertEquals(1, ServiceConfig.bind(FACTORY, List.of(section("enabled", false))).elements().size());
        }

        @Test
        void invalidUrlNeverShowsTheUrl() {
            String bad = "slack.example.com/services/" + HOOK_TOKEN;
            ConfigException onBind = rejected(List.of(section("enabled", true, "url", bad)));
            assertEquals(Optional.of("url"), onBind.key());
            assertFalse(onBind.getMessage().contains("hooksecret"), onBind::getMessage);

            // A record built in code skips binding; the section rule still catches it.
            SlackConfig built = new SlackConfig(true, true, "", Secret.of("ftp://h/" + HOOK_TOKEN), Secret.EMPTY,
                    "", "kapacitor", "", false, false, "", "", "", false);
            ConfigException onValidate = assertThrows(ConfigException.class, () -> FACTORY.validateConfig(
                    List.of(new ServiceElement<>("", true, true, built))));
            assertTrue(onValidate.getMessage().contains("invalid url"), onValidate::getMessage);
            assertFalse(onValidate.getMessage().contains("hooksecret"), onValidate::getMessage);
        }

        @Test
        void workspaceIdRequiredWithSeveralElements() {
            ConfigException error = rejected(List.of(
                    section("workspace", "a", "default", true, "enabled", true, "url", url("/a")),
                    section("enabled", true, "url", url("/b"))));
            assertTrue(error.getMessage().contains("id must not be empty"), error::getMessage);
        }

        @Test
        void onlyTheDefaultMayBeGlobal() {
            ConfigException error = rejected(List.of(
                    section("workspace", "a", "default", true, "enabled", true, "url", url("/a")),
                    section("workspace", "b", "enabled", true, "url", url("/b"), "global", true)));
            assertTrue(error.getMessage().contains("only the default config may be assigned as global"),
                    error::getMessage);
            assertTrue(error.getMessage().contains("\"b\""), error::getMessage);
        }

        @Test
        void stateChangesOnlyNeedsDefaultAndGlobal() {
            ConfigException notGlobal = rejected(List.of(
                    section("enabled", true, "url", url("/a"), "state-changes-only", true)));
            assertTrue(notGlobal.getMessage().contains(
                    "stateChangesOnly may only be assigned when the config is both default and global"),
                    notGlobal::getMessage);
            ConfigException notDefault = rejected(List.of(
                    section("workspace", "a", "default", true, "enabled", true, "url", url("/a")),
                    section("workspace", "b", "enabled", true, "url", url("/b"), "state-changes-only", true)));
            assertEquals(Optional.of("state-changes-only"), notDefault.key());
            // A single element is the default even without the key, so global + state-changes-only is fine.
            ServiceConfig<SlackConfig> ok = ServiceConfig.bind(FACTORY, List.of(
                    section("enabled", true, "url", url("/a"), "global", true, "state-changes-only", true)));
            assertTrue(ok.defaultElement().orElseThrow().config().stateChangesOnly());
        }

        @Test
        void atLeastOneDefault() {
            ConfigException error = rejected(List.of(
                    section("workspace", "a", "enabled", true, "url", url("/a")),
                    section("workspace", "b", "enabled", true, "url", url("/b"))));
            assertTrue(error.getMessage().contains("at least one Slack config must be set as default"),
                    error::getMessage);
        }

        @Test
        void validSeveralWorkspaces() {
            ServiceConfig<SlackConfig> config = ServiceConfig.bind(FACTORY, List.of(
                    section("workspace", "a", "enabled", true, "url", url("/a")),
                    section("workspace", "b", "default", true, "enabled", true, "url", url("/b"), "global", true)));
            assertEquals(List.of("a", "b"), config.elements().stream().map(ServiceElement::name).toList());
            assertEquals("b", config.defaultElement().orElseThrow().name());
        }
    }

    // ---- secrets --------------------------------------------------------------------------------------------

    @Test
    void secretsNeverShowInToStringOrReasons() {
        SlackConfig config = FACTORY.configSchema().bind(section("enabled", true,
                "url", url("/services/" + HOOK_TOKEN), "token", BOT_TOKEN));
        for (String secret : List.of("hooksecret", BOT_TOKEN)) {
            assertFalse(config.toString().contains(secret), config::toString);
            assertFalse(FACTORY.configSchema().redactedValues(config).toString().contains(secret));
        }
        // A URL the HTTP client cannot use, built in code: the failure names the problem, not the URL.
        SlackConfig unusable = new SlackConfig(true, true, "", Secret.of("gopher://h/" + HOOK_TOKEN),
                Secret.of(BOT_TOKEN), "", "kapacitor", "", false, false, "", "", "", false);
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(ServiceConfig.single(unusable), options(), SampleEvents.critical()));
        assertEquals("invalid url", failed.reason());
        assertFalse(failed.retryable());
        assertFalse(Arrays.asList(failed.reason(), failed.toString()).toString().contains("hooksecret"));
    }
}
