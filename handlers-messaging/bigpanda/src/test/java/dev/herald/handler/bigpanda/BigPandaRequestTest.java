package dev.herald.handler.bigpanda;

import static dev.herald.core.testkit.ServiceTestRunner.run;
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
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact requests of spec section 15 (Kapacitor's BigPanda service), sent to WireMock on loopback. */
class BigPandaRequestTest {
    @RegisterExtension
    static WireMockExtension bigpanda = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final BigPandaHandlerFactory FACTORY = new BigPandaHandlerFactory();
    private static final String PATH = "/test/bigpanda/alert";

    private static String url(String path) {
        return "http://127.0.0.1:" + bigpanda.getPort() + path;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        bigpanda.stubFor(any(anyUrl()).willReturn(response));
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }

    private static ServiceConfig<BigPandaConfig> config(Object... keyValues) {
        Map<String, Object> raw = map("enabled", true, "url", url(PATH), "token", "my-token-123",
                "app-key", "my-app-key");
        raw.putAll(map(keyValues));
        return ServiceConfig.bind(FACTORY, List.of(raw));
    }

    private static BigPandaOptions options(Object... keyValues) {
        return FACTORY.optionsSchema().bind(map(keyValues));
    }

    private static HandlerResult deliver(ServiceConfig<BigPandaConfig> config, BigPandaOptions options,
            AlertEvent event) {
        try (Handler handler = FACTORY.create(options, config, HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = bigpanda.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, all.size(), "requests received");
        return all.get(0);
    }

    /** TestService_Payload's event: tags host and link, fields count and load, at 1971-01-01T00:00:38Z. */
    private static AlertEvent payloadEvent(Level level, Map<String, String> tags) {
        EventData data = new EventData("test", "", "", "", tags, map("count", 10L, "load", 0.5), true, List.of());
        return new AlertEvent("t", "id", "message", "details", Instant.parse("1971-01-01T00:00:38Z"), Duration.ZERO,
                level, Level.OK, data);
    }

    // ---- Kapacitor's worked examples ------------------------------------------------------------------------

    @Test
    void serverTestTopicHandler() {
        answer(aResponse().withStatus(201));
        assertTrue(deliver(config("auto-attributes", ""), options("app-key", "my-app-key-123456"),
                SampleEvents.critical()).isDelivered());
        LoggedRequest request = onlyRequest();
        assertEquals("POST", request.getMethod().getName());
        assertEquals(PATH, request.getUrl());
        assertEquals("Bearer my-token-123", request.getHeader("Authorization"));
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("{\"app_key\":\"my-app-key-123456\",\"check\":\"id\",\"description\":\"message\","
                + "\"details\":\"details\",\"host\":\"\",\"status\":\"critical\",\"task\":\"testAlertHandlers:alert\","
                + "\"timestamp\":0}", request.getBodyAsString());
    }

    @Test
    void unitTestPayloadWithTagsAndFieldsKeepsTheHostTag() {
        answer(aResponse().withStatus(201));
        assertTrue(deliver(config("app-key", "key"), options(),
                payloadEvent(Level.OK, Map.of("host", "localhost", "link", "http://localhost/bp"))).isDelivered());
        // Through a Kapacitor handler the unset host option would blank the host tag ("host":""); we keep it.
        assertEquals("{\"app_key\":\"key\",\"check\":\"id\",\"count\":\"10\",\"description\":\"message\","
                + "\"details\":\"details\",\"host\":\"localhost\",\"link\":\"http://localhost/bp\",\"load\":\"0.5\","
                + "\"status\":\"ok\",\"task\":\":test\",\"timestamp\":31536038}", onlyRequest().getBodyAsString());
    }

    @Test
    void triggerAndRecoveryShareHostAndCheck() {
        answer(aResponse().withStatus(201));
        BigPandaOptions options = options("host", "{{ index .Tags \"host\" }}", "primary-property", "host",
                "secondary-property", "check", "attributes", map("runbook", "http://wiki/{{ .Name }}", "page", true,
                        "weight", 3L));
        Map<String, String> tags = Map.of("host", "web01");
        assertTrue(deliver(config("auto-attributes", ""), options, payloadEvent(Level.CRITICAL, tags)).isDelivered());
        assertTrue(deliver(config("auto-attributes", ""), options, payloadEvent(Level.OK, tags)).isDelivered());
        List<LoggedRequest> all = bigpanda.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertEquals(2, all.size());
        String before = "{\"app_key\":\"my-app-key\",\"check\":\"id\",\"description\":\"message\",\"details\":\"details\","
                + "\"host\":\"web01\",\"page\":\"true\",\"primary_property\":\"host\",\"runbook\":\"http://wiki/test\","
                + "\"secondary_property\":\"check\",\"status\":\"";
        String after = "\",\"task\":\":test\",\"timestamp\":31536038,\"weight\":\"3\"}";
        assertEquals(before + "critical" + after, all.get(0).getBodyAsString());
        assertEquals(before + "ok" + after, all.get(1).getBodyAsString());
    }

    @Test
    void tagsAndFieldsNeverOverwriteTheAlertsIdentity() {
        answer(aResponse().withStatus(201));
        EventData data = new EventData("http", "web", "", "", Map.of("check", "tag-check", "status", "200"),
                Map.of("status", "up", "app_key", "x"), true, List.of());
        AlertEvent event = new AlertEvent("t", "http:web01", "down", "", Instant.ofEpochSecond(100), Duration.ZERO,
                Level.WARNING, Level.OK, data);
        assertTrue(deliver(config(), options(), event).isDelivered());
        assertEquals("{\"app_key\":\"my-app-key\",\"check\":\"http:web01\",\"description\":\"down\",\"host\":\"\","
                + "\"status\":\"warning\",\"task\":\"web:http\",\"timestamp\":100}", onlyRequest().getBodyAsString());
    }

    @Test
    void defaultJsonDetailsAreDroppedAndHtmlDetailsUnescaped() {
        answer(aResponse().withStatus(201));
        AlertEvent json = new AlertEvent("t", "id", "m", "{&#34;id&#34;:&#34;x&#34;}", Instant.EPOCH, Duration.ZERO,
                Level.CRITICAL, Level.OK, SampleEvents.critical().data());
        AlertEvent html = new AlertEvent("t", "id", "m", "cpu &lt; 10&#43;1 &amp; &#x27;x&#39;", Instant.EPOCH,
                Duration.ZERO, Level.CRITICAL, Level.OK, SampleEvents.critical().data());
        assertTrue(deliver(config("auto-attributes", ""), options(), json).isDelivered());
        assertTrue(deliver(config("auto-attributes", ""), options(), html).isDelivered());
        List<LoggedRequest> all = bigpanda.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertEquals("{\"app_key\":\"my-app-key\",\"check\":\"id\",\"description\":\"m\",\"host\":\"\","
                + "\"status\":\"critical\",\"task\":\"testAlertHandlers:alert\",\"timestamp\":0}",
                all.get(0).getBodyAsString());
        assertEquals("{\"app_key\":\"my-app-key\",\"check\":\"id\",\"description\":\"m\","
                + "\"details\":\"cpu \\u003c 10+1 \\u0026 'x'\",\"host\":\"\",\"status\":\"critical\","
                + "\"task\":\"testAlertHandlers:alert\",\"timestamp\":0}", all.get(1).getBodyAsString());
    }

    @Test
    void handlerFileUrlAndAppKeyOverrideTheConfig() {
        answer(aResponse().withStatus(201));
        assertTrue(deliver(config("auto-attributes", "fields"), options("url", url("/other"), "app-key", "k2"),
                SampleEvents.critical()).isDelivered());
        bigpanda.verify(1, postRequestedFor(urlEqualTo("/other"))
                .withHeader("Authorization", equalTo("Bearer my-token-123"))
                .withRequestBody(equalTo("{\"app_key\":\"k2\",\"check\":\"id\",\"description\":\"message\","
                        + "\"details\":\"details\",\"host\":\"\",\"status\":\"critical\","
                        + "\"task\":\"testAlertHandlers:alert\",\"timestamp\":0,\"value\":\"1\"}")));
    }

    @ParameterizedTest
    @CsvSource({"OK,ok", "INFO,ok", "WARNING,warning", "CRITICAL,critical"})
    void levelMapsToStatus(Level level, String status) {
        assertEquals(status, BigPandaRequest.status(level));
    }

    // ---- failures -------------------------------------------------------------------------------------------

    @Test
    void onlyCreatedIsSuccess() {
        answer(aResponse().withStatus(200).withBody("{}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config(), options(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertEquals("failed to understand BigPanda response. code: 200 content: {}", failed.reason());
    }

    @Test
    void bigPandasErrorTextIsThePermanentReason() {
        answer(aResponse().withStatus(400).withBody("{\"status\":\"failure\",\"error\":\"app_key is missing\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config(), options(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertEquals("app_key is missing", failed.reason());
    }

    @Test
    void rateLimitIsRetryableAfterTheAskedDelay() {
        answer(aResponse().withStatus(429).withHeader("Retry-After", "12").withBody("{\"error\":\"Too many\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config(), options(), SampleEvents.critical()));
        assertTrue(failed.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(12)), failed.retryAfter());
        assertEquals("Too many", failed.reason());
        assertFalse(failed.reason().contains("my-token-123"));
    }

    // ---- service test ---------------------------------------------------------------------------------------

    @Test
    void serviceTestWithKapacitorsDefaultsSendsTheHostToo() throws Exception {
        answer(aResponse().withStatus(201));
        HandlerContext context = HandlerContext.standalone();
        context = new HandlerContext(context.httpClient(),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), context.logger(),
                context.requestTimeout(), context.publisher());
        ServiceTest<?> test = FACTORY.serviceTest(config(), context).orElseThrow();
        assertEquals(map("app_key", "012345", "message", "test bigpanda message", "level", "CRITICAL",
                "event_data", map("Name", "testBigPanda", "TaskName", "", "Category", "", "Group", "", "Tags", Map.of(),
                        "Fields", Map.of(), "Recoverable", false),
                "timestamp", "", "host", "serverA", "primary_property", "", "secondary_property", ""), values(test));
        assertTrue(run(test, Map.of()).isDelivered());
        assertEquals("{\"app_key\":\"012345\",\"description\":\"test bigpanda message\",\"host\":\"serverA\","
                + "\"status\":\"critical\",\"task\":\":testBigPanda\",\"timestamp\":1767323045}",
                onlyRequest().getBodyAsString());
    }

    @Test
    void serviceTestOptionsOverTheDefaults() throws Exception {
        answer(aResponse().withStatus(201));
        ServiceTest<?> test = FACTORY.serviceTest(config(), HandlerContext.standalone()).orElseThrow();
        assertTrue(run(test, map("level", "WARNING", "timestamp", "1971-01-01T00:00:38Z", "host", "db1",
                "event_data", map("Name", "cpu", "TaskName", "t", "Tags", map("dc", "eu")))).isDelivered());
        assertEquals("{\"app_key\":\"012345\",\"dc\":\"eu\",\"description\":\"test bigpanda message\","
                + "\"host\":\"db1\",\"status\":\"warning\",\"task\":\"t:cpu\",\"timestamp\":31536038}",
                onlyRequest().getBodyAsString());
    }

    private static <T extends Record> Map<String, Object> values(ServiceTest<T> test) {
        return test.optionsSchema().redactedValues(test.defaultOptions());
    }


    // ---- schema and validation ------------------------------------------------------------------------------

    @Test
    void configKeysAndDefaultsAreKapacitors() {
        assertEquals(List.of("enabled", "global", "app-key", "token", "state-changes-only", "insecure-skip-verify",
                "url", "auto-attributes"), FACTORY.configSchema().keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("token"), FACTORY.configSchema().secretKeys());
        Map<String, Object> defaults = FACTORY.configSchema().redactedValues(FACTORY.configSchema().defaults());
        assertEquals("https://api.bigpanda.io/data/v2/alerts", defaults.get("url"));
        assertEquals("tags,fields", defaults.get("auto-attributes"));
    }

    @Test
    void optionNamesAndTickscriptPropertiesAreKapacitors() {
        var schema = FACTORY.optionsSchema();
        assertEquals(List.of("app-key", "url", "host", "primary-property", "secondary-property", "attributes"),
                schema.keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("appKey", "host", "primaryProperty", "secondaryProperty", "attribute"),
                schema.keys().stream().flatMap(k -> k.property().stream()).toList());
        assertEquals(2, schema.key("attributes").orElseThrow().arity());
    }

    @ParameterizedTest
    @CsvSource({"url,'',must specify the BigPanda webhook URL", "app-key,'',must specify BigPanda app-key",
            "token,'',must specify BigPanda token"})
    void enabledSectionNeedsUrlAppKeyAndToken(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> config(key, value));
        assertEquals(message, e.detail());
        assertEquals(Optional.of(key), e.key());
    }

    @Test
    void disabledSectionNeedsNothing() {
        ServiceConfig<BigPandaConfig> config = ServiceConfig.bind(FACTORY, List.of(map("app-key", "")));
        assertFalse(config.defaultElement().orElseThrow().enabled());
    }

    @Test
    void badTemplateFailsHandlerCreationNamingTheOption() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> FACTORY.create(options("host", "{{ .ID "), config(), HandlerContext.standalone()));
        assertTrue(e.getMessage().contains("\"host\""), e::getMessage);
    }
}
