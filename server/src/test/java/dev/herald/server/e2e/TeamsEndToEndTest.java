package dev.herald.server.e2e;

import dev.herald.server.TestServer;
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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The teams plugin through the server: TICKscript, topic handler, config API, service test, handler listing. */
class TeamsEndToEndTest {
    private static final String FLOW = "/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01"
            + "&sig=teamsS3cretSig";

    @TempDir
    Path dir;
    private WireMockServer teams;
    private TestServer server;
    private String base;

    @BeforeEach
    void start() {
        teams = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        teams.start();
        teams.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)));
        base = "http://127.0.0.1:" + teams.port();
        server = TestServer.start(dir, "[teams]\n  enabled = true\n  channel-url = \"" + base + FLOW + "\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
        teams.stop();
    }

    private static String adaptiveCard(String title, String color, String text) {
        return "{\"type\":\"message\",\"attachments\":[{\"contentType\":\"application/vnd.microsoft.card.adaptive\","
                + "\"contentUrl\":null,\"content\":{\"$schema\":\"http://adaptivecards.io/schemas/adaptive-card.json\","
                + "\"type\":\"AdaptiveCard\",\"version\":\"1.2\",\"body\":[{\"type\":\"TextBlock\",\"text\":\"" + title
                + "\",\"weight\":\"Bolder\",\"size\":\"Medium\",\"color\":\"" + color + "\",\"wrap\":true},"
                + "{\"type\":\"TextBlock\",\"text\":\"" + text + "\",\"wrap\":true}],\"msteams\":{\"width\":\"full\"}}}]}";
    }

    private static String messageCard(String level, String id, String message, String color) {
        return "{\"@type\":\"MessageCard\",\"@context\":\"http://schema.org/extensions\",\"title\":\"" + level
                + ": [" + id + "]\",\"text\":\"" + message + "\",\"summary\":\"" + level + ": [" + id + "] - "
                + message + "...\",\"themeColor\":\"" + color + "\"}";
    }

    @Test
    void tickscriptChainsSendTheCriticalAndTheRecovery() {
        server.defineTask("cpu_teams", "stream\n  |from().measurement('cpu')\n  |alert()\n"
                + "    .id('cpu:{{ index .Tags \"host\" }}')\n    .message('{{ .ID }} is {{ .Level }}')\n"
                + "    .crit(lambda: \"usage_idle\" < 10)\n"
                + "    .teams()\n"
                + "    .teams().channelURL('" + base + "/legacy').format('message-card')\n");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=50 20");

        List<LoggedRequest> flow = TestServer.awaitPosts(teams, FLOW, 2);
        assertEquals(adaptiveCard("CRITICAL: [cpu:a]", "Attention", "cpu:a is CRITICAL"),
                flow.get(0).getBodyAsString());
        assertEquals(adaptiveCard("OK: [cpu:a]", "Good", "cpu:a is OK"), flow.get(1).getBodyAsString());
        assertEquals("application/json", flow.get(0).getHeader("Content-Type"));
        List<LoggedRequest> legacy = TestServer.awaitPosts(teams, "/legacy", 2);
        assertEquals(messageCard("CRITICAL", "cpu:a", "cpu:a is CRITICAL", "CC4A31"), legacy.get(0).getBodyAsString());
        assertEquals(messageCard("OK", "cpu:a", "cpu:a is OK", "34CC25"), legacy.get(1).getBodyAsString());
        assertEquals(4, teams.getAllServeEvents().size());
    }

    @Test
    void topicHandlerWithOptionsAndItsSecretUrlRedacted() {
        server.defineTask("cpu_topic", "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \"host\" }}')"
                + ".message('{{ .ID }} is {{ .Level }}').crit(lambda: \"usage_idle\" < 10).topic('chat')");
        TestServer.Response h = server.post("/kapacitor/v1/alerts/topics/chat/handlers", "{\"id\":\"to-teams\","
                + "\"kind\":\"teams\",\"options\":{\"channel-url\":\"" + base + "/topic?sig=optS3cretSig\","
                + "\"format\":\"message-card\"}}");
        assertEquals(200, h.status(), h.body());
        assertFalse(h.body().contains("optS3cretSig"), h.body());
        server.write("cpu,host=b usage_idle=1 10");

        LoggedRequest request = TestServer.awaitPosts(teams, "/topic?sig=optS3cretSig", 1).get(0);
        assertEquals(messageCard("CRITICAL", "cpu:b", "cpu:b is CRITICAL", "CC4A31"), request.getBodyAsString());
        assertFalse(server.get("/kapacitor/v1/alerts/topics/chat/handlers/to-teams").body().contains("optS3cretSig"));
    }

    @Test
    void configApiRedactsTheChannelUrl() {
        TestServer.Response r = server.get("/kapacitor/v1/config/teams");
        assertEquals(200, r.status(), r.body());
        JsonNode element = r.json().path("elements").get(0);
        assertEquals("/kapacitor/v1/config/teams/", element.path("link").path("href").asText());
        JsonNode options = element.path("options");
        assertEquals(true, options.path("enabled").asBoolean());
        assertEquals(true, options.path("channel-url").asBoolean());
        assertEquals("auto", options.path("format").asText());
        assertEquals(false, options.path("global").asBoolean());
        assertEquals(false, options.path("state-changes-only").asBoolean());
        assertEquals("[\"channel-url\"]", element.path("redacted").toString());
        assertFalse(r.body().contains("teamsS3cretSig"), r.body());
    }

    @Test
    void serviceTestSendsKapacitorsDefaultCard() {
        TestServer.Response listed = server.get("/kapacitor/v1/service-tests/teams");
        assertEquals("foo/bar/bat", listed.json().path("options").path("alert_id").asText(), listed.body());
        assertFalse(listed.body().contains("teamsS3cretSig"), listed.body());
        TestServer.Response r = server.post("/kapacitor/v1/service-tests/teams", "{}");
        assertTrue(r.json().path("success").asBoolean(), r.body());
        assertEquals(adaptiveCard("CRITICAL: [foo/bar/bat]", "Attention", "test teams message"),
                TestServer.awaitPosts(teams, FLOW, 1).get(0).getBodyAsString());
    }

    @Test
    void handlersListingShowsTheKindAndItsSchema() {
        JsonNode kind = server.handlerKind("teams");
        assertEquals("teams", kind.path("tickName").asText());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        JsonNode config = kind.path("config").path("properties");
        assertTrue(config.path("channel-url").path("writeOnly").asBoolean(), config.toString());
        assertTrue(config.has("format") && config.has("global") && config.has("state-changes-only"), config.toString());
        assertEquals("channelURL", kind.path("options").path("properties").path("channel-url")
                .path("x-herald-property").asText(), kind.toString());
    }
}
