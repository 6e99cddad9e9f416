package dev.herald.handler.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ConfigKey;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.config.Secret;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact requests of the spec's worked examples (section 3.6), the option → config fallbacks, the reply
 * handling and the config rules, against WireMock on loopback.
 */
class TelegramRequestTest {
    private static final String TOKEN = "TOKEN:AUTH";
    private static final String SECRET_TOKEN = "987654:Zz-secret_token";

    private final TelegramHandlerFactory factory = new TelegramHandlerFactory();
    private WireMockServer telegram;

    @BeforeEach
    void start() {
        telegram = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        telegram.start();
        answer(aResponse().withStatus(200).withBody("{\"ok\":true,\"result\":{}}"));
    }

    @AfterEach
    void stop() {
        telegram.stop();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void answer(ResponseDefinitionBuilder response) {
        telegram.resetMappings();
        telegram.stubFor(any(anyUrl()).willReturn(response));
    }

    private String mockUrl() {
        return "http://127.0.0.1:" + telegram.port();
    }

    /** The config section as read from kapacitor.conf, bound and validated as the engine does. */
    private ServiceConfig<TelegramConfig> config(Map<String, Object> keys) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("enabled", true);
        raw.put("url", mockUrl() + "/bot");
        raw.put("token", TOKEN);
        raw.putAll(keys);
        return ServiceConfig.bind(factory, List.of(raw));
    }

    /** Handler-file options. */
    private static TelegramOptions handlerFile(Map<String, Object> options) {
        return ConfigSchema.of(TelegramOptions.class).bind(options);
    }

    /** A TICKscript chain after {@code .telegram()}: property method → argument ({@code true} for a flag). */
    private static TelegramOptions tick(Map<String, Object> chain) {
        ConfigSchema<TelegramOptions> schema = ConfigSchema.of(TelegramOptions.class);
        Map<String, Object> raw = new LinkedHashMap<>();
        chain.forEach((property, value) -> raw.put(
                schema.keyForProperty(property).map(ConfigKey::name).orElseThrow(() -> new AssertionError(
                        "no TICKscript property " + property)), value));
        return schema.bind(raw);
    }

    private HandlerResult deliver(TelegramOptions options, ServiceConfig<TelegramConfig> config, AlertEvent event) {
        return deliver(options, config, event, HandlerContext.standalone());
    }

