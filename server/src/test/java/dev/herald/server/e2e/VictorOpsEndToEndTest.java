package dev.herald.server.e2e;

import dev.herald.server.TestServer;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VictorOps through the server: a TICKscript {@code .victorOps().routingKey()} chain, {@code global}, a topic
 * handler with options, the exact requests at a WireMock VictorOps; the config API with the API key redacted; the
 * service test; the handler listing.
 */
class VictorOpsEndToEndTest {
    private static final String API_KEY = "s3cr3t-victorops-api-key";
    private static final String DATA_A3 = "{\\\"series\\\":[{\\\"name\\\":\\\"cpu\\\",\\\"tags\\\":{\\\"host\\\":"
            + "\\\"a\\\"},\\\"columns\\\":[\\\"time\\\",\\\"usage_idle\\\"],\\\"values\\\":"
            + "[[\\\"1970-01-01T00:00:10Z\\\",3]]}]}";
    private static final String DATA_A50 = DATA_A3.replace("3]]", "50]]").replace(":10Z", ":20Z");

    @TempDir
    Path dir;
    private WireMockServer victorops;
    private TestServer server;

    @BeforeEach
    void start() {
        victorops = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        victorops.start();
        victorops.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody("{\"result\":\"success\"}")));
        server = TestServer.start(dir, "[victorops]\n  enabled = true\n  url = \"http://127.0.0.1:" + victorops.port()
                + "/integrations/generic/20131114/alert\"\n  api-key = \"" + API_KEY + "\"\n"
                + "  routing-key = \"cfg-rk\"\n  global = true\n");
    }

    @AfterEach
    void stop() {
        server.close();
        victorops.stop();
    }

    private List<LoggedRequest> awaitRequests(int count) {
        return TestServer.await(count + " request(s) at VictorOps", () -> {
            List<LoggedRequest> all = victorops.findAll(anyRequestedFor(anyUrl()));
            return all.size() >= count ? all : null;
        });
    }

    private static String body(String data, String entity, String type, String message, long time) {
        return "{\"data\":\"" + data + "\",\"entity_id\":\"" + entity + "\",\"message_type\":\"" + type + "\","
                + "\"monitoring_tool\":\"kapacitor\",\"state_message\":\"" + message + "\",\"timestamp\":" + time
                + "}\n";
    }

    @Test
    void tickscriptChainSendsCriticalAndRecoveryExactly() {
        TestServer.Response task = server.defineTask("cpu_vo", "stream|from().measurement('cpu')"
                + "|alert().id('cpu:{{ index .Tags \"host\" }}').message('{{ .ID }} is {{ .Level }}').details('')"
                + ".crit(lambda: \"usage_idle\" < 10).victorOps().routingKey('rk')");
        assertEquals(200, task.status(), task.body());
        assertEquals(204, server.write("cpu,host=a usage_idle=3 10").status());
        awaitRequests(1);
        assertEquals(204, server.write("cpu,host=a usage_idle=50 20").status());
        List<LoggedRequest> requests = awaitRequests(2);
        // The chain names a VictorOps handler, so global adds none.
        assertEquals(2, requests.size());
        for (LoggedRequest r : requests) {
            assertEquals("POST", r.getMethod().getName());
            assertEquals("/integrations/generic/20131114/alert/" + API_KEY + "/rk", r.getUrl());
            assertEquals("application/json", r.getHeader("Content-Type"));
        }
        assertEquals(body(DATA_A3, "cpu:a", "CRITICAL", "cpu:a is CRITICAL", 10), requests.get(0).getBodyAsString());
        assertEquals(body(DATA_A50, "cpu:a", "RECOVERY", "cpu:a is OK", 20), requests.get(1).getBodyAsString());
    }

    @Test
    void topicHandlerWithOptionsAndTheGlobalHandler() {
        assertEquals(200, server.defineTask("cpu_topic", "stream|from().measurement('cpu')"
                + "|alert().id('cpu:{{ index .Tags \"host\" }}').message('{{ .ID }} is {{ .Level }}').details('')"
                + ".crit(lambda: \"usage_idle\" < 10).topic('ops')").status());
        assertEquals(200, server.post("/kapacitor/v1/alerts/topics/ops/handlers", Map.of("id", "to-vo",
                "kind", "victorops", "options", Map.of("routing-key", "handler-rk"))).status());
        assertEquals(204, server.write("cpu,host=a usage_idle=3 10").status());
        List<LoggedRequest> requests = awaitRequests(2).stream()
                .sorted(Comparator.comparing(LoggedRequest::getUrl)).toList();
        assertEquals(2, requests.size());
        // global = true: the alert node names no VictorOps handler, so one with the config's routing key is added.
        assertEquals("/integrations/generic/20131114/alert/" + API_KEY + "/cfg-rk", requests.get(0).getUrl());
        assertEquals("/integrations/generic/20131114/alert/" + API_KEY + "/handler-rk", requests.get(1).getUrl());
        for (LoggedRequest r : requests) {
            assertEquals(body(DATA_A3, "cpu:a", "CRITICAL", "cpu:a is CRITICAL", 10), r.getBodyAsString());
        }
    }

    @Test
    void configApiRedactsTheApiKey() {
        TestServer.Response reply = server.get("/kapacitor/v1/config/victorops");
        assertEquals(200, reply.status(), reply.body());
        assertFalse(reply.body().contains(API_KEY), reply.body());
        JsonNode element = reply.json().path("elements").get(0);
        assertTrue(element.path("options").path("api-key").asBoolean(), element.toString());
        assertEquals("[\"api-key\"]", element.path("redacted").toString());
        assertEquals("cfg-rk", element.path("options").path("routing-key").asText());
        assertTrue(element.path("options").path("global").asBoolean());
    }

    @Test
    void serviceTestSendsKapacitorsTestAlert() {
        TestServer.Response reply = server.post("/kapacitor/v1/service-tests/victorops", "{\"routingKey\":\"test-rk\"}");
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.json().path("success").asBoolean(), reply.body());
        LoggedRequest request = awaitRequests(1).get(0);
        assertEquals("/integrations/generic/20131114/alert/" + API_KEY + "/test-rk", request.getUrl());
        String sent = request.getBodyAsString();
        assertTrue(sent.startsWith("{\"data\":\"{\\\"series\\\":null}\",\"entity_id\":\"testEntityID\","
                + "\"message_type\":\"CRITICAL\",\"monitoring_tool\":\"kapacitor\","
                + "\"state_message\":\"test victorops message\",\"timestamp\":"), sent);
        assertTrue(sent.matches("(?s).*\"timestamp\":[0-9]+\\}\n"), sent);
    }

    @Test
    void handlersApiListsTheKindWithItsSchema() {
        JsonNode kind = server.handlerKind("victorops");
        assertEquals("victorOps", kind.path("tickName").asText(), kind.toString());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        JsonNode config = kind.path("config").path("properties");
        assertTrue(config.path("api-key").path("writeOnly").asBoolean(), config.toString());
        for (String key : List.of("enabled", "routing-key", "url", "global", "json-data")) {
            assertTrue(config.has(key), key);
        }
        assertTrue(kind.path("options").path("properties").has("routing-key"));
    }
}
