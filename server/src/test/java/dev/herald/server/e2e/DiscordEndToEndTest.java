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

/** The discord plugin through the server: TICKscript, topic handler, config API, service test, handler listing. */
class DiscordEndToEndTest {
    private static final String MAIN = "/api/webhooks/1/mainS3cretToken";
    private static final String OPS = "/api/webhooks/2/opsS3cretToken";

    @TempDir
    Path dir;
    private WireMockServer discord;
    private TestServer server;

    @BeforeEach
    void start() {
        discord = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        discord.start();
        discord.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        String base = "http://127.0.0.1:" + discord.port();
        server = TestServer.start(dir, "[[discord]]\n  enabled = true\n  default = true\n  workspace = \"main\"\n"
                + "  url = \"" + base + MAIN + "\"\n  timestamp = true\n"
                + "[[discord]]\n  enabled = true\n  workspace = \"ops\"\n  url = \"" + base + OPS + "\"\n"
                + "  username = \"ops-cfg\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
        discord.stop();
    }

    private static String body(String avatar, int color, String title, String description, String timestamp,
            String username) {
        return "{\"avatar_url\":\"" + avatar + "\",\"embeds\":[{\"color\":" + color + ",\"title\":\"" + title
                + "\",\"description\":\"" + description + "\",\"timestamp\":\"" + timestamp + "\"}],\"username\":\""
                + username + "\"}\n";
    }

    @Test
    void tickscriptChainSendsTheCriticalAndTheRecovery() {
        server.defineTask("cpu_discord", "stream\n  |from().measurement('cpu')\n  |alert()\n"
                + "    .id('cpu:{{ index .Tags \"host\" }}')\n    .message('{{ .ID }} is {{ .Level }}')\n"
                + "    .crit(lambda: \"usage_idle\" < 10)\n"
                + "    .discord().workspace('ops').username('herald').avatarURL('https://example.com/a.png')"
                + ".embedTitle('{{ .Level }} on {{ index .Tags \"host\" }}')\n");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=50 20");

        List<LoggedRequest> got = TestServer.awaitPosts(discord, OPS, 2);
        assertEquals(2, got.size());
        assertEquals(body("https://example.com/a.png", 16342867, "CRITICAL on a", "cpu:a is CRITICAL", "", "herald"),
                got.get(0).getBodyAsString());
        assertEquals(body("https://example.com/a.png", 8021490, "OK on a", "cpu:a is OK", "", "herald"),
                got.get(1).getBodyAsString());
        assertEquals("application/json", got.get(0).getHeader("Content-Type"));
        assertFalse(got.get(0).containsHeader("Authorization"));
        assertEquals(2, discord.getAllServeEvents().size());
    }

    @Test
    void topicHandlerWithOptionsUsesTheDefaultWorkspace() {
        server.defineTask("cpu_topic", "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \"host\" }}')"
                + ".message('{{ .ID }} is {{ .Level }}').crit(lambda: \"usage_idle\" < 10).topic('chat')");
        TestServer.Response h = server.post("/kapacitor/v1/alerts/topics/chat/handlers", "{\"id\":\"to-discord\","
                + "\"kind\":\"discord\",\"options\":{\"username\":\"topic-bot\",\"embed-title\":\"{{ .ID }}\"}}");
        assertEquals(200, h.status(), h.body());
        server.write("cpu,host=b usage_idle=1 10");

        LoggedRequest request = TestServer.awaitPosts(discord, MAIN, 1).get(0);
        assertEquals(body("", 16342867, "cpu:b", "cpu:b is CRITICAL", "1970-01-01T00:00:10Z", "topic-bot"),
                request.getBodyAsString());
    }

    @Test
    void globalWorkspaceWithoutStateChangesOnlySendsEveryEvent() throws Exception {
        // Kapacitor reports state-changes-only = global, so there only the first CRITICAL would be sent.
        server.close();
        Path other = java.nio.file.Files.createDirectories(dir.resolve("global"));
        server = TestServer.start(other, "[[discord]]\n  enabled = true\n  url = \"http://127.0.0.1:"
                + discord.port() + MAIN + "\"\n  global = true\n");
        server.defineTask("cpu_global", "stream|from().measurement('cpu')|alert().id('cpu')"
                + ".message('{{ .ID }} is {{ .Level }}').crit(lambda: \"usage_idle\" < 10)");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=2 20");

        List<LoggedRequest> got = TestServer.awaitPosts(discord, MAIN, 2);
        assertEquals(2, got.size());
        got.forEach(r -> assertEquals(body("", 16342867, "", "cpu is CRITICAL", "", ""), r.getBodyAsString()));
    }

    @Test
    void configApiRedactsTheWebhookUrls() {
        TestServer.Response r = server.get("/kapacitor/v1/config/discord");
        assertEquals(200, r.status(), r.body());
        JsonNode elements = r.json().path("elements");
        assertEquals(2, elements.size(), r.body());
        for (JsonNode element : elements) {
            assertEquals(true, element.path("options").path("url").asBoolean(), element.toString());
            assertTrue(element.path("redacted").toString().contains("\"url\""), element.toString());
        }
        assertEquals("/kapacitor/v1/config/discord/main", elements.get(0).path("link").path("href").asText());
        assertFalse(r.body().contains("S3cretToken"), r.body());
    }

    @Test
    void serviceTestSendsKapacitorsDefaultMessage() {
        TestServer.Response listed = server.get("/kapacitor/v1/service-tests/discord");
        assertEquals("main", listed.json().path("options").path("workspace").asText(), listed.body());
        TestServer.Response r = server.post("/kapacitor/v1/service-tests/discord", "{}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("success").asBoolean(), r.body());
        assertEquals(body("https://influxdata.github.io/branding/img/downloads/influxdata-logo--symbol--pool-alpha.png",
                8021490, "Kapacitor Alert", "test discord message", "1970-01-01T00:00:01Z", "Kapacitor"),
                TestServer.awaitPosts(discord, MAIN, 1).get(0).getBodyAsString());
    }

    @Test
    void handlersListingShowsTheKindAndItsSchema() {
        JsonNode kind = server.handlerKind("discord");
        assertEquals("discord", kind.path("tickName").asText());
        assertEquals("discord", kind.path("section").asText());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        assertEquals("workspace", kind.path("config").path("x-herald-element-key").asText(), kind.toString());
        assertTrue(kind.path("config").path("properties").path("url").path("writeOnly").asBoolean(),
                kind.toString());
        assertTrue(kind.path("config").path("properties").has("wait"), kind.toString());
        JsonNode options = kind.path("options").path("properties");
        assertEquals("avatarURL", options.path("avatar-url").path("x-herald-property").asText(), options.toString());
        assertEquals("embedTitle", options.path("embed-title").path("x-herald-property").asText());
    }
}
