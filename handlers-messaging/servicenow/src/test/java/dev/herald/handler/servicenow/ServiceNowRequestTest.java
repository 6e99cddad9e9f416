package dev.herald.handler.servicenow;

import static dev.herald.core.testkit.ServiceTestRunner.run;
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
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact requests of spec section 14 (Kapacitor's ServiceNow service), sent to WireMock on loopback. */
class ServiceNowRequestTest {
    @RegisterExtension
    static WireMockExtension snow = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final ServiceNowHandlerFactory FACTORY = new ServiceNowHandlerFactory();
    private static final String PATH = "/api/global/em/jsonv2";
    private static final String BASIC_KAPACITOR = "Basic a2FwYWNpdG9yOnMzY3IzdA=="; // kapacitor:s3cr3t

    private static String url(String path) {
        return "http://127.0.0.1:" + snow.getPort() + path;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        snow.stubFor(any(anyUrl()).willReturn(response));
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }

    private static ServiceConfig<ServiceNowConfig> config(Object... keyValues) {
        Map<String, Object> raw = map("enabled", true, "url", url(PATH));
        raw.putAll(map(keyValues));
        return ServiceConfig.bind(FACTORY, List.of(raw));
    }

    private static ServiceNowOptions options(Object... keyValues) {
        return FACTORY.optionsSchema().bind(map(keyValues));
    }

    private static HandlerResult deliver(ServiceConfig<ServiceNowConfig> config, ServiceNowOptions options,
            AlertEvent event) {
        try (Handler handler = FACTORY.create(options, config, HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = snow.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, all.size(), "requests received");
        return all.get(0);
    }

    /** TestStream_AlertServiceNow's event: cpu grouped by host and type, mean idle, CRITICAL. */
    private static AlertEvent cpuEvent(Level level) {
        Map<String, String> tags = Map.of("host", "serverA", "type", "idle");
        Instant time = Instant.parse("1971-01-01T00:00:10Z");
        SeriesRow row = new SeriesRow("cpu", tags, List.of("time", "mean"), List.of(List.of(time, 9.0)));
        EventData data = new EventData("cpu", "TestStream_AlertServiceNow", "", "host=serverA,type=idle", tags,
                Map.of("mean", 9.0), true, List.of(row));
        return new AlertEvent("cpu", "kapacitor/cpu/serverA", "kapacitor/cpu/serverA is " + level, "", time,
                Duration.ZERO, level, Level.OK, data);
    }

    // ---- Kapacitor's worked examples ------------------------------------------------------------------------

    @Test
    void serverTestTopicHandler() {
        answer(aResponse().withStatus(200));
        HandlerResult result = deliver(config("source", "Kapacitor"), options("source", "Kapacitor"),
                SampleEvents.critical());
        assertTrue(result.isDelivered(), result::toString);
        LoggedRequest request = onlyRequest();
        assertEquals("POST", request.getMethod().getName());
        assertEquals(PATH, request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertFalse(request.containsHeader("Authorization"));
        assertEquals("{\"records\":[{\"source\":\"Kapacitor\",\"message_key\":\"id\",\"severity\":\"1\","
                + "\"description\":\"message\"}]}", request.getBodyAsString());
    }

    @Test
    void streamTestWithEveryTemplateAndAdditionalInfo() {
        answer(aResponse().withStatus(200));
        // .node('{{ index .Tags "host" }}').type('CPU').resource('CPU-Total').metricName('{{ index .Tags "type" }}')
        // .messageKey('Alert: {{ .ID }}').additionalInfo('link', '...').additionalInfo('ticks', 666)
        ServiceNowOptions options = options("node", "{{ index .Tags \"host\" }}", "type", "CPU",
                "resource", "CPU-Total", "metricName", "{{ index .Tags \"type\" }}", "messageKey", "Alert: {{ .ID }}",
                "additional_info", map("link", "http://push/alert?id={{ .ID }}", "ticks", 666L));
        assertTrue(deliver(config(), options, cpuEvent(Level.CRITICAL)).isDelivered());
        assertEquals("{\"records\":[{\"source\":\"\",\"node\":\"serverA\",\"type\":\"CPU\",\"resource\":\"CPU-Total\","
                + "\"metric_name\":\"idle\",\"message_key\":\"Alert: kapacitor/cpu/serverA\",\"severity\":\"1\","
                + "\"description\":\"kapacitor/cpu/serverA is CRITICAL\",\"additional_info\":"
                + "\"{\\\"link\\\":\\\"http://push/alert?id=kapacitor/cpu/serverA\\\",\\\"ticks\\\":\\\"666\\\"}\"}]}",
                onlyRequest().getBodyAsString());
    }

    @Test
    void recoveringOkKeepsTheMessageKeyAndSendsSeverityFive() {
        answer(aResponse().withStatus(200));
        ServiceNowOptions options = options("node", "{{ index .Tags \"host\" }}", "metricName", "{{ .Name }}");
        assertTrue(deliver(config("source", "Kapacitor"), options, cpuEvent(Level.CRITICAL)).isDelivered());
        assertTrue(deliver(config("source", "Kapacitor"), options, cpuEvent(Level.OK)).isDelivered());
        List<LoggedRequest> all = snow.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertEquals(2, all.size());
        String common = "{\"records\":[{\"source\":\"Kapacitor\",\"node\":\"serverA\",\"metric_name\":\"cpu\","
                + "\"message_key\":\"kapacitor/cpu/serverA\",";
        assertEquals(common + "\"severity\":\"1\",\"description\":\"kapacitor/cpu/serverA is CRITICAL\"}]}",
                all.get(0).getBodyAsString());
        assertEquals(common + "\"severity\":\"5\",\"description\":\"kapacitor/cpu/serverA is OK\"}]}",
                all.get(1).getBodyAsString());
    }

    @Test
    void closeOnOkSendsSeverityZeroWhichClosesTheAlert() {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(config(), options("close-on-ok", true), cpuEvent(Level.OK)).isDelivered());
        assertEquals("{\"records\":[{\"source\":\"\",\"message_key\":\"kapacitor/cpu/serverA\",\"severity\":\"0\","
                + "\"description\":\"kapacitor/cpu/serverA is OK\"}]}", onlyRequest().getBodyAsString());
    }

    @ParameterizedTest
    @CsvSource({"OK,false,5", "INFO,false,5", "WARNING,false,4", "CRITICAL,false,1", "OK,true,0", "INFO,true,5",
            "CRITICAL,true,1"})
    void levelMapsToSeverity(Level level, boolean closeOnOk, String severity) {
        assertEquals(severity, ServiceNowRequest.severity(level, closeOnOk));
    }

    // ---- options over config ----------------------------------------------------------------------------------

    @Test
    void optionsOverrideUrlSourceAndCredentials() {
        answer(aResponse().withStatus(200));
        ServiceConfig<ServiceNowConfig> config = config("source", "Kapacitor", "username", "kapacitor",
                "password", "s3cr3t");
        assertTrue(deliver(config, options(), SampleEvents.critical()).isDelivered());
        assertTrue(deliver(config, options("url", url("/other/em"), "source", "Herald", "username", "ops",
                "password", "pa55"), SampleEvents.critical()).isDelivered());
        snow.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo(BASIC_KAPACITOR))
                .withRequestBody(equalTo("{\"records\":[{\"source\":\"Kapacitor\",\"message_key\":\"id\","
                        + "\"severity\":\"1\",\"description\":\"message\"}]}")));
        snow.verify(1, postRequestedFor(urlEqualTo("/other/em"))
                .withHeader("Authorization", equalTo("Basic b3BzOnBhNTU=")) // ops:pa55
                .withRequestBody(equalTo("{\"records\":[{\"source\":\"Herald\",\"message_key\":\"id\","
                        + "\"severity\":\"1\",\"description\":\"message\"}]}")));
    }

    @Test
    void basicAuthOnlyWhenUserAndPasswordAreBothSet() {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(config("username", "kapacitor"), options(), SampleEvents.critical()).isDelivered());
        snow.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", absent()));
    }

    @Test
    void fieldsAreCutAtKapacitorsByteLimitsOnCharacterBoundaries() {
        answer(aResponse().withStatus(200));
        String longNode = "n".repeat(99) + "é" + "tail"; // é is two bytes: byte 100 is its first half
        String longDescription = "d".repeat(4100);
        assertTrue(deliver(config(), options("node", longNode), SampleEvents.event(Level.CRITICAL, longDescription))
                .isDelivered());
        assertEquals("{\"records\":[{\"source\":\"\",\"node\":\"" + "n".repeat(99) + "\",\"message_key\":\"id\","
                + "\"severity\":\"1\",\"description\":\"" + "d".repeat(4000) + "\"}]}",
                onlyRequest().getBodyAsString());
        assertEquals("x".repeat(1024), ServiceNowRequest.cutoff("x".repeat(2000), 1024));
    }

    @Test
    void htmlCharactersAreEscapedAsGoDoes() {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(config(), options(), SampleEvents.event(Level.WARNING, "cpu <90% & >80%")).isDelivered());
        assertEquals("{\"records\":[{\"source\":\"\",\"message_key\":\"id\",\"severity\":\"4\","
                + "\"description\":\"cpu \\u003c90% \\u0026 \\u003e80%\"}]}", onlyRequest().getBodyAsString());
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    @Test
    void serviceNowErrorObjectIsThePermanentReason() {
        answer(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"User Not Authenticated\","
                + "\"detail\":\"Required to provide Auth information\"},\"status\":\"failure\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config("username", "kapacitor", "password", "s3cr3t"), options(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertEquals("User Not Authenticated: Required to provide Auth information", failed.reason());
    }

    @Test
    void kapacitorStyleStringErrorIsTheReason() {
        answer(aResponse().withStatus(400).withBody("{\"error\":\"bad event\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config(), options(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertEquals("bad event", failed.reason());
    }

    @Test
    void unavailableIsRetryableAfterTheAskedDelayWithTheBodyInTheReason() {
        answer(aResponse().withStatus(503).withHeader("Retry-After", "30").withBody("<html>Hibernating</html>"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config("username", "kapacitor", "password", "s3cr3t"), options(), SampleEvents.critical()));
        assertTrue(failed.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(30)), failed.retryAfter());
        assertEquals("failed to understand ServiceNow response. code: 503 content: <html>Hibernating</html>",
                failed.reason());
        assertFalse(failed.reason().contains("s3cr3t"));
    }

    @Test
    void onlyTwoHundredIsSuccess() {
        answer(aResponse().withStatus(201));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config(), options(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertEquals("failed to understand ServiceNow response. code: 201 content: ", failed.reason());
    }

    // ---- service test -----------------------------------------------------------------------------------------

    @Test
    void serviceTestWithKapacitorsDefaults() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceTest<?> test = FACTORY.serviceTest(config("source", "Ignored"), HandlerContext.standalone())
                .orElseThrow();
        assertEquals(map("alert_id", "1001", "message", "test servicenow message", "level", "CRITICAL",
                "source", "Kapacitor", "node", "", "type", "", "resource", "", "metric_name", "", "message_key", "",
                "additional_info", Map.of()), values(test));
        assertTrue(run(test, Map.of()).isDelivered());
        assertEquals("{\"records\":[{\"source\":\"Kapacitor\",\"message_key\":\"1001\",\"severity\":\"1\","
                + "\"description\":\"test servicenow message\"}]}", onlyRequest().getBodyAsString());
    }

    @Test
    void serviceTestOptionsAreDecodedOnTopOfTheDefaults() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceTest<?> test = FACTORY.serviceTest(config(), HandlerContext.standalone()).orElseThrow();
        assertTrue(run(test, map("level", "OK", "node", "web01", "metric_name", "cpu",
                "additional_info", map("n", 1L))).isDelivered());
        assertEquals("{\"records\":[{\"source\":\"Kapacitor\",\"node\":\"web01\",\"metric_name\":\"cpu\","
                + "\"message_key\":\"1001\",\"severity\":\"5\",\"description\":\"test servicenow message\","
                + "\"additional_info\":\"{\\\"n\\\":\\\"1\\\"}\"}]}", onlyRequest().getBodyAsString());
    }

    @Test
    void serviceTestOfADisabledServiceSaysSo() throws Exception {
        ServiceConfig<ServiceNowConfig> disabled = ServiceConfig.bind(FACTORY, List.of(map("url", url(PATH))));
        ServiceTest<?> test = FACTORY.serviceTest(disabled, HandlerContext.standalone()).orElseThrow();
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, run(test, Map.of()));
        assertEquals("service is not enabled", failed.reason());
        assertEquals(0, snow.getAllServeEvents().size());
    }

    private static <T extends Record> Map<String, Object> values(ServiceTest<T> test) {
        return test.optionsSchema().redactedValues(test.defaultOptions());
    }


    // ---- schema and validation --------------------------------------------------------------------------------

    @Test
    void configKeysAndDefaultsAreKapacitors() {
        assertEquals(List.of("enabled", "url", "source", "username", "password", "global", "state-changes-only"),
                FACTORY.configSchema().keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("password"), FACTORY.configSchema().secretKeys());
        Map<String, Object> defaults = FACTORY.configSchema().redactedValues(FACTORY.configSchema().defaults());
        assertEquals("https://instance.service-now.com/api/global/em/jsonv2", defaults.get("url"));
        assertEquals(false, defaults.get("password"));
    }

    @Test
    void optionNamesAndTickscriptPropertiesAreKapacitors() {
        var schema = FACTORY.optionsSchema();
        assertEquals(List.of("url", "source", "node", "type", "resource", "metricName", "messageKey",
                "additional_info", "username", "password", "close-on-ok"),
                schema.keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("uRL", "source", "node", "type", "resource", "metricName", "messageKey",
                "additionalInfo", "username", "password", "closeOnOk"),
                schema.keys().stream().map(k -> k.property().orElseThrow()).toList());
        assertEquals(2, schema.key("additional_info").orElseThrow().arity());
        // mapstructure matches case-insensitively; the JSON names are not option names in Kapacitor either.
        assertEquals("idle", schema.bind(map("METRICNAME", "idle")).metricName());
        ConfigException e = assertThrows(ConfigException.class, () -> schema.bind(map("metric_name", "idle")));
        assertTrue(e.getMessage().contains("unknown key \"metric_name\""), e::getMessage);
    }

    @Test
    void enabledWithoutUrlIsKapacitorsError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServiceConfig.bind(FACTORY, List.of(map("enabled", true, "url", ""))));
        assertEquals("must specify events URL", e.detail());
        assertEquals(Optional.of("url"), e.key());
    }

    @Test
    void badTemplateFailsHandlerCreationNamingTheOption() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> FACTORY.create(options("node", "{{ .ID "), config(), HandlerContext.standalone()));
        assertTrue(e.getMessage().contains("\"node\""), e::getMessage);
    }

    @Test
    void templateExecutionErrorSendsTheValueEmpty() {
        answer(aResponse().withStatus(200));
        // A field of a string is an execution error in Go templates: Kapacitor ignores it, and so do we.
        assertTrue(deliver(config(), options("node", "{{ .ID.Foo }}"), SampleEvents.critical()).isDelivered());
        assertEquals("{\"records\":[{\"source\":\"\",\"message_key\":\"id\",\"severity\":\"1\","
                + "\"description\":\"message\"}]}", onlyRequest().getBodyAsString());
    }
}
