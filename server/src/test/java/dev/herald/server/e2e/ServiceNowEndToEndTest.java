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
 * The ServiceNow plugin through the whole server: the {@code [servicenow]} section of the config file, a TICKscript
 * task and a topic handler defined over the HTTP API, points written to {@code /kapacitor/v1/write}, and the exact
 * requests WireMock (standing in for ServiceNow) receives; plus the config API, the service test and the
 * handler listing.
 */
class ServiceNowEndToEndTest {
    @RegisterExtension
    static WireMockExtension snow = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final String PATH = "/api/global/em/jsonv2";
    private static final String BASIC = "Basic a2FwYWNpdG9yOnNuMHctcDQ1NQ=="; // kapacitor:sn0w-p455

    @TempDir
    Path dir;
    TestServer api;

    @BeforeEach
    void start() {
        snow.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody("{\"result\":{\"Default Bulk Endpoint\":\"1 events were inserted\"}}")));
        api = TestServer.start(dir, "[servicenow]\n  enabled = true\n  url = \"" + snow.baseUrl() + PATH + "\"\n"
                + "  source = \"Kapacitor\"\n  username = \"kapacitor\"\n  password = \"sn0w-p455\"\n");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void tickscriptTaskSendsTheEventAndItsRecovery() {
        api.defineTask("snow_cpu", "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n"
                + "        .id('kapacitor/{{ .Name }}/{{ index .Tags \"host\" }}')\n"
                + "        .crit(lambda: \"usage_idle\" < 10)\n"
                + "        .serviceNow()\n            .node('{{ index .Tags \"host\" }}')\n            .type('CPU')\n"
                + "            .resource('CPU-Total')\n            .metricName('{{ .Name }}')\n"
                + "            .messageKey('Alert: {{ .ID }}')\n"
                + "            .additionalInfo('link', 'http://push/alert?id={{ .ID }}')\n");
        api.write("cpu,host=serverA usage_idle=3 10\ncpu,host=serverA usage_idle=50 20");

        List<LoggedRequest> got = TestServer.awaitRequests(snow, 2);
        String common = "{\"records\":[{\"source\":\"Kapacitor\",\"node\":\"serverA\",\"type\":\"CPU\","
                + "\"resource\":\"CPU-Total\",\"metric_name\":\"cpu\",\"message_key\":\"Alert: kapacitor/cpu/serverA\",";
        String info = ",\"additional_info\":\"{\\\"link\\\":\\\"http://push/alert?id=kapacitor/cpu/serverA\\\"}\"}]}";
        assertRequest(got.get(0), PATH, common + "\"severity\":\"1\",\"description\":\"kapacitor/cpu/serverA is CRITICAL\""
                + info);
        assertRequest(got.get(1), PATH, common + "\"severity\":\"5\",\"description\":\"kapacitor/cpu/serverA is OK\""
                + info);
    }

    @Test
    void topicHandlerWithOptionsClosesOnOk() {
        api.defineTask("snow_topic", "stream|from().measurement('cpu')|alert()"
                + ".id('{{ .Name }}:{{ index .Tags \"host\" }}').crit(lambda: \"usage_idle\" < 10).topic('cpu')");
        TestServer.Response h = api.post("/kapacitor/v1/alerts/topics/cpu/handlers", "{\"id\":\"snow\",\"kind\":\"servicenow\","
                + "\"options\":{\"source\":\"Herald\",\"node\":\"{{ index .Tags \\\"host\\\" }}\","
                + "\"metricName\":\"usage_idle\",\"additional_info\":{\"ticks\":666},\"close-on-ok\":true}}");
        assertEquals(200, h.status(), h.body());
        api.write("cpu,host=web01 usage_idle=1 10\ncpu,host=web01 usage_idle=90 20");

        List<LoggedRequest> got = TestServer.awaitRequests(snow, 2);
        String common = "{\"records\":[{\"source\":\"Herald\",\"node\":\"web01\",\"metric_name\":\"usage_idle\","
                + "\"message_key\":\"cpu:web01\",";
        String info = ",\"additional_info\":\"{\\\"ticks\\\":\\\"666\\\"}\"}]}";
        assertRequest(got.get(0), PATH, common + "\"severity\":\"1\",\"description\":\"cpu:web01 is CRITICAL\"" + info);
        assertRequest(got.get(1), PATH, common + "\"severity\":\"0\",\"description\":\"cpu:web01 is OK\"" + info);
    }

    @Test
    void globalWithStateChangesOnlySendsFromEveryAlertNodeOnlyOnChanges() {
        api.close();
        api = TestServer.start(dir.resolve("global"), "[servicenow]\n  enabled = true\n  url = \"" + snow.baseUrl() + PATH
                + "\"\n  source = \"Kapacitor\"\n  username = \"kapacitor\"\n  password = \"sn0w-p455\"\n"
                + "  global = true\n  state-changes-only = true\n");
        api.defineTask("snow_global", "stream|from().measurement('cpu')|alert().id('{{ .Name }}')"
                + ".crit(lambda: \"usage_idle\" < 10)");
        api.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=2 20\ncpu,host=a usage_idle=50 30");

        List<LoggedRequest> got = TestServer.awaitRequests(snow, 2);
        assertRequest(got.get(0), PATH, "{\"records\":[{\"source\":\"Kapacitor\",\"message_key\":\"cpu\","
                + "\"severity\":\"1\",\"description\":\"cpu is CRITICAL\"}]}");
        assertRequest(got.get(1), PATH, "{\"records\":[{\"source\":\"Kapacitor\",\"message_key\":\"cpu\","
                + "\"severity\":\"5\",\"description\":\"cpu is OK\"}]}");
    }

    @Test
    void configApiRedactsThePassword() {
        TestServer.Response r = api.get("/kapacitor/v1/config/servicenow");
        assertEquals(200, r.status(), r.body());
        JsonNode element = r.json().path("elements").get(0);
        JsonNode options = element.path("options");
        assertEquals(true, options.path("password").asBoolean(), r.body());
        assertEquals("kapacitor", options.path("username").asText());
        assertEquals(snow.baseUrl() + PATH, options.path("url").asText());
        assertEquals("Kapacitor", options.path("source").asText());
        assertEquals(false, options.path("global").asBoolean());
        assertEquals("[\"password\"]", element.path("redacted").toString());
        assertFalse(r.body().contains("sn0w-p455"));
    }

    @Test
    void serviceTestSendsKapacitorsTestEvent() {
        TestServer.Response defaults = api.get("/kapacitor/v1/service-tests/servicenow");
        assertEquals("1001", defaults.json().path("options").path("alert_id").asText(), defaults.body());
        TestServer.Response r = api.post("/kapacitor/v1/service-tests/servicenow", "{}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("success").asBoolean(), r.body());
        assertEquals("", r.json().path("message").asText());
        assertRequest(TestServer.awaitRequests(snow, 1).get(0), PATH, "{\"records\":[{\"source\":\"Kapacitor\","
                + "\"message_key\":\"1001\",\"severity\":\"1\",\"description\":\"test servicenow message\"}]}");

        snow.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":"
                + "\"User Not Authenticated\",\"detail\":\"Required to provide Auth information\"},"
                + "\"status\":\"failure\"}")));
        TestServer.Response failed = api.post("/kapacitor/v1/service-tests/servicenow", "{\"level\":\"OK\"}");
        assertEquals(200, failed.status(), failed.body());
        assertFalse(failed.json().path("success").asBoolean());
        assertEquals("User Not Authenticated: Required to provide Auth information",
                failed.json().path("message").asText());
    }

    @Test
    void handlersListTheKindWithItsSchemas() {
        TestServer.Response r = api.get("/kapacitor/v1/handlers/servicenow");
        assertEquals(200, r.status(), r.body());
        JsonNode kind = r.json();
        assertEquals("serviceNow", kind.path("tickName").asText());
        assertEquals("servicenow", kind.path("section").asText());
        assertTrue(kind.path("hasConfigSection").asBoolean());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        JsonNode config = kind.path("config").path("properties");
        assertTrue(config.path("password").path("writeOnly").asBoolean(), config.toString());
        assertEquals("https://instance.service-now.com/api/global/em/jsonv2", config.path("url").path("default").asText());
        JsonNode options = kind.path("options").path("properties");
        assertEquals("metricName", options.path("metricName").path("x-herald-property").asText(), options.toString());
        assertEquals("uRL", options.path("url").path("x-herald-property").asText());
        assertEquals("additionalInfo", options.path("additional_info").path("x-herald-property").asText());
        assertEquals(2, options.path("additional_info").path("x-herald-arity").asInt());
        assertEquals(0, options.path("close-on-ok").path("x-herald-arity").asInt());
        List<String> kinds = api.get("/kapacitor/v1/handlers").json().findValuesAsText("kind");
        assertTrue(kinds.contains("servicenow"), kinds.toString());
    }

    private static void assertRequest(LoggedRequest request, String path, String body) {
        assertEquals("POST", request.getMethod().getName());
        assertEquals(path, request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals(BASIC, request.getHeader("Authorization"));
        assertEquals(body, request.getBodyAsString());
    }

}
