package dev.herald.server.e2e;

import dev.herald.server.TestServer;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Zenoss plugin through the whole server: {@code [zenoss]} with a numeric {@code severity-map} table in the
 * config file, a TICKscript task and a topic handler over the HTTP API, points written to
 * {@code /kapacitor/v1/write}, and the exact Ext.Direct requests WireMock (standing in for Zenoss) receives; plus
 * the config API, the service test (including an Ext.Direct failure inside a 200) and the handler listing.
 */
class ZenossEndToEndTest {
    @RegisterExtension
    static WireMockExtension zenoss = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final String PATH = "/zport/dmd/evconsole_router";
    private static final String BASIC = "Basic YWRtaW46ejNuMHNz"; // admin:z3n0ss
    private static final String OK_ANSWER = "{\"uuid\":\"5d1\",\"action\":\"EventsRouter\",\"result\":"
            + "{\"success\":true},\"tid\":1,\"type\":\"rpc\",\"method\":\"add_event\"}";

    @TempDir
    Path dir;
    TestServer api;

    @BeforeEach
    void start() {
        zenoss.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(OK_ANSWER)));
        api = TestServer.start(dir, "[zenoss]\n  enabled = true\n  url = \"" + zenoss.baseUrl()
                + PATH + "\"\n  username = \"admin\"\n  password = \"z3n0ss\"\n"
                + "  [zenoss.severity-map]\n    OK = 0\n    Info = 2\n    Warning = 3\n    Critical = 5\n");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void tickscriptTaskSendsTheEventAndItsRecovery() {
        api.defineTask("zenoss_cpu", "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n"
                + "        .id('kapacitor/{{ .Name }}/{{ index .Tags \"host\" }}')\n"
                + "        .crit(lambda: \"usage_idle\" < 10)\n"
                + "        .zenoss()\n            .action('ScriptsRouter')\n            .method('kapa_handler')\n"
                + "            .device('{{ index .Tags \"host\" }}')\n            .component('{{ .Name }}')\n"
                + "            .eventClass('/App')\n            .message('This is message for alert {{ .ID }}')\n"
                + "            .customField('data', '{\"id\":\"{{.ID}}\",\"level\":\"{{.Level}}\"}')\n"
                + "            .customField('ticks', '33')\n");
        api.write("cpu,host=serverA usage_idle=3 10\ncpu,host=serverA usage_idle=50 20");

        List<LoggedRequest> got = TestServer.awaitRequests(zenoss, 2);
        assertRequest(got.get(0), "{\"action\":\"ScriptsRouter\",\"method\":\"kapa_handler\",\"data\":[{"
                + "\"collector\":\"Kapacitor\",\"component\":\"cpu\",\"data\":{\"id\":\"kapacitor/cpu/serverA\","
                + "\"level\":\"CRITICAL\"},\"device\":\"serverA\",\"evclass\":\"/App\",\"evclasskey\":\"\","
                + "\"message\":\"This is message for alert kapacitor/cpu/serverA\",\"severity\":5,"
                + "\"summary\":\"kapacitor/cpu/serverA is CRITICAL\",\"ticks\":\"33\"}],\"type\":\"rpc\",\"tid\":1}");
        assertRequest(got.get(1), "{\"action\":\"ScriptsRouter\",\"method\":\"kapa_handler\",\"data\":[{"
                + "\"collector\":\"Kapacitor\",\"component\":\"cpu\",\"data\":{\"id\":\"kapacitor/cpu/serverA\","
                + "\"level\":\"OK\"},\"device\":\"serverA\",\"evclass\":\"/App\",\"evclasskey\":\"\","
                + "\"message\":\"This is message for alert kapacitor/cpu/serverA\",\"severity\":0,"
                + "\"summary\":\"kapacitor/cpu/serverA is OK\",\"ticks\":\"33\"}],\"type\":\"rpc\",\"tid\":1}");
    }

    @Test
    void topicHandlerWithOptions() {
        api.defineTask("zenoss_topic", "stream|from().measurement('cpu')|alert()"
                + ".id('{{ .Name }}:{{ index .Tags \"host\" }}').warn(lambda: \"usage_idle\" < 10).topic('cpu')");
        TestServer.Response h = api.post("/kapacitor/v1/alerts/topics/cpu/handlers",
                "{\"id\":\"zen\",\"kind\":\"zenoss\",\"options\":{\"action\":\"EventsRouter\",\"method\":\"add_event\","
                        + "\"type\":\"rpc\",\"TID\":7,\"summary\":\"{{ .ID }}: {{ .Level }}\","
                        + "\"device\":\"{{ index .Tags \\\"host\\\" }}\",\"eventClassKey\":\"cpu-idle\","
                        + "\"collector\":\"herald\",\"customField\":{\"ticks\":33,\"on\":true}}}");
        assertEquals(200, h.status(), h.body());
        api.write("cpu,host=web01 usage_idle=1 10");

        assertRequest(TestServer.awaitRequests(zenoss, 1).get(0), "{\"action\":\"EventsRouter\",\"method\":\"add_event\","
                + "\"data\":[{\"collector\":\"herald\",\"component\":\"\",\"device\":\"web01\",\"evclass\":\"\","
                + "\"evclasskey\":\"cpu-idle\",\"on\":true,\"severity\":3,\"summary\":\"cpu:web01: WARNING\","
                + "\"ticks\":33}],\"type\":\"rpc\",\"tid\":7}");
    }

    @Test
    void globalWithStateChangesOnlySendsFromEveryAlertNodeOnlyOnChanges() {
        api.close();
        api = TestServer.start(dir.resolve("global"), "[zenoss]\n  enabled = true\n  url = \""
                + zenoss.baseUrl() + PATH + "\"\n  username = \"admin\"\n  password = \"z3n0ss\"\n"
                + "  global = true\n  state-changes-only = true\n");
        api.defineTask("zenoss_global", "stream|from().measurement('cpu')|alert().id('{{ .Name }}')"
                + ".crit(lambda: \"usage_idle\" < 10)");
        api.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=2 20\ncpu,host=a usage_idle=50 30");

        List<LoggedRequest> got = TestServer.awaitRequests(zenoss, 2);
        String before = "{\"action\":\"EventsRouter\",\"method\":\"add_event\",\"data\":[{\"collector\":\"Kapacitor\","
                + "\"component\":\"\",\"device\":\"\",\"evclass\":\"\",\"evclasskey\":\"\",";
        assertRequest(got.get(0), before + "\"severity\":\"Critical\",\"summary\":\"cpu is CRITICAL\"}],"
                + "\"type\":\"rpc\",\"tid\":1}");
        assertRequest(got.get(1), before + "\"severity\":\"Clear\",\"summary\":\"cpu is OK\"}],"
                + "\"type\":\"rpc\",\"tid\":1}");
    }

    @Test
    void configApiRedactsThePasswordAndShowsTheSeverityMap() {
        TestServer.Response r = api.get("/kapacitor/v1/config/zenoss");
        assertEquals(200, r.status(), r.body());
        JsonNode element = r.json().path("elements").get(0);
        JsonNode options = element.path("options");
        assertEquals(true, options.path("password").asBoolean(), r.body());
        assertEquals("admin", options.path("username").asText());
        assertEquals("EventsRouter", options.path("action").asText());
        assertEquals(1, options.path("tid").asInt());
        assertEquals("{\"OK\":0,\"Info\":2,\"Warning\":3,\"Critical\":5}", options.path("severity-map").toString());
        assertEquals("[\"password\"]", element.path("redacted").toString());
        assertFalse(r.body().contains("z3n0ss"));
    }

    @Test
    void serviceTestSendsKapacitorsTestEventAndReportsExtDirectFailures() {
        TestServer.Response defaults = api.get("/kapacitor/v1/service-tests/zenoss");
        assertEquals("EventsRouter", defaults.json().path("options").path("action").asText(), defaults.body());
        TestServer.Response r = api.post("/kapacitor/v1/service-tests/zenoss", "{}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("success").asBoolean(), r.body());
        assertRequest(TestServer.awaitRequests(zenoss, 1).get(0), "{\"action\":\"EventsRouter\",\"method\":\"add_event\","
                + "\"data\":[{\"collector\":\"Kapacitor\",\"component\":\"\",\"device\":\"\",\"evclass\":\"\","
                + "\"evclasskey\":\"\",\"severity\":5,\"summary\":\"test zenoss message\"}],\"type\":\"rpc\",\"tid\":1}");

        zenoss.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"type\":\"rpc\",\"tid\":1,"
                + "\"result\":{\"type\":\"exception\",\"success\":false,\"msg\":\"ZenEventError: no such router\"}}")));
        TestServer.Response failed = api.post("/kapacitor/v1/service-tests/zenoss",
                "{\"method\":\"nope\"}");
        assertEquals(200, failed.status(), failed.body());
        assertFalse(failed.json().path("success").asBoolean(), failed.body());
        assertEquals("Zenoss exception: ZenEventError: no such router", failed.json().path("message").asText());
    }

    @Test
    void handlersListTheKindWithItsSchemas() {
        TestServer.Response r = api.get("/kapacitor/v1/handlers/zenoss");
        assertEquals(200, r.status(), r.body());
        JsonNode kind = r.json();
        assertEquals("zenoss", kind.path("tickName").asText());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        JsonNode config = kind.path("config").path("properties");
        assertTrue(config.path("password").path("writeOnly").asBoolean(), config.toString());
        assertEquals("Clear", config.path("severity-map").path("default").path("OK").asText());
        JsonNode options = kind.path("options").path("properties");
        assertEquals("eventClassKey", options.path("eventClassKey").path("x-herald-property").asText());
        assertEquals("customField", options.path("customField").path("x-herald-property").asText());
        assertEquals(2, options.path("customField").path("x-herald-arity").asInt());
    }

    private static void assertRequest(LoggedRequest request, String body) {
        assertEquals("POST", request.getMethod().getName());
        assertEquals(PATH, request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals(BASIC, request.getHeader("Authorization"));
        assertEquals(body, request.getBodyAsString());
    }
}
