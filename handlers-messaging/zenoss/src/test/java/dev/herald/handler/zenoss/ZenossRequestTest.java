package dev.herald.handler.zenoss;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exact requests of spec section 16 (Kapacitor's Zenoss service), sent to WireMock on loopback. */
class ZenossRequestTest {
    @RegisterExtension
    static WireMockExtension zenoss = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final ZenossHandlerFactory FACTORY = new ZenossHandlerFactory();
    private static final String PATH = "/zport/dmd/evconsole_router";

    private static String url(String path) {
        return "http://127.0.0.1:" + zenoss.getPort() + path;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        zenoss.stubFor(any(anyUrl()).willReturn(response));
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }

    private static ServiceConfig<ZenossConfig> config(Object... keyValues) {
        Map<String, Object> raw = map("enabled", true, "url", url(PATH));
        raw.putAll(map(keyValues));
        return ServiceConfig.bind(FACTORY, List.of(raw));
    }

    private static ZenossOptions options(Object... keyValues) {
        return FACTORY.optionsSchema().bind(map(keyValues));
    }

    private static HandlerResult deliver(ServiceConfig<ZenossConfig> config, ZenossOptions options,
            AlertEvent event) {
        try (Handler handler = FACTORY.create(options, config, HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = zenoss.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, all.size(), "requests received");
        return all.get(0);
    }

    private static AlertEvent cpuEvent(Level level) {
        Map<String, String> tags = Map.of("host", "serverA", "type", "idle");
        Instant time = Instant.parse("1971-01-01T00:00:10Z");
        SeriesRow row = new SeriesRow("cpu", tags, List.of("time", "mean"), List.of(List.of(time, 95.0)));
        EventData data = new EventData("cpu", "TestStream_Alert", "", "host=serverA,type=idle", tags,
                Map.of("mean", 95.0), true, List.of(row));
        return new AlertEvent("cpu", "kapacitor/cpu/serverA", "kapacitor/cpu/serverA is " + level, "details", time,
                Duration.ZERO, level, Level.OK, data);
    }

    // ---- Kapacitor's worked examples ------------------------------------------------------------------------

    @Test
    void serverTestTopicHandlerWithTidInUpperCase() {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(config("collector", ""), options("action", "EventsRouter", "method", "add_event",
                "type", "rpc", "TID", 1L), SampleEvents.critical()).isDelivered());
        LoggedRequest request = onlyRequest();
        assertEquals("POST", request.getMethod().getName());
        assertEquals(PATH, request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertFalse(request.containsHeader("Authorization"));
        assertEquals("{\"action\":\"EventsRouter\",\"method\":\"add_event\",\"data\":[{\"component\":\"\","
                + "\"device\":\"\",\"evclass\":\"\",\"evclasskey\":\"\",\"severity\":\"Critical\","
                + "\"summary\":\"message\"}],\"type\":\"rpc\",\"tid\":1}", request.getBodyAsString());
    }

    @Test
    void streamTestCustomFieldsAndNumericSeverities() {
        answer(aResponse().withStatus(200));
        ServiceConfig<ZenossConfig> config = config("severity-map", map("OK", 0L, "Info", 2L, "Warning", 3L,
                "Critical", 5L));
        ZenossOptions options = options("action", "ScriptsRouter", "method", "kapa_handler", "eventClass", "/App",
                "message", "This is message for alert {{ .ID }}", "collector", "{{ index .Tags \"host\" }}",
                "customField", map("data", "{\"id\":\"{{.ID}}\",\"message\":\"{{.Message}}\",\"time\":\"{{.Time}}\","
                        + "\"duration\":\"{{ .Duration}}\",\"level\":\"{{.Level}}\","
                        + "\"recoverable\":{{.Recoverable}}}", "ticks", 33L));
        assertTrue(deliver(config, options, cpuEvent(Level.CRITICAL)).isDelivered());
        assertEquals("{\"action\":\"ScriptsRouter\",\"method\":\"kapa_handler\",\"data\":[{\"collector\":\"serverA\","
                + "\"component\":\"\",\"data\":{\"duration\":\"0s\",\"id\":\"kapacitor/cpu/serverA\","
                + "\"level\":\"CRITICAL\",\"message\":\"kapacitor/cpu/serverA is CRITICAL\",\"recoverable\":true,"
                + "\"time\":\"1971-01-01 00:00:10 +0000 UTC\"},\"device\":\"\",\"evclass\":\"/App\","
                + "\"evclasskey\":\"\",\"message\":\"This is message for alert kapacitor/cpu/serverA\","
                + "\"severity\":5,\"summary\":\"kapacitor/cpu/serverA is CRITICAL\",\"ticks\":33}],\"type\":\"rpc\","
                + "\"tid\":1}", onlyRequest().getBodyAsString());
    }

    @Test
    void recoveringOkKeepsDeviceAndComponentAndSendsClear() {
        answer(aResponse().withStatus(200));
        ZenossOptions options = options("device", "{{ index .Tags \"host\" }}", "component", "{{ .Name }}",
                "eventClassKey", "{{ .TaskName }}", "summary", "{{ .ID }} is {{ .Level }}");
        assertTrue(deliver(config(), options, cpuEvent(Level.CRITICAL)).isDelivered());
        assertTrue(deliver(config(), options, cpuEvent(Level.OK)).isDelivered());
        List<LoggedRequest> all = zenoss.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertEquals(2, all.size());
        String before = "{\"action\":\"EventsRouter\",\"method\":\"add_event\",\"data\":[{\"collector\":\"Kapacitor\","
                + "\"component\":\"cpu\",\"device\":\"serverA\",\"evclass\":\"\",\"evclasskey\":\"TestStream_Alert\",";
        assertEquals(before + "\"severity\":\"Critical\",\"summary\":\"kapacitor/cpu/serverA is CRITICAL\"}],"
                + "\"type\":\"rpc\",\"tid\":1}", all.get(0).getBodyAsString());
        assertEquals(before + "\"severity\":\"Clear\",\"summary\":\"kapacitor/cpu/serverA is OK\"}],"
                + "\"type\":\"rpc\",\"tid\":1}", all.get(1).getBodyAsString());
    }

    @Test
    void optionsOverrideConfigAndCustomFieldsOverrideStandardKeys() {
        answer(aResponse().withStatus(200));
        ServiceConfig<ZenossConfig> config = config("username", "admin", "password", "zenpass", "action", "A",
                "method", "m", "type", "t", "tid", 7L, "collector", "cfg", "severity-map", map("warning", "Major"));
        assertTrue(deliver(config, options(), SampleEvents.event(Level.WARNING, "w")).isDelivered());
        assertTrue(deliver(config, options("url", url("/other"), "username", "ops", "password", "pa55",
                "action", "B", "method", "n", "type", "u", "tid", 9L, "collector", "opt",
                "customField", map("device", "forced", "on", true, "list", List.of(1L, "x"))),
                SampleEvents.event(Level.WARNING, "w")).isDelivered());
        zenoss.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Basic YWRtaW46emVucGFzcw==")) // admin:zenpass
                .withRequestBody(equalTo("{\"action\":\"A\",\"method\":\"m\",\"data\":[{\"collector\":\"cfg\","
                        + "\"component\":\"\",\"device\":\"\",\"evclass\":\"\",\"evclasskey\":\"\","
                        + "\"severity\":\"Major\",\"summary\":\"w\"}],\"type\":\"t\",\"tid\":7}")));
        zenoss.verify(1, postRequestedFor(urlEqualTo("/other"))
                .withHeader("Authorization", equalTo("Basic b3BzOnBhNTU=")) // ops:pa55
                .withRequestBody(equalTo("{\"action\":\"B\",\"method\":\"n\",\"data\":[{\"collector\":\"opt\","
                        + "\"component\":\"\",\"device\":\"forced\",\"evclass\":\"\",\"evclasskey\":\"\","
                        + "\"list\":[1,\"x\"],\"on\":true,\"severity\":\"Major\",\"summary\":\"w\"}],\"type\":\"u\","
                        + "\"tid\":9}")));
    }

    @Test
    void summaryAndMessageAreCutOnCharacterBoundaries() {
        answer(aResponse().withStatus(200));
        String message = "m".repeat(255) + "€"; // three bytes from byte 256 on
        assertTrue(deliver(config("collector", ""), options("message", "x".repeat(5000)),
                SampleEvents.event(Level.INFO, message)).isDelivered());
        assertEquals("{\"action\":\"EventsRouter\",\"method\":\"add_event\",\"data\":[{\"component\":\"\","
                + "\"device\":\"\",\"evclass\":\"\",\"evclasskey\":\"\",\"message\":\"" + "x".repeat(4096) + "\","
                + "\"severity\":\"Info\",\"summary\":\"" + "m".repeat(255) + "\"}],\"type\":\"rpc\",\"tid\":1}",
                onlyRequest().getBodyAsString());
    }

    @Test
    void customFieldThatIsNotJsonStaysText() {
        assertEquals("{not json", ZenossRequest.customValue("{not json"));
        assertEquals("plain", ZenossRequest.customValue("plain"));
        assertEquals(List.of(1.0, "a"), ZenossRequest.customValue("[1,\"a\"]"));
    }

    // ---- Ext.Direct answers ---------------------------------------------------------------------------------

    @Test
    void extDirectResultWithSuccessFalseInA200IsAPermanentFailure() {
        answer(aResponse().withStatus(200).withBody("{\"uuid\":\"u\",\"action\":\"EventsRouter\",\"result\":"
                + "{\"msg\":\"Device &lt;x&gt; not found\",\"type\":\"error\",\"success\":false},\"tid\":1,"
                + "\"type\":\"rpc\",\"method\":\"add_event\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config(), options(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertEquals("Zenoss error: Device <x> not found", failed.reason());
    }

    @Test
    void extDirectExceptionInA200IsAPermanentFailure() {
        answer(aResponse().withStatus(200).withBody("[{\"type\":\"exception\",\"message\":\"AttributeError "
                + "kapa_handler\",\"where\":\"router\"}]"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config(), options(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertEquals("Zenoss exception: AttributeError kapa_handler", failed.reason());
    }

    @Test
    void extDirectMethodExceptionResultIsAPermanentFailure() {
        answer(aResponse().withStatus(200).withBody("{\"type\":\"rpc\",\"tid\":1,\"result\":{\"type\":\"exception\","
                + "\"success\":false,\"msg\":\"TypeError: add_event() takes at least 6 arguments\"}}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config(), options(), SampleEvents.critical()));
        assertEquals("Zenoss exception: TypeError: add_event() takes at least 6 arguments", failed.reason());
    }

    @Test
    void successfulExtDirectAnswerIsDelivered() {
        answer(aResponse().withStatus(200).withBody("{\"type\":\"rpc\",\"tid\":1,\"action\":\"EventsRouter\","
                + "\"method\":\"add_event\",\"result\":{\"success\":true}}"));
        assertTrue(deliver(config(), options(), SampleEvents.critical()).isDelivered());
    }

    @Test
    void nonTwoHundredUsesKapacitorsErrorTextAndClassification() {
        answer(aResponse().withStatus(401).withBody("{\"error\":\"Unauthorized\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver(config("username", "admin", "password", "zenpass"), options(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertEquals("Unauthorized", failed.reason());

        zenoss.resetAll();
        answer(aResponse().withStatus(502).withBody("Bad gateway"));
        failed = assertInstanceOf(HandlerResult.Failed.class, deliver(config(), options(), SampleEvents.critical()));
        assertTrue(failed.retryable());
        assertEquals("failed to understand Zenoss response. code: 502 content: Bad gateway", failed.reason());
    }

    // ---- service test ---------------------------------------------------------------------------------------

    @Test
    void serviceTestWithKapacitorsDefaults() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceTest<?> test = FACTORY.serviceTest(config(), HandlerContext.standalone()).orElseThrow();
        assertEquals(map("alert_id", "1001", "level", "CRITICAL", "message", "test zenoss message",
                "action", "EventsRouter", "method", "add_event", "type", "rpc", "tid", 1L, "summary", "", "device", "",
                "component", "", "eventclasskey", "", "eventclass", "", "collector", "Kapacitor",
                "custom_fields", Map.of()), values(test));
        assertTrue(run(test, Map.of()).isDelivered());
        assertEquals("{\"action\":\"EventsRouter\",\"method\":\"add_event\",\"data\":[{\"collector\":\"Kapacitor\","
                + "\"component\":\"\",\"device\":\"\",\"evclass\":\"\",\"evclasskey\":\"\",\"severity\":\"Critical\","
                + "\"summary\":\"test zenoss message\"}],\"type\":\"rpc\",\"tid\":1}", onlyRequest().getBodyAsString());
    }

    @Test
    void serviceTestOptionsOverTheDefaults() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceTest<?> test = FACTORY.serviceTest(config(), HandlerContext.standalone()).orElseThrow();
        assertTrue(run(test, map("level", "WARNING", "device", "web01", "eventclass", "/Status",
                "custom_fields", map("n", 2L))).isDelivered());
        assertEquals("{\"action\":\"EventsRouter\",\"method\":\"add_event\",\"data\":[{\"collector\":\"Kapacitor\","
                + "\"component\":\"\",\"device\":\"web01\",\"evclass\":\"/Status\",\"evclasskey\":\"\",\"n\":2,"
                + "\"severity\":\"Warning\",\"summary\":\"test zenoss message\"}],\"type\":\"rpc\",\"tid\":1}",
                onlyRequest().getBodyAsString());
    }

    private static <T extends Record> Map<String, Object> values(ServiceTest<T> test) {
        return test.optionsSchema().redactedValues(test.defaultOptions());
    }


    // ---- schema and validation ------------------------------------------------------------------------------

    @Test
    void configKeysAndDefaultsAreKapacitors() {
        assertEquals(List.of("enabled", "url", "username", "password", "action", "method", "type", "tid", "collector",
                "severity-map", "global", "state-changes-only"),
                FACTORY.configSchema().keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("password"), FACTORY.configSchema().secretKeys());
        Map<String, Object> defaults = FACTORY.configSchema().redactedValues(FACTORY.configSchema().defaults());
        assertEquals(DEFAULTS, defaults);
    }

    private static final Map<String, Object> DEFAULTS = map("enabled", false,
            "url", "https://tenant.zenoss.io:8080/zport/dmd/evconsole_router", "username", "", "password", false,
            "action", "EventsRouter", "method", "add_event", "type", "rpc", "tid", 1L, "collector", "Kapacitor",
            "severity-map", map("OK", "Clear", "Info", "Info", "Warning", "Warning", "Critical", "Critical"),
            "global", false, "state-changes-only", false);

    @Test
    void optionNamesAndTickscriptPropertiesAreKapacitors() {
        var schema = FACTORY.optionsSchema();
        assertEquals(List.of("url", "username", "password", "action", "method", "type", "tid", "summary", "device",
                "component", "eventClassKey", "eventClass", "collector", "message", "customField"),
                schema.keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("uRL", "username", "password", "action", "method", "type", "tid", "summary", "device",
                "component", "eventClassKey", "eventClass", "collector", "message", "customField"),
                schema.keys().stream().map(k -> k.property().orElseThrow()).toList());
        ConfigException e = assertThrows(ConfigException.class, () -> schema.bind(map("evclass", "/App")));
        assertTrue(e.getMessage().contains("unknown key \"evclass\""), e::getMessage);
        assertEquals("/App", schema.bind(map("EVENTCLASS", "/App")).eventClass());
    }

    @Test
    void severityMapIsValidatedAsKapacitorDoes() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> config("severity-map", map("fatal", 5L)));
        assertTrue(unknown.detail().startsWith("Unknown field fatal for SeverityMap"), unknown::detail);
        ConfigException invalid = assertThrows(ConfigException.class,
                () -> config("severity-map", map("ok", true)));
        assertTrue(invalid.detail().startsWith("invalid severity mapping"), invalid::detail);
        assertEquals(0L, ZenossRequest.severity(Map.of("ok", 0L), Level.OK), "API keys are lower case");
        assertEquals("Critical", ZenossRequest.severity(Map.of("ok", 0L), Level.CRITICAL), "unlisted: default");
    }

    @Test
    void enabledWithoutUrlIsKapacitorsError() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("url", ""));
        assertEquals("must specify events URL", e.detail());
    }

    @Test
    void badTemplateFailsHandlerCreationNamingTheOption() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> FACTORY.create(options("summary", "{{ .ID "), config(), HandlerContext.standalone()));
        assertTrue(e.getMessage().contains("\"summary\""), e::getMessage);
    }

    @Test
    void unknownServiceTestLevelIsRejected() {
        ServiceTest<?> test = FACTORY.serviceTest(config(), HandlerContext.standalone()).orElseThrow();
        assertThrows(ConfigException.class, () -> run(test, map("level", "FATAL")));
    }
}
