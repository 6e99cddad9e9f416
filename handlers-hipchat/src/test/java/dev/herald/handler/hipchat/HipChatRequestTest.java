package dev.herald.handler.hipchat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
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
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.config.Secret;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import dev.herald.core.topic.EventPublisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact requests of spec section 1 (HipChat), sent to WireMock on loopback, and the outcomes of HipChat's
 * answers.
 */
class HipChatRequestTest {
    private static final String CONFIG_TOKEN = "testtoken1231234";
    private static final String OPTION_TOKEN = "testtoken1234567";
    private static final String SERVER_TEST_BODY =
            "{\"color\":\"red\",\"from\":\"kapacitor\",\"message\":\"message\",\"notify\":true}\n";
    private static final String STREAMER_BODY = "{\"color\":\"red\",\"from\":\"kapacitor\","
            + "\"message\":\"kapacitor/cpu/serverA is CRITICAL\",\"notify\":true}\n";

    private final HipChatHandlerFactory factory = new HipChatHandlerFactory();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private WireMockServer hipchat;

    @BeforeEach
    void start() {
        hipchat = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        hipchat.start();
    }

    @AfterEach
    void stop() {
        hipchat.stop();
    }

    private String url() {
        return "http://127.0.0.1:" + hipchat.port();
    }

    private void answer(ResponseDefinitionBuilder response) {
        hipchat.stubFor(any(anyUrl()).willReturn(response));
    }

    private static HipChatConfig config(String url, String token, String room) {
        return new HipChatConfig(true, url, Secret.of(token), room, false, false);
    }

    private HipChatConfig streamerConfig() {
        return config(url(), CONFIG_TOKEN, "1231234");
    }

    private static HipChatOptions handlerOptions(String room, String token) {
        return new HipChatOptions(room, Secret.of(token));
    }

    private HandlerContext context(Duration timeout) {
        System.Logger logger = new System.Logger() {
            @Override
            public String getName() {
                return "hipchat-test";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                logged.add(level + " " + msg);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                logged.add(level + " " + format);
            }
        };
        return new HandlerContext(HandlerContext.standalone().httpClient(), Clock.systemUTC(), logger, timeout,
                EventPublisher.none());
    }

    private HandlerResult deliver(HipChatConfig config, HipChatOptions options, AlertEvent event) throws Exception {
        return deliver(ServiceConfig.single(config), options, event, context(Duration.ofSeconds(10)));
    }

