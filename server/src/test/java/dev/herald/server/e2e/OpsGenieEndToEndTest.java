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
import com.github.tomakehurst.wiremock.client.WireMock;
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
 * Opsgenie v1 and v2 through the server: TICKscript {@code .opsGenie()} and {@code .opsGenie2()} chains, a topic
 * handler with options, the exact requests at a WireMock Opsgenie (the recovery closing the alert by alias); the
 * config API with the API keys redacted; both service tests; the handler listing.
 */
class OpsGenieEndToEndTest {
    private static final String KEY1 = "s3cr3t-og1-api-key";
    private static final String KEY2 = "s3cr3t-og2-api-key";
    private static final String ALIAS = "Y3B1OmE="; // base64url("cpu:a")
    private static final String R_A3 = "{\\\"series\\\":[{\\\"name\\\":\\\"cpu\\\",\\\"tags\\\":{\\\"host\\\":"
            + "\\\"a\\\"},\\\"columns\\\":[\\\"time\\\",\\\"usage_idle\\\"],\\\"values\\\":"
            + "[[\\\"1970-01-01T00:00:10Z\\\",3]]}]}";

    @TempDir
    Path dir;
    private WireMockServer opsgenie;
    private TestServer server;

    @BeforeEach
    void start() {
        opsgenie = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        opsgenie.start();
        opsgenie.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)
                .withBody("{\"result\":\"Request will be processed\",\"requestId\":\"r1\"}")));
        opsgenie.stubFor(WireMock.post(WireMock.urlMatching("/v1/.*")).willReturn(aResponse().withStatus(200)
                .withBody("{\"status\":\"successful\",\"code\":200}")));
        String base = "http://127.0.0.1:" + opsgenie.port();
        server = TestServer.start(dir, "[opsgenie]\n  enabled = true\n  api-key = \"" + KEY1 + "\"\n"
                + "  url = \"" + base + "/v1/json/alert\"\n  recovery_url = \"" + base + "/v1/json/alert/note\"\n"
                + "  teams = [\"ops\"]\n"
                + "[opsgenie2]\n  enabled = true\n  api-key = \"" + KEY2 + "\"\n  url = \"" + base + "/v2/alerts\"\n"
                + "  recovery_action = \"notes\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
        opsgenie.stop();
    }

    @Test
    void tickscriptChainsCreateAlertsAndTheRecoveryClosesByAlias() {
        server.defineTask("cpu_og", "stream\n  |from().measurement('cpu')\n  |alert()\n"
                + "    .id('cpu:{{ index .Tags \"host\" }}')\n    .message('{{ .ID }} is {{ .Level }}')\n"
                + "    .crit(lambda: \"usage_idle\" < 10)\n"
                + "    .opsGenie().recipients('oncall')\n"
                + "    .opsGenie2().teams('dba', 'web').recipients('ann').recoveryAction('close')\n");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=50 20");

        LoggedRequest v1 = TestServer.awaitPosts(opsgenie, "/v1/json/alert/", 1).get(0);
        assertEquals("{\"alias\":\"cpu:a\",\"apiKey\":\"" + KEY1 + "\",\"description\":\"" + R_A3 + "\","
                + "\"details\":{\"Level\":\"CRITICAL\",\"Monitoring Tool\":\"Kapacitor\"},\"entity\":\"cpu:a\","
                + "\"message\":\"cpu:a is CRITICAL\",\"monitoring_tool\":\"kapacitor\",\"note\":\"\",\"recipients\":"
                + "[\"oncall\"],\"teams\":[\"ops\"]}\n", v1.getBodyAsString());
        LoggedRequest note = TestServer.awaitPosts(opsgenie, "/v1/json/alert/note/", 1).get(0);
        assertTrue(note.getBodyAsString().contains("\"note\":\"cpu:a is OK\""), note.getBodyAsString());

        LoggedRequest created = TestServer.awaitPosts(opsgenie, "/v2/alerts", 1).get(0);
        assertEquals("GenieKey " + KEY2, created.getHeader("Authorization"));
        assertEquals("{\"alias\":\"" + ALIAS + "\",\"description\":\"" + R_A3 + "\",\"details\":{\"Kapacitor Task "
                + "Name\":\"cpu_og\",\"Level\":\"CRITICAL\",\"Monitoring Tool\":\"Kapacitor\",\"host\":\"a\"},"
                + "\"entity\":\"cpu:a\",\"message\":\"cpu:a is CRITICAL\",\"note\":\"\",\"priority\":\"P1\","
                + "\"responders\":[{\"name\":\"dba\",\"type\":\"team\"},{\"name\":\"web\",\"type\":\"team\"},"
                + "{\"type\":\"user\",\"username\":\"ann\"}]}\n", created.getBodyAsString());
        LoggedRequest closed = TestServer.awaitPosts(opsgenie, "/v2/alerts/" + ALIAS + "/close?identifierType=alias",
                1).get(0);
        assertEquals("{\"note\":\"cpu:a is OK\"}\n", closed.getBodyAsString());
    }

    @Test
    void topicHandlerWithOptions() {
        server.defineTask("cpu_topic", "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \"host\" }}')"
                + ".message('{{ .ID }} is {{ .Level }}').crit(lambda: \"usage_idle\" < 10).topic('ops')");
        TestServer.Response created = server.post("/kapacitor/v1/alerts/topics/ops/handlers", Map.of("id", "to-og",
                "kind", "opsgenie2", "options", Map.of("teams-list", List.of("storage"), "recovery_action", "close")));
        assertEquals(200, created.status(), created.body());
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=90 20");
        String body = TestServer.awaitPosts(opsgenie, "/v2/alerts", 1).get(0).getBodyAsString();
        assertTrue(body.endsWith("\"responders\":[{\"name\":\"storage\",\"type\":\"team\"}]}\n"), body);
        TestServer.awaitPosts(opsgenie, "/v2/alerts/" + ALIAS + "/close?identifierType=alias", 1);
    }

    @Test
    void configApiRedactsBothApiKeysAndKeepsKapacitorsUnderscoreKeys() {
        TestServer.Response v1 = server.get("/kapacitor/v1/config/opsgenie");
        assertFalse(v1.body().contains(KEY1), v1.body());
        JsonNode e1 = v1.json().path("elements").get(0);
        assertTrue(e1.path("options").path("api-key").asBoolean(), e1.toString());
        assertTrue(e1.path("options").has("recovery_url"), e1.toString());
        TestServer.Response v2 = server.get("/kapacitor/v1/config/opsgenie2");
        assertFalse(v2.body().contains(KEY2), v2.body());
        JsonNode e2 = v2.json().path("elements").get(0);
        assertEquals("[\"api-key\"]", e2.path("redacted").toString());
        assertEquals("notes", e2.path("options").path("recovery_action").asText());
        assertEquals("opsgenie", e2.path("options").path("target").asText());
    }

    @Test
    void serviceTestsSendKapacitorsTestAlerts() {
        TestServer.Response v1 = server.post("/kapacitor/v1/service-tests/opsgenie", "{}");
        assertTrue(v1.json().path("success").asBoolean(), v1.body());
        assertTrue(TestServer.awaitPosts(opsgenie, "/v1/json/alert/", 1).get(0).getBodyAsString()
                .contains("\"message\":\"test opsgenie message\""));
        TestServer.Response v2 = server.post("/kapacitor/v1/service-tests/opsgenie2", "{}");
        assertTrue(v2.json().path("success").asBoolean(), v2.body());
        assertEquals("{\"alias\":\"dGVzdEVudGl0eUlE\",\"description\":\"{\\\"series\\\":null}\",\"details\":"
                + "{\"Level\":\"CRITICAL\",\"Monitoring Tool\":\"Kapacitor\"},\"entity\":\"testEntityID\","
                + "\"message\":\"test opsgenie message\",\"note\":\"\",\"priority\":\"P1\"}\n",
                TestServer.awaitPosts(opsgenie, "/v2/alerts", 1).get(0).getBodyAsString());
    }

    @Test
    void handlersApiListsBothKinds() {
        JsonNode v1 = server.handlerKind("opsgenie");
        assertEquals("opsGenie", v1.path("tickName").asText(), v1.toString());
        assertTrue(v1.path("config").path("properties").path("api-key").path("writeOnly").asBoolean());
        JsonNode v2 = server.handlerKind("opsgenie2");
        assertEquals("opsGenie2", v2.path("tickName").asText(), v2.toString());
        assertTrue(v2.path("config").path("properties").has("target"), v2.toString());
        assertTrue(v2.path("options").path("properties").has("recovery_action"), v2.toString());
    }
}
