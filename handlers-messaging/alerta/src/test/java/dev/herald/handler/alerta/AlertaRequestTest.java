package dev.herald.handler.alerta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests of the spec's worked examples (section 7.6), fallbacks, replies and config rules. */
class AlertaRequestTest {
    private static final String R = "{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
            + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]}";
    private static final String CPU_R = "{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"serverA\"},"
            + "\"columns\":[\"time\",\"count\"],\"values\":[[\"1971-01-01T00:00:10Z\",10]]}]}";
    private static final String CPU_TEXT = "kapacitor/cpu/serverA is CRITICAL @1971-01-01 00:00:10 +0000 UTC";

    private final AlertaHandlerFactory factory = new AlertaHandlerFactory();
    private WireMockServer alerta;

    @BeforeEach
    void start() {
        alerta = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        alerta.start();
        answer(aResponse().withStatus(201).withBody("{\"status\":\"ok\",\"id\":\"x\"}"));
    }

    @AfterEach
    void stop() {
        alerta.stop();
    }

    private void answer(ResponseDefinitionBuilder response) {
        alerta.resetMappings();
        alerta.stubFor(any(anyUrl()).willReturn(response));
    }

    private String url() {
        return "http://127.0.0.1:" + alerta.port();
    }

    private ServiceConfig<AlertaConfig> config(Map<String, Object> extra) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("enabled", true);
        keys.put("url", url());
        keys.putAll(extra);
        return ServiceConfig.bind(factory, List.of(keys));
    }

    private HandlerResult send(ServiceConfig<AlertaConfig> config, Map<String, Object> options, AlertEvent event)
            throws Exception {
        try (Handler handler = factory.create(factory.optionsSchema().bind(options), config,
                HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
    }

    private List<LoggedRequest> requests() {
        return alerta.findAll(anyRequestedFor(anyUrl()));
    }

    private LoggedRequest only() {
        List<LoggedRequest> all = requests();
        assertEquals(1, all.size(), all::toString);
        return all.get(0);
    }

    /** TestStream_AlertAlerta's event: id serverA, grouped by host, task TestStream_Alert. */
    private static AlertEvent cpu(Level level) {
        SeriesRow row = new SeriesRow("cpu", Map.of("host", "serverA"), List.of("time", "count"),
                List.of(List.of(Instant.parse("1971-01-01T00:00:10Z"), 10L)));
        EventData data = new EventData("cpu", "TestStream_Alert", "", "host=serverA", Map.of("host", "serverA"),
                Map.of("count", 10L), true, List.of(row));
        return new AlertEvent("t", "serverA", CPU_TEXT, "", Instant.parse("1971-01-01T00:00:10Z"), Duration.ZERO,
                level, Level.OK, data);
    }

    @Test
    void serverTestExampleIsSentExactly() throws Exception {
        Map<String, Object> options = Map.of("token", "testtoken1234567", "token-prefix", "Bearer",
                "origin", "kapacitor", "group", "test", "environment", "env", "timeout", 86_400_000_000_000L);
        assertTrue(send(config(Map.of()), options, SampleEvents.critical()).isDelivered());
        LoggedRequest request = only();
        assertEquals("POST", request.getMethod().getName());
        assertEquals("/alert", request.getUrl());
        assertEquals("Bearer testtoken1234567", request.getHeader("Authorization"));
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("{\"correlate\":[\"alert\"],\"environment\":\"env\",\"event\":\"id\",\"group\":\"test\","
                + "\"origin\":\"kapacitor\",\"rawData\":" + R + ",\"resource\":\"alert\",\"service\":[\"alert\"],"
                + "\"severity\":\"critical\",\"tags\":[],\"text\":\"message\",\"timeout\":86400,\"value\":\"\"}\n",
                request.getBodyAsString());
    }

    @Test
    void streamExampleWithDefaultsTakesOriginFromConfig() throws Exception {
        Map<String, Object> options = Map.of("token", "testtoken1234567", "environment", "production",
                "timeout", "1h");
        assertTrue(send(config(Map.of("origin", "Kapacitor")), options, cpu(Level.CRITICAL)).isDelivered());
        LoggedRequest request = only();
        assertEquals("Bearer testtoken1234567", request.getHeader("Authorization"));
        assertEquals("{\"correlate\":[\"cpu\"],\"environment\":\"production\",\"event\":\"serverA\","
                + "\"group\":\"host=serverA\",\"origin\":\"Kapacitor\",\"rawData\":" + CPU_R + ","
                + "\"resource\":\"cpu\",\"service\":[\"cpu\"],\"severity\":\"critical\",\"tags\":[\"host=serverA\"],"
                + "\"text\":\"" + CPU_TEXT + "\",\"timeout\":3600,\"value\":\"\"}\n", request.getBodyAsString());
    }

    @Test
    void streamExampleWithEveryTemplate() throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("token", "anothertesttoken");
        options.put("resource", "resource: {{ index .Tags \"host\" }}");
        options.put("event", "event: {{ .TaskName }}");
        options.put("environment", "{{ index .Tags \"host\" }}");
        options.put("origin", "override");
        options.put("group", "{{ .ID }}");
        options.put("value", "{{ index .Fields \"count\" }}");
        options.put("service", List.of("serviceA", "serviceB", "{{ .Name }}"));
        options.put("correlate", List.of("{{ .Name }}"));
        options.put("attributes", Map.of("attributeA", "{{ .Name }}", "attributeB", "true"));
        assertTrue(send(config(Map.of("origin", "Kapacitor", "environment", "cfg-env")), options, cpu(Level.CRITICAL))
                .isDelivered());
        LoggedRequest request = only();
        assertEquals("Bearer anothertesttoken", request.getHeader("Authorization"));
        assertEquals("{\"attributes\":{\"attributeA\":\"cpu\",\"attributeB\":\"true\"},\"correlate\":[\"cpu\"],"
                + "\"environment\":\"serverA\",\"event\":\"event: TestStream_Alert\",\"group\":\"serverA\","
                + "\"origin\":\"override\",\"rawData\":" + CPU_R + ",\"resource\":\"resource: serverA\","
                + "\"service\":[\"serviceA\",\"serviceB\",\"cpu\"],\"severity\":\"critical\","
                + "\"tags\":[\"host=serverA\"],\"text\":\"" + CPU_TEXT + "\",\"timeout\":86400,\"value\":\"10\"}\n",
                request.getBodyAsString());
    }

    @Test
    void recoveryIsSeverityOkWithConfigTokenPrefixAndEnvironment() throws Exception {
        assertTrue(send(config(Map.of("token", "cfgtoken", "token-prefix", "Key", "environment", "Production",
                "url", url() + "/api/")), Map.of(), cpu(Level.OK)).isDelivered());
        LoggedRequest request = only();
        assertEquals("/api/alert", request.getUrl());
        assertEquals("Key cfgtoken", request.getHeader("Authorization"));
        assertEquals("{\"correlate\":[\"cpu\"],\"environment\":\"Production\",\"event\":\"serverA\","
                + "\"group\":\"host=serverA\",\"origin\":\"\",\"rawData\":" + CPU_R + ","
                + "\"resource\":\"cpu\",\"service\":[\"cpu\"],\"severity\":\"ok\",\"tags\":[\"host=serverA\"],"
                + "\"text\":\"" + CPU_TEXT + "\",\"timeout\":86400,\"value\":\"\"}\n", request.getBodyAsString());
    }

    @Test
    void levelsMapToAlertaSeverities() {
        assertEquals("ok", AlertaRequest.severity(Level.OK));
        assertEquals("informational", AlertaRequest.severity(Level.INFO));
        assertEquals("warning", AlertaRequest.severity(Level.WARNING));
        assertEquals("critical", AlertaRequest.severity(Level.CRITICAL));
    }

    @Test
    void emptyTokenStillSendsTheBearerWord() throws Exception {
        assertTrue(send(config(Map.of()), Map.of(), SampleEvents.critical()).isDelivered());
        // Kapacitor sends "Bearer " (with the empty token); HTTP strips trailing whitespace from header values.
        assertEquals("Bearer", only().getHeader("Authorization"));
    }

    @Test
    void emptyResourceIsRejectedBeforeTheEnabledCheck() throws Exception {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, send(
                config(Map.of("enabled", false)), Map.of("resource", "{{ index .Tags \"missing\" }}"),
                SampleEvents.critical()));
        assertEquals("Resource and Event are required to send an alert", failed.reason());
        assertFalse(failed.retryable());
        assertEquals(0, requests().size());
    }

    @Test
    void badTemplateIsRejectedWhenTheHandlerIsCreated() {
        ConfigException e = assertThrows(ConfigException.class, () -> factory.create(
                factory.optionsSchema().bind(Map.of("value", "{{ .Name")), config(Map.of()),
                HandlerContext.standalone()));
        assertTrue(e.getMessage().contains("value"), e.getMessage());
    }

    @Test
    void alertaErrorMessageIsThePermanentReasonWithoutTheToken() throws Exception {
        answer(aResponse().withStatus(400).withBody("{\"status\":\"error\",\"message\":\"Alert rejected\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("token", "sekrit-token")), Map.of(), SampleEvents.critical()));
        assertEquals("Alert rejected", failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void serverErrorIsRetryableWithAlertaText() throws Exception {
        answer(aResponse().withStatus(500).withBody("{\"status\":\"error\",\"message\":\"db down\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of(), SampleEvents.critical()));
        assertEquals("db down", failed.reason());
        assertTrue(failed.retryable());
    }

    @Test
    void okStatusIsNotAlertasSuccess() throws Exception {
        answer(aResponse().withStatus(200).withBody("<html>proxy</html>"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of(), SampleEvents.critical()));
        assertEquals("failed to understand Alerta response. code: 200 content: <html>proxy</html>", failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void serviceTestSendsKapacitorsDefaults() throws Exception {
        @SuppressWarnings("unchecked")
        ServiceTest<AlertaHandlerFactory.TestOptions> test = (ServiceTest<AlertaHandlerFactory.TestOptions>)
                factory.serviceTest(config(Map.of("token", "tok", "environment", "Production",
                        "origin", "kapacitor")), HandlerContext.standalone()).orElseThrow();
        assertEquals(List.of("resource", "event", "environment", "severity", "group", "value", "message", "origin",
                "service", "correlate", "attributes", "timeout"),
                List.copyOf(test.optionsSchema().revealedValues(test.defaultOptions()).keySet()));
        assertTrue(test.run(test.defaultOptions()).toCompletableFuture().get(15, TimeUnit.SECONDS).isDelivered());
        LoggedRequest request = only();
        assertEquals("/alert", request.getUrl());
        assertEquals("Bearer tok", request.getHeader("Authorization"));
        assertEquals("{\"attributes\":{\"testAttributeA\":\"A\",\"testAttributeB\":\"true\","
                + "\"testAttributeC\":\"9001\"},\"correlate\":[\"testServiceX\",\"testServiceY\"],"
                + "\"environment\":\"Production\",\"event\":\"testEvent\",\"group\":\"testGroup\","
                + "\"origin\":\"kapacitor\",\"rawData\":{\"series\":null},\"resource\":\"testResource\","
                + "\"service\":[\"testServiceA\",\"testServiceB\"],\"severity\":\"critical\",\"tags\":[],"
                + "\"text\":\"test alerta message\",\"timeout\":86400,\"value\":\"testValue\"}\n",
                request.getBodyAsString());
    }

    @Test
    void serviceTestWithoutServicesOrAttributesOmitsThem() throws Exception {
        @SuppressWarnings("unchecked")
        ServiceTest<AlertaHandlerFactory.TestOptions> test = (ServiceTest<AlertaHandlerFactory.TestOptions>)
                factory.serviceTest(config(Map.of()), HandlerContext.standalone()).orElseThrow();
        AlertaHandlerFactory.TestOptions options = test.optionsSchema().bind(
                Map.of("service", List.of(), "correlate", List.of(), "attributes", Map.of(), "severity", "major",
                        "timeout", "10m"), test.optionsSchema().revealedValues(test.defaultOptions()));
        assertTrue(test.run(options).toCompletableFuture().get(15, TimeUnit.SECONDS).isDelivered());
        assertEquals("{\"environment\":\"\",\"event\":\"testEvent\",\"group\":\"testGroup\",\"origin\":\"\","
                + "\"rawData\":{\"series\":null},\"resource\":\"testResource\",\"severity\":\"major\",\"tags\":[],"
                + "\"text\":\"test alerta message\",\"timeout\":600,\"value\":\"testValue\"}\n",
                only().getBodyAsString());
    }

    @Test
    void defaultsKeysAndPropertiesAreKapacitors() {
        assertEquals(List.of("enabled", "url", "insecure-skip-verify", "token", "token-prefix", "environment",
                "origin", "timeout"), factory.configSchema().keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("token", "token-prefix", "resource", "event", "environment", "group", "value",
                "origin", "service", "correlate", "attributes", "timeout"),
                factory.optionsSchema().keys().stream().map(k -> k.name()).toList());
        Map<String, String> properties = new LinkedHashMap<>();
        factory.optionsSchema().keys().forEach(k -> properties.put(k.name(), k.property().orElse("-")));
        assertEquals("-", properties.get("token-prefix"));
        assertEquals("services", properties.get("service"));
        assertEquals("correlated", properties.get("correlate"));
        assertEquals("attribute", properties.get("attributes"));
        AlertaOptions defaults = factory.optionsSchema().defaults();
        assertEquals("{{ .Name }}", defaults.resource());
        assertEquals("{{ .ID }}", defaults.event());
        assertEquals("{{ .Group }}", defaults.group());
        assertEquals(Duration.ofHours(24), defaults.timeout());
        assertFalse(factory.configSchema().key("global").isPresent());
    }

    @Test
    void enabledWithoutUrlIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServiceConfig.bind(factory, List.of(Map.of("enabled", true))));
        assertTrue(e.getMessage().contains("must specify url"), e.getMessage());
    }
}