    private HandlerResult deliver(ServiceConfig<HipChatConfig> config, HipChatOptions options, AlertEvent event,
            HandlerContext context) throws Exception {
        try (Handler handler = factory.create(options, config, context)) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = hipchat.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, requests.size(), "requests received");
        return requests.get(0);
    }

    private static void assertKapacitorHeaders(LoggedRequest request) {
        assertEquals("POST", request.getMethod().getName());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertFalse(request.containsHeader("Authorization"), "the token goes in the query, not a header");
        assertFalse(request.containsHeader("Upgrade"), "no h2c upgrade");
        assertEquals(String.valueOf(request.getBody().length), request.getHeader("Content-Length"));
    }

    // ---- worked examples (spec 1.6) ---------------------------------------------------------------------------

    @Test
    void serverTestTopicHandlerExample() throws Exception {
        hipchat.stubFor(post(urlEqualTo("/1234567/notification?auth_token=testtoken1234567"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalTo(SERVER_TEST_BODY))
                .willReturn(aResponse().withStatus(200)));
        HipChatOptions options = factory.optionsSchema().bind(Map.of("token", OPTION_TOKEN, "room", "1234567"));
        HandlerResult result = deliver(config(url(), "", ""), options, SampleEvents.critical());
        assertTrue(result.isDelivered(), result::toString);
        LoggedRequest request = onlyRequest();
        assertEquals("/1234567/notification?auth_token=testtoken1234567", request.getUrl());
        assertEquals(SERVER_TEST_BODY, request.getBodyAsString());
        assertKapacitorHeaders(request);
    }

    @Test
    void streamerTestTickScriptExampleWithTwoHandlers() throws Exception {
        answer(aResponse().withStatus(200));
        HipChatOptions first = factory.optionsSchema().bind(Map.of("room", "1234567", "token", OPTION_TOKEN));
        HipChatOptions second = factory.optionsSchema().bind(Map.of("room", "Test Room", "token",
                "testtokenTestRoom"));
        assertTrue(deliver(streamerConfig(), first, SampleEvents.cpuCritical()).isDelivered());
        assertTrue(deliver(streamerConfig(), second, SampleEvents.cpuCritical()).isDelivered());
        List<LoggedRequest> requests = hipchat.findAll(postRequestedFor(anyUrl()));
        assertEquals(List.of("/1234567/notification?auth_token=testtoken1234567",
                "/Test%20Room/notification?auth_token=testtokenTestRoom"),
                requests.stream().map(LoggedRequest::getUrl).sorted().toList());
        for (LoggedRequest request : requests) {
            assertEquals(STREAMER_BODY, request.getBodyAsString());
            assertKapacitorHeaders(request);
        }
    }

    @Test
    void configApiExampleDefaultsAndRedaction() {
        ConfigSchema<HipChatConfig> schema = factory.configSchema();
        HipChatConfig bound = schema.bind(Map.of("url", "http://hipchat.example.com"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("enabled", false);
        expected.put("global", false);
        expected.put("room", "");
        expected.put("state-changes-only", false);
        expected.put("token", false);
        expected.put("url", "http://hipchat.example.com");
        assertEquals(expected, new java.util.TreeMap<>(schema.redactedValues(bound)));
        assertEquals(List.of("token"), schema.secretKeys());
        assertEquals(new HipChatConfig(false, "", Secret.EMPTY, "", false, false), schema.defaults());
    }

    // ---- options → config fallbacks (spec 1.2) -----------------------------------------------------------------

    @ParameterizedTest(name = "option room=''{0}'' token=''{1}'' → {2}")
    @CsvSource(delimiter = '|', value = {
        "''      | ''               | /1231234/notification?auth_token=testtoken1231234",
        "1234567 | ''               | /1234567/notification?auth_token=testtoken1231234",
        "''      | testtoken1234567 | /1231234/notification?auth_token=testtoken1234567",
        "1234567 | testtoken1234567 | /1234567/notification?auth_token=testtoken1234567",
    })
    void emptyOptionsFallBackToConfig(String room, String token, String expectedUrl) throws Exception {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(streamerConfig(), handlerOptions(room, token), SampleEvents.cpuCritical()).isDelivered());
        assertEquals(expectedUrl, onlyRequest().getUrl());
    }

    @Test
    void globalHandlerUsesAllDefaultOptions() throws Exception {
        // A global handler is created with an all-empty handler config.
        answer(aResponse().withStatus(200));
        HipChatOptions empty = factory.optionsSchema().defaults();
        assertEquals(handlerOptions("", ""), empty);
        assertTrue(deliver(streamerConfig(), empty, SampleEvents.critical()).isDelivered());
        assertEquals("/1231234/notification?auth_token=testtoken1231234", onlyRequest().getUrl());
    }

    // ---- body ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"OK, green", "INFO, green", "WARNING, yellow", "CRITICAL, red"})
    void levelPicksTheColour(Level level, String color) throws Exception {
        answer(aResponse().withStatus(204));
        HandlerResult result = deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.event(level, "m"));
        assertTrue(result.isDelivered(), result::toString);
        assertEquals("{\"color\":\"" + color + "\",\"from\":\"kapacitor\",\"message\":\"m\",\"notify\":true}\n",
                onlyRequest().getBodyAsString());
    }

    @Test
    void messageIsEncodedAsGoEncodingJsonDoes() throws Exception {
        answer(aResponse().withStatus(200));
        String message = "cpu <b>high</b> & \"rising\" on h\u00f6st \u2028 \u00e9t\u00e9\ttab";
        deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.event(Level.WARNING, message));
        byte[] expected = ("{\"color\":\"yellow\",\"from\":\"kapacitor\",\"message\":"
                + "\"cpu \\u003cb\\u003ehigh\\u003c/b\\u003e \\u0026 \\\"rising\\\" on h\u00f6st \\u2028 "
                + "\u00e9t\u00e9\\ttab\",\"notify\":true}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(new String(expected, java.nio.charset.StandardCharsets.UTF_8),
                new String(onlyRequest().getBody(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(expected.length, onlyRequest().getBody().length);
    }

    @Test
    void onlyColourFromMessageAndNotifyAreSent() {
        assertEquals("{\"color\":\"green\",\"from\":\"kapacitor\",\"message\":\"\",\"notify\":true}\n",
                HipChatRequest.body("", Level.OK));
    }

    // ---- URL (spec 1.3) --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} + room ''{1}'' + token ''{2}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // path clean-join with the config URL's path; trailing and doubled slashes disappear
        "https://acme.hipchat.com/v2/room   | 1234567   | tok   | https://acme.hipchat.com/v2/room/1234567/notification?auth_token=tok",
        "https://acme.hipchat.com/v2/room/  | 1234567   | tok   | https://acme.hipchat.com/v2/room/1234567/notification?auth_token=tok",
        "https://acme.hipchat.com//v2//room | /1234567/ | tok   | https://acme.hipchat.com/v2/room/1234567/notification?auth_token=tok",
        "https://acme.hipchat.com           | \"\"        | tok   | https://acme.hipchat.com/notification?auth_token=tok",
        "https://acme.hipchat.com/v2/room   | ../x      | tok   | https://acme.hipchat.com/v2/x/notification?auth_token=tok",
        // the config query is replaced, a fragment is not sent
        "https://acme.hipchat.com/v2/room?a=1&auth_token=old#frag | 1 | tok | https://acme.hipchat.com/v2/room/1/notification?auth_token=tok",
        // room escaping follows Go's URL.EscapedPath: space %20, '?' '#' '%' escaped, sub-delims kept
        "http://h:8080/v2/room              | Test Room | tok   | http://h:8080/v2/room/Test%20Room/notification?auth_token=tok",
        "http://h/base%20dir                | a?b#c%d   | tok   | http://h/base%20dir/a%3Fb%23c%25d/notification?auth_token=tok",
        "http://h                           | $&+,:;=@!*'() | tok | http://h/$&+,:;=@%21%2A%27%28%29/notification?auth_token=tok",
        "http://h                           | r\u00e9union  | tok | http://h/r%C3%A9union/notification?auth_token=tok",
        "http://h                           | a/b       | tok   | http://h/a/b/notification?auth_token=tok",
        // the token is query-escaped as url.Values.Encode does
        "http://h                           | 1         | a b/+&=?~._-\u00e9 | http://h/1/notification?auth_token=a+b%2F%2B%26%3D%3F~._-%C3%A9",
        "http://h                           | 1         | \"\"    | http://h/1/notification?auth_token=",
        "http://[::1]:9/v2                  | 1         | t     | http://[::1]:9/v2/1/notification?auth_token=t",
    })
    void urlIsBuiltAsGoNetUrlBuildsIt(String base, String room, String token, String expected) {
        assertEquals(expected, HipChatRequest.target(URI.create(base), room, token));
        assertEquals(URI.create(expected), HipChatRequest.build(config(base, "", ""), room, Secret.of(token),
                "m", Level.OK).uri());
    }

    @Test
    void cleanAndJoinMatchGoPathPackage() {
        assertEquals(".", dev.herald.core.handler.GoUrls.cleanPath(""));
        assertEquals("/", dev.herald.core.handler.GoUrls.cleanPath("/../.."));
        assertEquals("../../a", dev.herald.core.handler.GoUrls.cleanPath("../../a/."));
        assertEquals("a/c", dev.herald.core.handler.GoUrls.cleanPath("a/b/../c/"));
        assertEquals("", dev.herald.core.handler.GoUrls.joinPath("", ""));
        assertEquals("r/notification", dev.herald.core.handler.GoUrls.joinPath("", "r", "notification"));
    }

    @Test
    void userInfoInTheConfigUrlBecomesBasicAuthAsGoClientsDo() throws Exception {
        answer(aResponse().withStatus(200));
        String base = "http://bob:s%20cret@127.0.0.1:" + hipchat.port() + "/v2/room";
        assertTrue(deliver(config(base, CONFIG_TOKEN, "1"), handlerOptions("", ""), SampleEvents.critical())
                .isDelivered());
        LoggedRequest request = onlyRequest();
        assertEquals("/v2/room/1/notification?auth_token=testtoken1231234", request.getUrl());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("bob:s cret".getBytes()),
                request.getHeader("Authorization"));
    }

    @Test
    void plainHttpNeverOffersAnH2cUpgradeEvenWithAnHttp2Client() throws Exception {
        answer(aResponse().withStatus(200));
        HandlerContext http2 = new HandlerContext(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(),
                Clock.systemUTC(), System.getLogger("test"), Duration.ofSeconds(10), EventPublisher.none());
        assertTrue(deliver(ServiceConfig.single(streamerConfig()), handlerOptions("", ""), SampleEvents.critical(), http2)
                .isDelivered());
        LoggedRequest request = onlyRequest();
        assertFalse(request.containsHeader("Upgrade"));
        assertFalse(request.containsHeader("HTTP2-Settings"));
        assertKapacitorHeaders(request);
    }

    // ---- outcomes ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "HTTP {0} is success")
    @CsvSource({"200", "204"})
    void twoHundredAndTwoHundredFourAreSuccess(int status) throws Exception {
        answer(aResponse().withStatus(status));
        assertTrue(deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.critical()).isDelivered());
        assertTrue(logged.isEmpty(), logged::toString);
    }

    @Test
    void otherTwoHundredsAreFailures() throws Exception {
        answer(aResponse().withStatus(201).withBody("created"));
        HandlerResult.Failed failed = failed(deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.critical()));
        assertEquals("failed to understand HipChat response. code: 201 content: created", failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void serverErrorIsRetryableWithHipChatsErrorText() throws Exception {
        answer(aResponse().withStatus(500).withBody("{\"error\":\"room is on fire\"}"));
        HandlerResult.Failed failed = failed(deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.critical()));
        assertEquals("room is on fire", failed.reason());
        assertTrue(failed.retryable());
        assertEquals(Optional.empty(), failed.retryAfter());
        assertEquals(List.of("ERROR failed to send event to HipChat: room is on fire"), logged);
    }

    @Test
    void tooManyRequestsIsRetryableAfterRetryAfter() throws Exception {
        answer(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{\"error\":\"rate limited\"}"));
        HandlerResult.Failed failed = failed(deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.critical()));
        assertEquals("rate limited", failed.reason());
        assertTrue(failed.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(30)), failed.retryAfter());
    }

    @Test
    void nonJsonErrorBodyIsQuotedWithTheStatus() throws Exception {
        answer(aResponse().withStatus(400).withBody("<html>bad request</html>"));
        HandlerResult.Failed failed = failed(deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.critical()));
        assertEquals("failed to understand HipChat response. code: 400 content: <html>bad request</html>",
                failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void hipChatErrorObjectIsNotAStringSoTheBodyIsQuoted() throws Exception {
        // HipChat v2 answers {"error":{"code":..,"message":..}}; Kapacitor's decoder wants a string, so quotes the body.
        String body = "{\"error\":{\"code\":404,\"message\":\"Room not found\",\"type\":\"Not Found\"}}";
        answer(aResponse().withStatus(404).withBody(body));
        HandlerResult.Failed failed = failed(deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.critical()));
        assertEquals("failed to understand HipChat response. code: 404 content: " + body, failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void emptyErrorStringFallsBackToTheBody() throws Exception {
        answer(aResponse().withStatus(403).withBody("{\"error\":\"\"}"));
        HandlerResult.Failed failed = failed(deliver(streamerConfig(), handlerOptions("", ""), SampleEvents.critical()));
        assertEquals("failed to understand HipChat response. code: 403 content: {\"error\":\"\"}", failed.reason());
    }

    @Test
    void timeoutIsRetryable() throws Exception {
        answer(aResponse().withStatus(200).withFixedDelay(2_000));
        HandlerResult.Failed failed = failed(deliver(ServiceConfig.single(streamerConfig()), handlerOptions("", ""),
                SampleEvents.critical(), context(Duration.ofMillis(200))));
        assertTrue(failed.retryable());
        // "waiting for" normally; "connecting to" when a loaded machine is slow to accept within the timeout.
        assertTrue(failed.reason().matches("timed out (waiting for|connecting to) HipChat"), failed.reason());
        assertEquals(List.of("ERROR failed to send event to HipChat: " + failed.reason()), logged);
    }

    @Test
    void disabledServiceFailsPermanentlyWithoutARequest() throws Exception {
        answer(aResponse().withStatus(200));
        HipChatConfig disabled = new HipChatConfig(false, url(), Secret.of(CONFIG_TOKEN), "1", false, false);
        ServiceConfig<HipChatConfig> config = ServiceConfig.of(List.of(new ServiceElement<>("", true, false,
                disabled)));
        HandlerResult.Failed failed = failed(deliver(config, handlerOptions("", ""), SampleEvents.critical(),
                context(Duration.ofSeconds(5))));
        assertEquals("service is not enabled", failed.reason());
        assertFalse(failed.retryable());
        assertEquals(0, hipchat.getAllServeEvents().size());
        assertEquals(List.of("ERROR failed to send event to HipChat: service is not enabled"), logged);
    }

    @Test
    void missingUrlAtSendTimeIsPermanent() throws Exception {
        HandlerResult.Failed failed = failed(deliver(config("", CONFIG_TOKEN, "1"), handlerOptions("", OPTION_TOKEN),
                SampleEvents.critical()));
        assertEquals("must specify url", failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void configChangesApplyToRunningHandlers() throws Exception {
        answer(aResponse().withStatus(200));
        AtomicReference<HipChatConfig> current = new AtomicReference<>(streamerConfig());
        ServiceConfig<HipChatConfig> live = () -> List.of(new ServiceElement<>("", true, true, current.get()));
        try (Handler handler = factory.create(handlerOptions("", ""), live, context(Duration.ofSeconds(10)))) {
            handler.handle(SampleEvents.critical()).toCompletableFuture().get(15, TimeUnit.SECONDS);
            current.set(config(url(), "newtoken", "new room"));
            handler.handle(SampleEvents.critical()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
        assertEquals(List.of("/1231234/notification?auth_token=testtoken1231234",
                "/new%20room/notification?auth_token=newtoken"),
                hipchat.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).sorted().toList());
    }

    // ---- service test (spec 1.5) -----------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private ServiceTest<HipChatHandlerFactory.TestOptions> serviceTest(ServiceConfig<HipChatConfig> config) {
        return (ServiceTest<HipChatHandlerFactory.TestOptions>) factory
                .serviceTest(config, context(Duration.ofSeconds(10))).orElseThrow();
    }

    @Test
    void serviceTestDefaultsAndRequest() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceTest<HipChatHandlerFactory.TestOptions> test = serviceTest(ServiceConfig.single(streamerConfig()));
        HipChatHandlerFactory.TestOptions defaults = test.defaultOptions();
        assertEquals(new HipChatHandlerFactory.TestOptions("1231234", "test hipchat message", Level.CRITICAL),
                defaults);
        Map<String, Object> listed = test.optionsSchema().redactedValues(defaults);
        assertEquals(Map.of("room", "1231234", "message", "test hipchat message", "level", "CRITICAL"), listed);
        assertTrue(test.run(defaults).toCompletableFuture().get(15, TimeUnit.SECONDS).isDelivered());
        LoggedRequest request = onlyRequest();
        assertEquals("/1231234/notification?auth_token=testtoken1231234", request.getUrl());
        assertEquals("{\"color\":\"red\",\"from\":\"kapacitor\",\"message\":\"test hipchat message\","
                + "\"notify\":true}\n", request.getBodyAsString());
        assertKapacitorHeaders(request);
    }

    @Test
    void serviceTestOverridesRoomMessageAndLevelButNeverTheToken() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceTest<HipChatHandlerFactory.TestOptions> test = serviceTest(ServiceConfig.single(streamerConfig()));
        ConfigSchema<HipChatHandlerFactory.TestOptions> schema = test.optionsSchema();
        HipChatHandlerFactory.TestOptions overridden = schema.bind(
                Map.of("room", "Ops Room", "message", "hello", "level", "WARNING"),
                schema.revealedValues(test.defaultOptions()));
        assertTrue(test.run(overridden).toCompletableFuture().get(15, TimeUnit.SECONDS).isDelivered());
        LoggedRequest request = onlyRequest();
        assertEquals("/Ops%20Room/notification?auth_token=testtoken1231234", request.getUrl());
        assertEquals("{\"color\":\"yellow\",\"from\":\"kapacitor\",\"message\":\"hello\",\"notify\":true}\n",
                request.getBodyAsString());
        ConfigException noToken = assertThrows(ConfigException.class,
                () -> schema.bind(Map.of("token", "other"), schema.revealedValues(test.defaultOptions())));
        assertEquals("token", noToken.key().orElseThrow());
    }

    @Test
    void serviceTestDefaultsFollowTheCurrentConfigAndReportFailures() throws Exception {
        answer(aResponse().withStatus(401).withBody("{\"error\":\"Invalid OAuth session\"}"));
        AtomicReference<HipChatConfig> current = new AtomicReference<>(streamerConfig());
        ServiceTest<HipChatHandlerFactory.TestOptions> test = serviceTest(
                () -> List.of(new ServiceElement<>("", true, true, current.get())));
        current.set(config(url(), CONFIG_TOKEN, "later room"));
        assertEquals("later room", test.defaultOptions().room());
        HandlerResult.Failed failed = failed(test.run(test.defaultOptions()).toCompletableFuture()
                .get(15, TimeUnit.SECONDS));
        assertEquals("Invalid OAuth session", failed.reason());
        assertFalse(failed.retryable());
        assertTrue(logged.isEmpty(), "the service test reports, it does not log: " + logged);
    }

    // ---- config validation (spec 1.1) ------------------------------------------------------------------------

    private ServiceConfig<HipChatConfig> bindSection(Map<String, Object> section) {
        return ServiceConfig.bind(factory, List.of(section));
    }

    @Test
    void enabledWithoutUrlIsAnError() {
        ConfigException error = assertThrows(ConfigException.class, () -> bindSection(Map.of("enabled", true)));
        assertEquals("hipchat: must specify url", error.getMessage());
        assertEquals("url", error.key().orElseThrow());
    }

    @Test
    void disabledWithoutUrlIsFine() {
        ServiceConfig<HipChatConfig> config = bindSection(Map.of("enabled", false, "room", "r"));
        assertFalse(config.defaultElement().orElseThrow().enabled());
        assertEquals("r", config.defaultElement().orElseThrow().config().room());
    }

    @ParameterizedTest(name = "invalid url \"{0}\"")
    @CsvSource(delimiter = '|', value = {"http://h/%zz", "hipchat.example.com/v2/room", "ftp://h/v2", "http:///v2",
        "://nothing", "http://h/a b"})
    void unusableUrlIsAnInvalidUrlError(String url) {
        for (boolean enabled : new boolean[] {true, false}) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> bindSection(Map.of("enabled", enabled, "url", url, "token", "sekret-token-42")));
            assertTrue(error.getMessage().startsWith("hipchat: invalid url \"" + url + "\""), error.getMessage());
            assertEquals("url", error.key().orElseThrow());
            assertFalse(error.getMessage().contains("sekret-token-42"));
        }
    }

    @Test
    void validSectionBinds() {
        ServiceConfig<HipChatConfig> config = bindSection(Map.of("enabled", true,
                "url", "https://acme.hipchat.com/v2/room", "token", CONFIG_TOKEN, "room", "ops",
                "global", true, "state-changes-only", true));
        ServiceElement<HipChatConfig> element = config.defaultElement().orElseThrow();
        assertTrue(element.enabled());
        assertEquals("", element.name());
        assertEquals(new HipChatConfig(true, "https://acme.hipchat.com/v2/room", Secret.of(CONFIG_TOKEN), "ops",
                true, true), element.config());
    }

    // ---- secrets ---------------------------------------------------------------------------------------------

    @Test
    void tokenNeverShowsInToStringOrRedactedValues() {
        HipChatConfig config = streamerConfig();
        HipChatOptions options = handlerOptions("1", OPTION_TOKEN);
        assertFalse(config.toString().contains(CONFIG_TOKEN), config::toString);
        assertFalse(options.toString().contains(OPTION_TOKEN), options::toString);
        assertEquals(Boolean.TRUE, factory.configSchema().redactedValues(config).get("token"));
        assertEquals(Boolean.TRUE, factory.optionsSchema().redactedValues(options).get("token"));
        assertFalse(factory.configSchema().redactedValues(config).toString().contains(CONFIG_TOKEN));
        assertFalse(factory.optionsSchema().redactedValues(options).toString().contains(OPTION_TOKEN));
        assertEquals(List.of("token"), factory.optionsSchema().secretKeys());
    }

    @Test
    void tokenEchoedByTheServiceIsMaskedInTheReason() throws Exception {
        String token = "tok en/+secret";
        String echoed = "404 page not found: /1/notification?auth_token=" + dev.herald.core.handler.GoUrls.escapeQuery(token)
                + " (token " + token + ")";
        answer(aResponse().withStatus(404).withBody(echoed));
        HandlerResult.Failed failed = failed(deliver(config(url(), "", "1"), handlerOptions("", token),
                SampleEvents.critical()));
        assertEquals("failed to understand HipChat response. code: 404 content: 404 page not found: "
                + "/1/notification?auth_token=****** (token ******)", failed.reason());
        assertTrue(logged.stream().noneMatch(line -> line.contains("secret")), logged::toString);
    }

    @Test
    void refusedConnectionReasonShowsNeitherUrlNorToken() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HandlerResult.Failed failed = failed(deliver(config("http://127.0.0.1:" + port, CONFIG_TOKEN, "1"),
                handlerOptions("", OPTION_TOKEN), SampleEvents.critical()));
        assertTrue(failed.retryable());
        assertFalse(failed.reason().contains("auth_token"), failed.reason());
        assertFalse(failed.reason().contains("127.0.0.1"), failed.reason());
    }

    // ---- registration ----------------------------------------------------------------------------------------

    @Test
    void namesAndSchemasMatchKapacitor() {
        List<String> kinds = ServiceLoader.load(HandlerFactory.class).stream()
                .map(p -> p.get().kind()).collect(Collectors.toList());
        assertTrue(kinds.contains("hipchat"), kinds::toString);
        assertEquals("hipchat", factory.kind());
        assertEquals("hipChat", factory.tickName());
        assertEquals("hipchat", factory.section());
        assertTrue(factory.configSchema().elementKey().isEmpty(), "single section");
        assertEquals(List.of("enabled", "url", "token", "room", "global", "state-changes-only"),
                factory.configSchema().keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("room", "token"), factory.optionsSchema().keys().stream().map(k -> k.name()).toList());
        assertEquals("room", factory.optionsSchema().keyForProperty("room").orElseThrow().name());
        assertEquals("token", factory.optionsSchema().keyForProperty("token").orElseThrow().name());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> factory.optionsSchema().bind(Map.of("channel", "#x")));
        assertEquals("channel", unknown.key().orElseThrow());
    }

    private HandlerResult.Failed failed(HandlerResult result) {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
        for (String secret : List.of(CONFIG_TOKEN, OPTION_TOKEN)) {
            assertFalse(failed.reason().contains(secret), failed::reason);
        }
        for (String line : logged) {
            assertFalse(line.contains(CONFIG_TOKEN) || line.contains(OPTION_TOKEN), line);
        }
        return failed;
    }

}
