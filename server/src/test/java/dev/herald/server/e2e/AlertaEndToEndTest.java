package dev.herald.server.e2e;

import dev.herald.server.TestServer;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerta through the server: a TICKscript {@code .alerta()} chain and a topic handler with options, written points,
 * the exact requests at a WireMock Alerta; the config API with the token redacted; the service test; the handler
 * listing.
 */
class AlertaEndToEndTest {
    private static final String CONFIG_TOKEN = "cfg-s3cr3t-alerta-key";
    private static final String RAW_A3 = "{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},"
            + "\"columns\":[\"time\",\"usage_idle\"],\"values\":[[\"1970-01-01T00:00:10Z\",3]]}]}";
    private static final String RAW_A50 = "{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},"
            + "\"columns\":[\"time\",\"usage_idle\"],\"values\":[[\"1970-01-01T00:00:20Z\",50]]}]}";

    @TempDir
    Path dir;
    private WireMockServer alerta;
    private TestServer server;

    @BeforeEach
    void start() {
        alerta = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        alerta.start();
        alerta.stubFor(post(urlEqualTo("/api/alert")).willReturn(aResponse().withStatus(201)
                .withBody("{\"status\":\"ok\"}")));
        server = TestServer.start(dir, "[alerta]\n  enabled = true\n  url = \"http://127.0.0.1:" + alerta.port()
                + "/api\"\n  token = \"" + CONFIG_TOKEN + "\"\n  token-prefix = \"Bearer\"\n"
                + "  environment = \"Production\"\n  origin = \"kapacitor\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
        alerta.stop();
    }

    private List<LoggedRequest> awaitRequests(int count) {
        return TestServer.await(count + " request(s) at Alerta", () -> {
            List<LoggedRequest> all = alerta.findAll(postRequestedFor(urlEqualTo("/api/alert")));
            return all.size() >= count ? all : null;
        });
    }

    @Test
    void tickscriptChainSendsCriticalAndRecoveryExactly() {
        TestServer.Response task = server.defineTask("cpu_alerta", "stream\n|from().measurement('cpu')\n"
                + "|alert().id('{{ index .Tags \"host\" }}').message('{{ .Name }} is {{ .Level }}').details('')\n"
                + "  .crit(lambda: \"usage_idle\" < 10)\n"
                + "  .alerta().token('tick-token').resource('res {{ index .Tags \"host\" }}').event('ev')\n"
                + "    .environment('prod').group('grp').value('{{ index .Fields \"usage_idle\" }}').origin('herald')\n"
                + "    .services('web', 'db').correlated('c1').attribute('region', 'eu').timeout(1h)\n");
        assertEquals(200, task.status(), task.body());
        assertEquals(204, server.write("cpu,host=a usage_idle=3 10").status());
        awaitRequests(1);
        assertEquals(204, server.write("cpu,host=a usage_idle=50 20").status());
        List<LoggedRequest> requests = awaitRequests(2);
        assertEquals(2, requests.size());
        for (LoggedRequest r : requests) {
            assertEquals("Bearer tick-token", r.getHeader("Authorization"));
            assertEquals("application/json", r.getHeader("Content-Type"));
        }
        String common = "{\"attributes\":{\"region\":\"eu\"},\"correlate\":[\"c1\"],\"environment\":\"prod\","
                + "\"event\":\"ev\",\"group\":\"grp\",\"origin\":\"herald\",\"rawData\":";
        assertEquals(common + RAW_A3 + ",\"resource\":\"res a\",\"service\":[\"web\",\"db\"],"
                + "\"severity\":\"critical\",\"tags\":[\"host=a\"],\"text\":\"cpu is CRITICAL\",\"timeout\":3600,"
                + "\"value\":\"3\"}\n", requests.get(0).getBodyAsString());
        assertEquals(common + RAW_A50 + ",\"resource\":\"res a\",\"service\":[\"web\",\"db\"],"
                + "\"severity\":\"ok\",\"tags\":[\"host=a\"],\"text\":\"cpu is OK\",\"timeout\":3600,"
                + "\"value\":\"50\"}\n", requests.get(1).getBodyAsString());
    }

    @Test
    void topicHandlerWithOptionsFallsBackToConfig() {
        assertEquals(200, server.defineTask("cpu_topic", "stream|from().measurement('cpu')"
                + "|alert().id('cpu:{{ index .Tags \"host\" }}').message('{{ .ID }} is {{ .Level }}').details('')"
                + ".crit(lambda: \"usage_idle\" < 10).topic('ops')").status());
        TestServer.Response handler = server.post("/kapacitor/v1/alerts/topics/ops/handlers", Map.of("id", "to-alerta",
                "kind", "alerta", "options", Map.of("token", "handler-token", "token-prefix", "Key",
                        "resource", "{{ .Name }}-{{ index .Tags \"host\" }}", "service", List.of("cpu-svc"),
                        "timeout", 600_000_000_000L)));
        assertEquals(200, handler.status(), handler.body());
        assertFalse(handler.body().contains("handler-token"), handler.body());
        assertEquals(204, server.write("cpu,host=a usage_idle=3 10").status());
        LoggedRequest request = awaitRequests(1).get(0);
        assertEquals("Key handler-token", request.getHeader("Authorization"));
        assertEquals("{\"correlate\":[\"cpu\"],\"environment\":\"Production\",\"event\":\"cpu:a\",\"group\":\"\","
                + "\"origin\":\"kapacitor\",\"rawData\":" + RAW_A3 + ",\"resource\":\"cpu-a\","
                + "\"service\":[\"cpu-svc\"],\"severity\":\"critical\",\"tags\":[\"host=a\"],"
                + "\"text\":\"cpu:a is CRITICAL\",\"timeout\":600,\"value\":\"\"}\n", request.getBodyAsString());
    }

    @Test
    void configApiRedactsTheToken() {
        TestServer.Response reply = server.get("/kapacitor/v1/config/alerta");
        assertEquals(200, reply.status(), reply.body());
        assertFalse(reply.body().contains(CONFIG_TOKEN), reply.body());
        JsonNode element = reply.json().path("elements").get(0);
        assertTrue(element.path("options").path("token").asBoolean(), element.toString());
        assertEquals("[\"token\"]", element.path("redacted").toString());
        assertEquals("Production", element.path("options").path("environment").asText());
        assertEquals("http://127.0.0.1:" + alerta.port() + "/api", element.path("options").path("url").asText());
    }

    @Test
    void serviceTestSendsKapacitorsTestAlert() {
        TestServer.Response reply = server.post("/kapacitor/v1/service-tests/alerta", "{}");
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.json().path("success").asBoolean(), reply.body());
        LoggedRequest request = awaitRequests(1).get(0);
        assertEquals("Bearer " + CONFIG_TOKEN, request.getHeader("Authorization"));
        assertEquals("{\"attributes\":{\"testAttributeA\":\"A\",\"testAttributeB\":\"true\","
                + "\"testAttributeC\":\"9001\"},\"correlate\":[\"testServiceX\",\"testServiceY\"],"
                + "\"environment\":\"Production\",\"event\":\"testEvent\",\"group\":\"testGroup\","
                + "\"origin\":\"kapacitor\",\"rawData\":{\"series\":null},\"resource\":\"testResource\","
                + "\"service\":[\"testServiceA\",\"testServiceB\"],\"severity\":\"critical\",\"tags\":[],"
                + "\"text\":\"test alerta message\",\"timeout\":86400,\"value\":\"testValue\"}\n",
                request.getBodyAsString());
    }

    @Test
    void handlersApiListsTheKindWithItsSchema() {
        JsonNode kind = server.handlerKind("alerta");
        assertEquals("alerta", kind.path("tickName").asText(), kind.toString());
        assertEquals("alerta", kind.path("section").asText());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        JsonNode config = kind.path("config").path("properties");
        assertTrue(config.path("token").path("writeOnly").asBoolean(), config.toString());
        for (String key : List.of("enabled", "url", "insecure-skip-verify", "token-prefix", "environment", "origin",
                "timeout")) {
            assertTrue(config.has(key), key);
        }
        JsonNode options = kind.path("options").path("properties");
        for (String key : List.of("token", "token-prefix", "resource", "event", "environment", "group", "value",
                "origin", "service", "correlate", "attributes", "timeout")) {
            assertTrue(options.has(key), key + " in " + options);
        }
    }
}
