package dev.herald.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The config API: sections with redaction, overrides that apply live, add/remove of list elements. */
class ConfigApiTest {
    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start() {
        slack.stubFor(post(urlEqualTo("/new")).willReturn(aResponse().withStatus(200)));
        s = TestServer.start(dir, "[telegram]\n  enabled = false\n  token = \"file-token\"\n"
                + "[[slack]]\n  workspace = \"main\"\n  default = true\n");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void listsEveryHandlerSectionWithSecretsRedacted() {
        JsonNode all = s.get("/kapacitor/v1/config").json();
        assertEquals("/kapacitor/v1/config", all.path("link").path("href").asText());
        JsonNode sections = all.path("sections");
        for (String name : new String[] {"hipchat", "httppost", "slack", "telegram"}) {
            assertTrue(sections.has(name), name + " in " + sections.fieldNames());
        }
        JsonNode telegram = s.get("/kapacitor/v1/config/telegram").json();
        assertEquals("/kapacitor/v1/config/telegram", telegram.path("link").path("href").asText());
        JsonNode element = telegram.path("elements").get(0);
        assertEquals("/kapacitor/v1/config/telegram/", element.path("link").path("href").asText());
        assertEquals(true, element.path("options").path("token").asBoolean());
        assertTrue(element.path("redacted").toString().contains("token"), element.toString());
        assertFalse(s.get("/kapacitor/v1/config").body().contains("file-token"));
        assertEquals(element, s.get("/kapacitor/v1/config/telegram/").json());
        assertEquals(404, s.get("/kapacitor/v1/config/nosuch").status());
        assertEquals(404, s.get("/kapacitor/v1/config/slack/nosuch").status());
    }

    @Test
    void overrideAppliesLiveIsRedactedAndSurvivesRestart() {
        String task = "stream|from().measurement('m')|alert().id('x').message('hello').crit(lambda: \"v\" > 1)"
                + ".slack()";
        assertEquals(200, s.post("/kapacitor/v1/tasks", "{\"id\":\"t\",\"dbrps\":[{\"db\":\"db\",\"rp\":\"rp\"}],"
                + "\"script\":" + Json.compact(task) + ",\"status\":\"enabled\"}").status());

        TestServer.Response set = s.post("/kapacitor/v1/config/slack/main", "{\"set\":{\"enabled\":true,\"url\":\""
                + slack.baseUrl() + "/new\",\"channel\":\"#live\"}}");
        assertEquals(204, set.status(), set.body());
        JsonNode element = s.get("/kapacitor/v1/config/slack/main").json();
        assertEquals(true, element.path("options").path("url").asBoolean());
        assertEquals("#live", element.path("options").path("channel").asText());
        assertTrue(element.path("redacted").toString().contains("url"));
        assertFalse(s.get("/kapacitor/v1/config/slack").body().contains("/new"));

        s.write("db", "rp", "m v=2 1");
        Poll.until("slack post at the overridden URL", () -> !slack.findAll(postRequestedFor(urlEqualTo("/new")))
                .isEmpty());
        assertTrue(slack.findAll(postRequestedFor(urlEqualTo("/new"))).get(0).getBodyAsString()
                .contains("\"channel\":\"#live\""));

        s.restart();
        JsonNode after = s.get("/kapacitor/v1/config/slack/main").json();
        assertEquals("#live", after.path("options").path("channel").asText());
        assertEquals(true, after.path("options").path("enabled").asBoolean());

        assertEquals(204, s.post("/kapacitor/v1/config/slack/main", "{\"delete\":[\"channel\"]}").status());
        assertEquals("", s.get("/kapacitor/v1/config/slack/main").json().path("options").path("channel").asText());
    }

    @Test
    void addsAndRemovesListElements() {
        TestServer.Response add = s.post("/kapacitor/v1/config/slack", "{\"add\":{\"workspace\":\"company_private\","
                + "\"enabled\":true,\"channel\":\"#general\",\"url\":\"http://slack.example.com/secret-token\","
                + "\"token\":\"my_other_secret\"}}");
        assertEquals(204, add.status(), add.body());
        JsonNode e = s.get("/kapacitor/v1/config/slack/company_private").json();
        assertEquals("/kapacitor/v1/config/slack/company_private", e.path("link").path("href").asText());
        assertEquals(true, e.path("options").path("url").asBoolean());
        assertEquals(true, e.path("options").path("token").asBoolean());
        assertEquals("[\"url\",\"token\"]", e.path("redacted").toString());
        assertEquals(2, s.get("/kapacitor/v1/config/slack").json().path("elements").size());

        assertEquals(400, s.post("/kapacitor/v1/config/slack", "{\"add\":{\"workspace\":\"company_private\"}}")
                .status());
        assertEquals(204, s.post("/kapacitor/v1/config/slack", "{\"remove\":[\"company_private\"]}").status());
        assertEquals(404, s.get("/kapacitor/v1/config/slack/company_private").status());
    }

    @Test
    void renamesAnElementAddedThroughTheApiKeepingItsSecrets() {
        assertEquals(204, s.post("/kapacitor/v1/config/slack", "{\"add\":{\"workspace\":\"ops\",\"enabled\":true,"
                + "\"url\":\"" + slack.baseUrl() + "/new\"}}").status());
        TestServer.Response renamed = s.post("/kapacitor/v1/config/slack/ops", "{\"rename\":\"alerts\"}");
        assertEquals(204, renamed.status(), renamed.body());
        assertEquals(404, s.get("/kapacitor/v1/config/slack/ops").status());
        JsonNode e = s.get("/kapacitor/v1/config/slack/alerts").json();
        assertEquals("alerts", e.path("options").path("workspace").asText());
        assertEquals(true, e.path("options").path("url").asBoolean(), "the secret URL came along");
        TestServer.Response test = s.post("/kapacitor/v1/service-tests/slack", "{\"workspace\":\"alerts\"}");
        assertEquals("{\"success\":true,\"message\":\"\"}", test.json().toString());
        assertEquals(1, slack.findAll(postRequestedFor(urlEqualTo("/new"))).size());

        s.restart();
        assertEquals("alerts", s.get("/kapacitor/v1/config/slack/alerts").json().path("options").path("workspace")
                .asText(), "the new name is stored");
        assertEquals(404, s.get("/kapacitor/v1/config/slack/ops").status());

        TestServer.Response fromFile = s.post("/kapacitor/v1/config/slack/main", "{\"rename\":\"other\"}");
        assertEquals(400, fromFile.status());
        assertTrue(fromFile.body().contains("element slack/main comes from the config file: rename it there"),
                fromFile.body());
        TestServer.Response taken = s.post("/kapacitor/v1/config/slack/alerts", "{\"rename\":\"main\"}");
        assertEquals(400, taken.status());
        assertTrue(taken.body().contains("element slack/main already exists"), taken.body());
        assertEquals(400, s.post("/kapacitor/v1/config/slack/alerts", "{\"rename\":\"x\",\"set\":{}}").status());
    }

    @Test
    void aRefusedValueNamesItsKeyForForms() {
        TestServer.Response bad = s.post("/kapacitor/v1/config/slack/main", "{\"set\":{\"url\":\"ftp://x.example/y\"}}");
        assertEquals(400, bad.status());
        assertEquals("url", bad.json().path("field").asText(), bad.body());
        assertTrue(bad.json().path("error").asText().startsWith("failed to update configuration slack/main: url: "
                + "invalid url"), bad.body());
        assertFalse(bad.body().contains("x.example"), "the secret value is not echoed");
    }

    @Test
    void badUpdatesAreRejectedWithAReasonAndChangeNothing() {
        TestServer.Response badType = s.post("/kapacitor/v1/config/telegram/", "{\"set\":{\"enabled\":\"yes\"}}");
        assertEquals(400, badType.status());
        assertTrue(badType.error().contains("enabled"), badType.body());
        TestServer.Response unknownKey = s.post("/kapacitor/v1/config/telegram/", "{\"set\":{\"colour\":1}}");
        assertEquals(400, unknownKey.status());
        assertTrue(unknownKey.error().contains("colour"), unknownKey.body());
        TestServer.Response noSlash = s.post("/kapacitor/v1/config/telegram", "{\"set\":{\"enabled\":true}}");
        assertEquals(400, noSlash.status());
        assertTrue(noSlash.error().contains("trailing '/'"), noSlash.body());
        assertEquals(400, s.post("/kapacitor/v1/config/telegram/", "{\"set\":{\"enabled\":true},"
                + "\"add\":{\"x\":1}}").status());
        assertEquals(400, s.post("/kapacitor/v1/config/telegram/", "{\"set\":").status());
        assertEquals(404, s.post("/kapacitor/v1/config/nosuch/", "{\"set\":{\"a\":1}}").status());
        assertEquals(400, s.post("/kapacitor/v1/config/telegram", "{\"add\":{\"x\":\"y\"}}").status());
        assertEquals(false, s.get("/kapacitor/v1/config/telegram/").json().path("options").path("enabled")
                .asBoolean());
    }
}