    private static HandlerResult deliver(TelegramOptions options, ServiceConfig<TelegramConfig> config,
            AlertEvent event, HandlerContext context) {
        TelegramHandlerFactory factory = new TelegramHandlerFactory();
        try (Handler handler = factory.create(options, config, context)) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the handler threw " + e, e);
        }
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = telegram.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, requests.size(), "requests received");
        assertEquals(1, telegram.getAllServeEvents().size(), "requests of any method");
        return requests.get(0);
    }

    private void assertSent(String path, String body) {
        LoggedRequest request = onlyRequest();
        assertEquals("POST", request.getMethod().getName());
        assertEquals(path, request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertFalse(request.containsHeader("Authorization"), "no auth header");
        assertEquals(body, request.getBodyAsString());
    }

    private static HandlerResult.Failed failed(HandlerResult result, String... secrets) {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
        for (String secret : secrets) {
            assertFalse(failed.reason().contains(secret), () -> "reason shows the token: " + failed.reason());
        }
        return failed;
    }

    // ---- worked examples ----------------------------------------------------------------------------------------

    @Test
    void serverTestTopicHandler() {
        HandlerResult result = deliver(handlerFile(Map.of("chat-id", "chat id", "disable-web-page-preview", true)),
                config(Map.of()), SampleEvents.critical());
        assertTrue(result.isDelivered(), result::toString);
        assertSent("/botTOKEN:AUTH/sendMessage",
                "{\"chat_id\":\"chat id\",\"disable_web_page_preview\":true,\"text\":\"message\"}\n");
    }

    @Test
    void streamerTestChainWithOwnChatFlagAndParseMode() {
        ServiceConfig<TelegramConfig> config = config(Map.of("chat-id", "123456789",
                "disable-web-page-preview", true, "disable-notification", false));
        HandlerResult result = deliver(tick(Map.of("chatId", "12345678", "disableNotification", true,
                "parseMode", "HTML")), config, SampleEvents.cpuCritical());
        assertTrue(result.isDelivered(), result::toString);
        assertSent("/botTOKEN:AUTH/sendMessage", "{\"chat_id\":\"12345678\",\"disable_notification\":true,"
                + "\"disable_web_page_preview\":true,\"parse_mode\":\"HTML\","
                + "\"text\":\"kapacitor/cpu/serverA is CRITICAL\"}\n");
    }

    @Test
    void streamerTestChainWithOwnChatOnly() {
        ServiceConfig<TelegramConfig> config = config(Map.of("chat-id", "123456789",
                "disable-web-page-preview", true, "disable-notification", false));
        HandlerResult result = deliver(tick(Map.of("chatId", "87654321")), config, SampleEvents.cpuCritical());
        assertTrue(result.isDelivered(), result::toString);
        assertSent("/botTOKEN:AUTH/sendMessage", "{\"chat_id\":\"87654321\",\"disable_web_page_preview\":true,"
                + "\"text\":\"kapacitor/cpu/serverA is CRITICAL\"}\n");
    }

    // ---- body, fallbacks and URL ------------------------------------------------------------------------------

    @Test
    void emptyOptionsTakeEverythingFromConfig() {
        ServiceConfig<TelegramConfig> config = config(Map.of("chat-id", "-1001234", "parse-mode", "Markdown",
                "disable-web-page-preview", true, "disable-notification", true));
        assertTrue(deliver(handlerFile(Map.of()), config, SampleEvents.critical()).isDelivered());
        assertSent("/botTOKEN:AUTH/sendMessage", "{\"chat_id\":\"-1001234\",\"disable_notification\":true,"
                + "\"disable_web_page_preview\":true,\"parse_mode\":\"Markdown\",\"text\":\"message\"}\n");
    }

    @Test
    void allDefaultsSendOnlyChatAndText() {
        assertTrue(deliver(handlerFile(Map.of()), config(Map.of()), SampleEvents.critical()).isDelivered());
        assertSent("/botTOKEN:AUTH/sendMessage", "{\"chat_id\":\"\",\"text\":\"message\"}\n");
    }

    @Test
    void optionChatIdAndParseModeOverrideConfig() {
        TelegramConfig config = configRecord(Map.of("chat-id", "config-chat", "parse-mode", "HTML"));
        assertEquals("{\"chat_id\":\"@alerts\",\"parse_mode\":\"markdown\",\"text\":\"m\"}\n",
                TelegramRequest.body(config, handlerFile(Map.of("chat-id", "@alerts", "parse-mode", "markdown")),
                        "m"));
        assertEquals("{\"chat_id\":\"config-chat\",\"parse_mode\":\"HTML\",\"text\":\"m\"}\n",
                TelegramRequest.body(config, handlerFile(Map.of()), "m"));
    }

    @ParameterizedTest(name = "config {0}, option {1} -> sent {2}")
    @CsvSource({"false,false,false", "false,true,true", "true,false,true", "true,true,true"})
    void flagsAreOredWithConfig(boolean inConfig, boolean inOption, boolean sent) {
        String previewOnly = TelegramRequest.body(configRecord(Map.of("disable-web-page-preview", inConfig)),
                new TelegramOptions("1", "", inOption, false), "m");
        String silentOnly = TelegramRequest.body(configRecord(Map.of("disable-notification", inConfig)),
                new TelegramOptions("1", "", false, inOption), "m");
        assertEquals(sent, previewOnly.contains("\"disable_web_page_preview\":true"), previewOnly);
        assertEquals(sent, silentOnly.contains("\"disable_notification\":true"), silentOnly);
        assertFalse(previewOnly.contains("false") || silentOnly.contains("false"), "false flags are left out");
    }

    @Test
    void textIsEncodedAsGoDoesIncludingHtmlEscapes() {
        TelegramConfig config = configRecord(Map.of("chat-id", "1"));
        assertEquals("{\"chat_id\":\"1\",\"text\":\"\\u003cb\\u003ecpu\\u003c/b\\u003e \\u0026 \\\"q\\\" é\\n"
                        + "\\u2028\"}\n",
                TelegramRequest.body(config, handlerFile(Map.of()), "<b>cpu</b> & \"q\" é\n\u2028"));
    }

    @Test
    void defaultUrlPutsTheTokenStraightAfterBot() {
        TelegramConfig config = new TelegramConfig(true, "https://api.telegram.org/bot", Secret.of("123:ABC"), "1",
                "", false, false, false, false);
        assertEquals("https://api.telegram.org/bot", ConfigSchema.of(TelegramConfig.class).defaults().url());
        HttpRequest request = TelegramRequest.build(config, handlerFile(Map.of()), "m");
        assertEquals("https://api.telegram.org/bot123:ABC/sendMessage", request.uri().toString());
        assertEquals("POST", request.method());
        assertEquals(Optional.of("application/json"), request.headers().firstValue("Content-Type"));
        assertEquals(List.of("Content-Type"), List.copyOf(request.headers().map().keySet()));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({
            "https://api.telegram.org/bot,         T:1,   https://api.telegram.org/botT:1/sendMessage",
            "https://api.telegram.org/bot/,        T:1,   https://api.telegram.org/bot/T:1/sendMessage",
            "http://127.0.0.1:8081,                T:1,   http://127.0.0.1:8081/T:1/sendMessage",
            "http://proxy.local/tg//api/./bot,     T:1,   http://proxy.local/tg/api/botT:1/sendMessage",
            "http://proxy.local/a/../bot,          /../T, http://proxy.local/T/sendMessage",
            "http://proxy.local/bot?x=1,           T:1,   http://proxy.local/botT:1/sendMessage?x=1",
            "http://proxy.local/b%20t,             T 1!,  http://proxy.local/b%20tT%201%21/sendMessage",
    })
    void urlIsGosPathJoinOfPathPlusToken(String url, String token, String expected) {
        assertEquals(expected, TelegramRequest.sendMessageUri(url, token).toString());
    }

    // ---- parse mode ---------------------------------------------------------------------------------------------

    @Test
    void parseModeIsCheckedCaseInsensitivelyAndSentAsWritten() {
        TelegramConfig config = configRecord(Map.of("chat-id", "1"));
        for (String mode : List.of("Markdown", "markdown", "MARKDOWN", "HTML", "html", "Html")) {
            assertTrue(TelegramRequest.body(config, handlerFile(Map.of("parse-mode", mode)), "m")
                    .contains("\"parse_mode\":\"" + mode + "\""), mode);
        }
    }

    @Test
    void invalidHandlerParseModeIsRejectedWhenTheHandlerIsCreated() {
        for (String mode : List.of("MarkdownV2", "text", " HTML")) {
            ConfigException error = assertThrows(ConfigException.class, () -> factory.create(
                    handlerFile(Map.of("parse-mode", mode)), config(Map.of()), HandlerContext.standalone()));
            assertEquals("telegram: parseMode " + mode + " is not valid, please use 'Markdown' or 'HTML'",
                    error.getMessage());
            assertEquals(Optional.of("parse-mode"), error.key());
        }
    }

    @Test
    void invalidConfigParseModeFailsEachEventWithKapacitorsTextAndSendsNothing() {
        HandlerResult.Failed failed = failed(deliver(handlerFile(Map.of()),
                config(Map.of("parse-mode", "MarkdownV2")), SampleEvents.critical()), TOKEN);
        assertFalse(failed.retryable());
        assertEquals("parseMode MarkdownV2 is not valid, please use 'Markdown' or 'HTML'", failed.reason());
        assertEquals(0, telegram.getAllServeEvents().size());
        // A handler's own valid parse mode wins over the bad config value, as in Kapacitor.
        assertTrue(deliver(handlerFile(Map.of("parse-mode", "HTML")), config(Map.of("parse-mode", "bogus")),
                SampleEvents.critical()).isDelivered());
    }

    // ---- service test -------------------------------------------------------------------------------------------

    @Test
    void serviceTestDefaultsComeFromConfigAndSendTheNormalRequest() throws Exception {
        ServiceConfig<TelegramConfig> config = config(Map.of("chat-id", "-100200", "parse-mode", "Markdown",
                "disable-web-page-preview", true));
        ServiceTest<?> test = factory.serviceTest(config, HandlerContext.standalone()).orElseThrow();
        assertEquals(new TelegramHandlerFactory.TestOptions("-100200", "Markdown", "test telegram message", true,
                false), test.defaultOptions());
        assertEquals(List.of("chat-id", "parse-mode", "message", "disable-web-page-preview", "disable-notification"),
                test.optionsSchema().keys().stream().map(ConfigKey::name).toList());
        assertEquals(Map.of("chat-id", "-100200", "parse-mode", "Markdown", "message", "test telegram message",
                "disable-web-page-preview", true, "disable-notification", false),
                redactedDefaults(test));
        assertTrue(run(test, Map.of()).isDelivered());
        assertSent("/botTOKEN:AUTH/sendMessage", "{\"chat_id\":\"-100200\",\"disable_web_page_preview\":true,"
                + "\"parse_mode\":\"Markdown\",\"text\":\"test telegram message\"}\n");
    }

    @Test
    void serviceTestOverridesDecodeOnTopOfDefaultsAndStillFallBack() throws Exception {
        ServiceConfig<TelegramConfig> config = config(Map.of("chat-id", "-100200", "disable-notification", true));
        ServiceTest<?> test = factory.serviceTest(config, HandlerContext.standalone()).orElseThrow();
        // Turning a flag off in the test cannot beat the config, exactly as for handlers.
        assertTrue(run(test, Map.of("chat-id", "", "message", "hi <there>", "disable-notification", false))
                .isDelivered());
        assertSent("/botTOKEN:AUTH/sendMessage",
                "{\"chat_id\":\"-100200\",\"disable_notification\":true,\"text\":\"hi \\u003cthere\\u003e\"}\n");
    }

    @Test
    void serviceTestReportsBadParseModeAndDisabledService() throws Exception {
        ServiceTest<?> test = factory.serviceTest(config(Map.of()), HandlerContext.standalone()).orElseThrow();
        assertEquals("parseMode Markdownv2 is not valid, please use 'Markdown' or 'HTML'",
                failed(run(test, Map.of("parse-mode", "Markdownv2"))).reason());
        ServiceTest<?> disabled = factory.serviceTest(config(Map.of("enabled", false, "chat-id", "7")),
                HandlerContext.standalone()).orElseThrow();
        assertEquals("7", ((TelegramHandlerFactory.TestOptions) disabled.defaultOptions()).chatId());
        assertEquals("service is not enabled", failed(run(disabled, Map.of())).reason());
        assertEquals(0, telegram.getAllServeEvents().size());
    }

    private static <T extends Record> HandlerResult run(ServiceTest<T> test, Map<String, Object> body)
            throws Exception {
        T options = test.optionsSchema().bind(body, test.optionsSchema().revealedValues(test.defaultOptions()));
        return test.run(options).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static <T extends Record> Map<String, Object> redactedDefaults(ServiceTest<T> test) {
        return test.optionsSchema().redactedValues(test.defaultOptions());
    }

    // ---- replies ------------------------------------------------------------------------------------------------

    private HandlerResult.Failed failure(ResponseDefinitionBuilder response) {
        answer(response);
        return failed(deliver(handlerFile(Map.of("chat-id", "1")), config(Map.of("token", SECRET_TOKEN)),
                SampleEvents.critical()), SECRET_TOKEN, "/bot" + SECRET_TOKEN);
    }

    @Test
    void telegramErrorObjectBecomesKapacitorsText() {
        HandlerResult.Failed failed = failure(aResponse().withStatus(400).withBody(
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"));
        assertFalse(failed.retryable());
        assertEquals("sendMessage error (400) description: Bad Request: chat not found", failed.reason());
        telegram.verify(postRequestedFor(urlEqualTo("/bot" + SECRET_TOKEN + "/sendMessage"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void serverErrorIsRetryable() {
        HandlerResult.Failed failed = failure(aResponse().withStatus(500).withBody(
                "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}"));
        assertTrue(failed.retryable());
        assertEquals(Optional.empty(), failed.retryAfter());
        assertEquals("sendMessage error (500) description: Internal Server Error", failed.reason());
    }

    @Test
    void tooManyRequestsWaitsAsTheHeaderSays() {
        HandlerResult.Failed failed = failure(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody(
                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\","
                        + "\"parameters\":{\"retry_after\":7}}"));
        assertTrue(failed.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(7)), failed.retryAfter());
        assertEquals("sendMessage error (429) description: Too Many Requests: retry after 7", failed.reason());
    }

    @Test
    void tooManyRequestsWithoutHeaderWaitsAsTheBodySays() {
        HandlerResult.Failed failed = failure(aResponse().withStatus(429).withBody(
                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 35\","
                        + "\"parameters\":{\"retry_after\":35}}"));
        assertTrue(failed.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(35)), failed.retryAfter());
    }

    @Test
    void nonJsonErrorBodiesAreReportedWithGosJsonError() {
        HandlerResult.Failed html = failure(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"));
        assertTrue(html.retryable());
        assertEquals("failed to understand Telegram response (err: invalid character '<' looking for beginning of "
                + "value). code: 502 content: <html>Bad Gateway</html>", html.reason());

        HandlerResult.Failed empty = failure(aResponse().withStatus(503));
        assertTrue(empty.retryable());
        assertEquals("failed to understand Telegram response (err: unexpected end of JSON input). code: 503 "
                + "content: ", empty.reason());

        HandlerResult.Failed text = failure(aResponse().withStatus(404).withBody("not found"));
        assertFalse(text.retryable());
        assertEquals("failed to understand Telegram response (err: invalid character 'o' in literal null "
                + "(expecting 'u')). code: 404 content: not found", text.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"ok\":false,\"error_code\":401                       | unexpected end of JSON input",
            "{\"error_code\":401} x                                 | invalid character 'x' after top-level value",
            "[1,2]                                                  | json: cannot unmarshal array into Go value of type telegram.response",
            "{\"error_code\":\"401\"}                               | json: cannot unmarshal string into Go struct field response.error_code of type int",
            "{\"error_code\":4.5}                                   | json: cannot unmarshal number 4.5 into Go struct field response.error_code of type int",
            "{\"description\":{\"a\":1}}                            | json: cannot unmarshal object into Go struct field response.description of type string",
            "{\"ok\":\"false\"}                                     | json: cannot unmarshal string into Go struct field response.ok of type bool",
    })
    void undecodableErrorObjectsAreReportedAsGoWould(String body, String goError) {
        assertEquals("failed to understand Telegram response (err: " + goError + "). code: 401 content: " + body,
                TelegramReply.decode(body).reason(401, body));
    }

    @Test
    void errorObjectFieldsMatchCaseInsensitivelyAndNullsKeepZeroValues() {
        assertEquals("sendMessage error (403) description: Forbidden: bot was blocked by the user",
                TelegramReply.decode("{\"OK\":false,\"Error_Code\":403,\"DESCRIPTION\":\"Forbidden: bot was blocked "
                        + "by the user\",\"extra\":[1,{\"x\":2}]}").reason(403, ""));
        assertEquals("sendMessage error (0) description: ", TelegramReply.decode("null").reason(400, "null"));
        assertEquals("sendMessage error (0) description: ",
                TelegramReply.decode("{\"description\":null}").reason(400, ""));
    }

    @Test
    void longErrorBodiesAreCutInTheReason() {
        String body = "x".repeat(2000);
        HandlerResult.Failed failed = failure(aResponse().withStatus(500).withBody(body));
        assertTrue(failed.reason().endsWith("content: " + "x".repeat(512) + "..."), failed.reason());
    }

    @Test
    void okFalseOnA200IsAPermanentFailure() {
        HandlerResult.Failed failed = failure(aResponse().withStatus(200).withBody(
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message text is empty\"}"));
        assertFalse(failed.retryable());
        assertEquals("sendMessage error (400) description: Bad Request: message text is empty", failed.reason());
    }

    @Test
    void other200RepliesAreDelivered() {
        for (String body : List.of("{\"ok\":true,\"result\":{\"message_id\":1}}", "", "OK", "{\"result\":1}")) {
            telegram.resetRequests();
            answer(aResponse().withStatus(200).withBody(body));
            assertTrue(deliver(handlerFile(Map.of()), config(Map.of()), SampleEvents.critical()).isDelivered(),
                    body);
        }
    }

    @Test
    void otherSuccessStatusesAreFailures() {
        HandlerResult.Failed failed = failure(aResponse().withStatus(204));
        assertFalse(failed.retryable());
        assertEquals("failed to understand Telegram response (err: unexpected end of JSON input). code: 204 "
                + "content: ", failed.reason());
    }

    @Test
    void timeoutIsRetryable() {
        answer(aResponse().withStatus(200).withFixedDelay(3_000));
        HandlerResult.Failed failed = failed(deliver(handlerFile(Map.of()), config(Map.of("token", SECRET_TOKEN)),
                SampleEvents.critical(), HandlerContext.standalone().withRequestTimeout(Duration.ofMillis(300))),
                SECRET_TOKEN);
        assertTrue(failed.retryable());
        assertEquals("timed out waiting for Telegram", failed.reason());
    }

    @Test
    void disabledServiceFailsWithoutARequest() {
        HandlerResult.Failed failed = failed(deliver(handlerFile(Map.of()), config(Map.of("enabled", false)),
                SampleEvents.event(Level.WARNING, "w")));
        assertFalse(failed.retryable());
        assertEquals("service is not enabled", failed.reason());
        assertEquals(0, telegram.getAllServeEvents().size());
    }

    // ---- config -------------------------------------------------------------------------------------------------

    private static TelegramConfig configRecord(Map<String, Object> keys) {
        Map<String, Object> raw = new LinkedHashMap<>(Map.of("enabled", true, "token", TOKEN));
        raw.putAll(keys);
        return ConfigSchema.of(TelegramConfig.class).bind(raw);
    }

    @Test
    void configDefaultsAreKapacitors() {
        ConfigSchema<TelegramConfig> schema = ConfigSchema.of(TelegramConfig.class);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("enabled", false);
        defaults.put("url", "https://api.telegram.org/bot");
        defaults.put("token", false);
        defaults.put("chat-id", "");
        defaults.put("parse-mode", "");
        defaults.put("disable-web-page-preview", false);
        defaults.put("disable-notification", false);
        defaults.put("global", false);
        defaults.put("state-changes-only", false);
        assertEquals(defaults, schema.redactedValues(schema.defaults()));
        assertEquals(List.of("token"), schema.secretKeys());
        assertEquals(List.of("chatId", "parseMode", "disableWebPagePreview", "disableNotification"),
                ConfigSchema.of(TelegramOptions.class).keys().stream().map(k -> k.property().orElseThrow()).toList());
        assertEquals(List.of("chat-id", "parse-mode", "disable-web-page-preview", "disable-notification"),
                ConfigSchema.of(TelegramOptions.class).keys().stream().map(ConfigKey::name).toList());
        // The built-in section (no [telegram] in the file) is valid and disabled.
        ServiceConfig<TelegramConfig> builtIn = ServiceConfig.bind(factory, List.of());
        assertFalse(builtIn.defaultElement().orElseThrow().enabled());
    }

    @Test
    void configValidationErrorsAreKapacitors() {
        ConfigException noUrl = assertThrows(ConfigException.class, () -> config(Map.of("url", "")));
        assertEquals("telegram: must specify url", noUrl.getMessage());
        assertEquals(Optional.of("url"), noUrl.key());

        ConfigException noToken = assertThrows(ConfigException.class, () -> config(Map.of("token", "")));
        assertEquals("telegram: must specify token", noToken.getMessage());
        assertEquals(Optional.of("token"), noToken.key());

        ConfigException badUrl = assertThrows(ConfigException.class,
                () -> config(Map.of("url", "api.telegram.org/bot")));
        assertEquals("telegram: invalid url \"api.telegram.org/bot\": expected an absolute http or https URL",
                badUrl.getMessage());
        assertEquals(Optional.of("url"), badUrl.key());

        ConfigException unparsable = assertThrows(ConfigException.class,
                () -> config(Map.of("enabled", false, "url", "http://exa mple/bot")));
        assertTrue(unparsable.getMessage().startsWith("telegram: invalid url \"http://exa mple/bot\": "),
                unparsable.getMessage());

        // Disabled: url and token may be empty, as in Kapacitor.
        config(Map.of("enabled", false, "url", "", "token", ""));
    }

    @Test
    void urlBrokenAtSendTimeIsAPermanentFailureWithoutTheToken() {
        TelegramConfig broken = new TelegramConfig(true, "ftp://files.local/bot", Secret.of(SECRET_TOKEN), "1", "",
                false, false, false, false);
        HandlerResult.Failed failed = failed(deliver(handlerFile(Map.of()), ServiceConfig.single(broken),
                SampleEvents.critical()), SECRET_TOKEN);
        assertFalse(failed.retryable());
        assertEquals("invalid url \"ftp://files.local/bot\": expected an absolute http or https URL",
                failed.reason());
        HandlerException thrown = assertThrows(HandlerException.class,
                () -> TelegramRequest.build(broken, handlerFile(Map.of()), "m"));
        assertFalse(thrown.getMessage().contains(SECRET_TOKEN));
    }

    @Test
    void tokenNeverShows() throws Exception {
        TelegramConfig config = configRecord(Map.of("token", SECRET_TOKEN, "chat-id", "1"));
        ConfigSchema<TelegramConfig> schema = ConfigSchema.of(TelegramConfig.class);
        assertFalse(config.toString().contains(SECRET_TOKEN), config.toString());
        assertEquals(true, schema.redactedValues(config).get("token"));
        assertFalse(schema.redactedValues(config).toString().contains(SECRET_TOKEN));
        assertFalse(schema.toJsonSchema().toString().contains(SECRET_TOKEN));
        ConfigException wrongType = assertThrows(ConfigException.class,
                () -> schema.bind(Map.of("token", List.of(SECRET_TOKEN))));
        assertFalse(wrongType.getMessage().contains(SECRET_TOKEN));
        // Refused connection: the reason names the service, never the URL that carries the token.
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        TelegramConfig refused = new TelegramConfig(true, "http://127.0.0.1:" + closed + "/bot",
                Secret.of(SECRET_TOKEN), "1", "", false, false, false, false);
        HandlerResult.Failed failed = failed(deliver(handlerFile(Map.of()), ServiceConfig.single(refused),
                SampleEvents.critical()), SECRET_TOKEN, String.valueOf(closed));
        assertTrue(failed.retryable());
    }
}
