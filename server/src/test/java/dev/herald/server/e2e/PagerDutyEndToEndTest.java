package dev.herald.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PagerDuty v1 and v2 through the server: TICKscript {@code .pagerDuty()} and {@code .pagerDuty2()} chains, a topic
 * handler with options, the exact requests at a WireMock PagerDuty (with the server's own API URL as
 * {@code client_url}); the config API with the keys redacted; both service tests; the handler listing.
 */
class PagerDutyEndToEndTest {
    private static final String V1 = "/generic/2010-04-15/create_event.json";
    private static final String V2 = "/v2/enqueue";
    private static final String SERVICE_KEY = "s3cr3t-pd-service-key";
    private static final String ROUTING_KEY = "s3cr3t-pd-routing-key";
    private static final String RESULT_A3 = "{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},\"columns\":"
            + "[\"time\",\"usage_idle\"],\"values\":[[\"1970-01-01T00:00:10Z\",3]]}]}";

    @TempDir
    Path dir;
    private WireMockServer pagerduty;
    private TestServer server;
    private String clientUrl;

    @BeforeEach
    void start() {
        pagerduty = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        pagerduty.start();
        pagerduty.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{\"status\":\"success\"}")));
        String base = "http://127.0.0.1:" + pagerduty.port();
        server = TestServer.start(dir, "[pagerduty]\n  enabled = true\n  url = \"" + base + V1 + "\"\n"
                + "  service-key = \"" + SERVICE_KEY + "\"\n"
                + "[pagerduty2]\n  enabled = true\n  url = \"" + base + V2 + "\"\n"
                + "  routing-key = \"" + ROUTING_KEY + "\"\n");
        clientUrl = server.server().url() + "/kapacitor/v1";
    }

    @AfterEach
    void stop() {
        server.close();
        pagerduty.stop();
    }

    @Test
    void tickscriptChainsReachBothApisAndTheRecoveryResolves() {
        pagerduty.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(V1)
                .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"success\"}")));
        server.defineTask("cpu_pd", "stream\n  |from().measurement('cpu')\n  |alert()\n"
                + "    .id('cpu:{{ index .Tags \"host\" }}')\n    .message('{{ .ID }} is {{ .Level }}')\n"
                + "    .details('')\n    .crit(lambda: \"usage_idle\" < 10)\n"
                + "    .pagerDuty()\n"
                + "    .pagerDuty2().routingKey('task-rk').link('http://wiki/{{ .TaskName }}', 'runbook')"
                + ".link('http://graphs/{{ index .Tags \"host\" }}')\n");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=50 20");

        List<LoggedRequest> v1 = TestServer.awaitPosts(pagerduty, V1, 2);
        assertEquals("application/json", v1.get(0).getHeader("Content-Type"));
        assertEquals("{\"client\":\"kapacitor\",\"client_url\":\"" + clientUrl + "\",\"description\":\"cpu:a is "
                + "CRITICAL\",\"details\":\"\",\"event_type\":\"trigger\",\"incident_key\":\"cpu:a\","
                + "\"service_key\":\"" + SERVICE_KEY + "\"}\n", v1.get(0).getBodyAsString());
        assertEquals("{\"client\":\"kapacitor\",\"client_url\":\"" + clientUrl + "\",\"description\":\"cpu:a is "
                + "OK\",\"details\":\"\",\"event_type\":\"resolve\",\"incident_key\":\"cpu:a\","
                + "\"service_key\":\"" + SERVICE_KEY + "\"}\n", v1.get(1).getBodyAsString());

        List<LoggedRequest> v2 = TestServer.awaitPosts(pagerduty, V2, 2);
        assertEquals("application/vnd.pagerduty+json;version=2", v2.get(0).getHeader("Accept"));
        assertEquals("{\"routing_key\":\"task-rk\",\"event_action\":\"trigger\",\"dedup_key\":\"cpu:a\","
                + "\"payload\":{\"summary\":\"cpu:a is CRITICAL\",\"source\":\"a\",\"severity\":\"critical\","
                + "\"timestamp\":\"1970-01-01T00:00:10.000000000Z\",\"class\":\"cpu_pd\",\"component\":\"\","
                + "\"group\":\"\",\"custom_details\":{\"result\":" + RESULT_A3 + "}},\"images\":null,\"links\":"
                + "[{\"href\":\"http://wiki/cpu_pd\",\"text\":\"runbook\"},{\"href\":\"http://graphs/a\",\"text\":"
                + "\"http://graphs/a\"}],\"client\":\"kapacitor\",\"client_url\":\"" + clientUrl + "\"}\n",
                v2.get(0).getBodyAsString());
        String recovery = v2.get(1).getBodyAsString();
        assertTrue(recovery.startsWith("{\"routing_key\":\"task-rk\",\"event_action\":\"resolve\","
                + "\"dedup_key\":\"cpu:a\",\"payload\":{\"summary\":\"cpu:a is OK\",\"source\":\"a\","
                + "\"severity\":\"info\",\"timestamp\":\"1970-01-01T00:00:20.000000000Z\""), recovery);
    }

    @Test
    void topicHandlerWithOptionsKeepsItsKeyOutOfTheApi() {
        server.defineTask("cpu_topic", "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \"host\" }}')"
                + ".message('{{ .ID }} is {{ .Level }}').crit(lambda: \"usage_idle\" < 10).topic('ops')");
        TestServer.Response created = server.post("/kapacitor/v1/alerts/topics/ops/handlers", Map.of("id", "to-pd",
                "kind", "pagerduty2", "options", Map.of("routing-key", "handler-s3cr3t-rk")));
        assertEquals(200, created.status(), created.body());
        assertFalse(created.body().contains("handler-s3cr3t-rk"), created.body());
        TestServer.Response listed = server.get("/kapacitor/v1/alerts/topics/ops/handlers/to-pd");
        assertFalse(listed.body().contains("handler-s3cr3t-rk"), listed.body());
        server.write("cpu,host=a usage_idle=3 10");
        String body = TestServer.awaitPosts(pagerduty, V2, 1).get(0).getBodyAsString();
        assertTrue(body.startsWith("{\"routing_key\":\"handler-s3cr3t-rk\",\"event_action\":\"trigger\","
                + "\"dedup_key\":\"cpu:a\""), body);
    }

    @Test
    void configApiRedactsBothKeys() {
        for (String[] section : new String[][] {{"pagerduty", "service-key", SERVICE_KEY},
            {"pagerduty2", "routing-key", ROUTING_KEY}}) {
            TestServer.Response reply = server.get("/kapacitor/v1/config/" + section[0]);
            assertEquals(200, reply.status(), reply.body());
            assertFalse(reply.body().contains(section[2]), reply.body());
            JsonNode element = reply.json().path("elements").get(0);
            assertTrue(element.path("options").path(section[1]).asBoolean(), element.toString());
            assertEquals("[\"" + section[1] + "\"]", element.path("redacted").toString());
        }
    }

    @Test
    void serviceTestsSendKapacitorsTestAlerts() {
        pagerduty.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(V1)
                .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"success\"}")));
        TestServer.Response v1 = server.post("/kapacitor/v1/service-tests/pagerduty", "{}");
        assertTrue(v1.json().path("success").asBoolean(), v1.body());
        assertEquals("{\"client\":\"kapacitor\",\"client_url\":\"" + clientUrl + "\",\"description\":\"test "
                + "pagerduty message\",\"details\":\"\",\"event_type\":\"trigger\",\"incident_key\":"
                + "\"testIncidentKey\",\"service_key\":\"" + SERVICE_KEY + "\"}\n",
                TestServer.awaitPosts(pagerduty, V1, 1).get(0).getBodyAsString());
        TestServer.Response v2 = server.post("/kapacitor/v1/service-tests/pagerduty2", "{\"alert_id\":\"x1\"}");
        assertTrue(v2.json().path("success").asBoolean(), v2.body());
        String body = TestServer.awaitPosts(pagerduty, V2, 1).get(0).getBodyAsString();
        assertTrue(body.startsWith("{\"routing_key\":\"" + ROUTING_KEY + "\",\"event_action\":\"trigger\","
                + "\"dedup_key\":\"x1\",\"payload\":{\"summary\":\"test pagerduty2 message\""), body);
        TestServer.Response defaults = server.get("/kapacitor/v1/service-tests/pagerduty2");
        assertEquals(200, defaults.status(), defaults.body());
        assertTrue(defaults.body().contains("\"testPagerDuty2\""), defaults.body());
    }

    @Test
    void handlersApiListsBothKindsWithTheirSchemas() {
        JsonNode v1 = server.handlerKind("pagerduty");
        assertEquals("pagerDuty", v1.path("tickName").asText(), v1.toString());
        assertTrue(v1.path("config").path("properties").path("service-key").path("writeOnly").asBoolean());
        JsonNode v2 = server.handlerKind("pagerduty2");
        assertEquals("pagerDuty2", v2.path("tickName").asText(), v2.toString());
        assertTrue(v2.path("options").path("properties").has("links"), v2.toString());
        assertTrue(v2.path("hasServiceTest").asBoolean());
    }
}
