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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Define a task through the API, write line protocol, and see the event in the topic and at the handlers. */
class AlertFlowTest {
    @RegisterExtension
    static WireMockExtension hooks = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;
    TestServer s;

    static final String SCRIPT = "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n"
            + "        .id('{{ .Name }}:{{ index .Tags \"host\" }}')\n        .message('{{ .ID }} is {{ .Level }}')\n"
            + "        .details('')\n        .crit(lambda: \"usage_idle\" < 10)\n        .topic('cpu')\n";

    @BeforeEach
    void start() {
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        hooks.stubFor(post(urlEqualTo("/slack/hook")).willReturn(aResponse().withStatus(200)));
        s = TestServer.start(dir, "[[slack]]\n  enabled = true\n  url = \"" + hooks.baseUrl()
                + "/slack/hook\"\n  channel = \"#ops\"\n");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private void defineTask() {
        TestServer.Response r = s.post("/kapacitor/v1/tasks", Json.compact(java.util.Map.of("id", "cpu_alert",
                "type", "stream", "dbrps", List.of(java.util.Map.of("db", "telegraf", "rp", "autogen")),
                "script", SCRIPT, "status", "enabled")));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("executing").asBoolean(), r.body());
    }

    @Test
    void postHandlerReceivesKapacitorsAlertJsonExactly() {
        defineTask();
        TestServer.Response h = s.post("/kapacitor/v1/alerts/topics/cpu/handlers",
                "{\"id\":\"hook\",\"kind\":\"post\",\"options\":{\"url\":\"" + hooks.baseUrl() + "/hook\"}}");
        assertEquals(200, h.status(), h.body());
        assertEquals("/kapacitor/v1/alerts/topics/cpu/handlers/hook", h.json().path("link").path("href").asText());

        assertEquals(204, s.write("telegraf", "autogen", "cpu,host=a usage_idle=3 10").status());

        JsonNode event = Poll.value("event in topic cpu", () -> {
            TestServer.Response r = s.get("/kapacitor/v1/alerts/topics/cpu/events/cpu:a");
            return r.status() == 200 ? r.json() : null;
        });
        assertEquals("CRITICAL", event.path("state").path("level").asText());
        assertEquals("cpu:a is CRITICAL", event.path("state").path("message").asText());
        assertEquals("1970-01-01T00:00:10Z", event.path("state").path("time").asText());
        assertEquals("0s", event.path("state").path("duration").asText());

        List<LoggedRequest> got = Poll.value("POST at the hook", () -> {
            List<LoggedRequest> all = hooks.findAll(postRequestedFor(urlEqualTo("/hook")));
            return all.isEmpty() ? null : all;
        });
        assertEquals("{\"id\":\"cpu:a\",\"message\":\"cpu:a is CRITICAL\",\"details\":\"\","
                + "\"time\":\"1970-01-01T00:00:10Z\",\"duration\":0,\"level\":\"CRITICAL\",\"data\":{\"series\":"
                + "[{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},\"columns\":[\"time\",\"usage_idle\"],"
                + "\"values\":[[\"1970-01-01T00:00:10Z\",3]]}]},\"previousLevel\":\"OK\",\"recoverable\":true}\n",
                got.get(0).getBodyAsString());
        assertEquals("application/json", got.get(0).getHeader("Content-Type"));

        JsonNode topic = s.get("/kapacitor/v1/alerts/topics/cpu").json();
        assertEquals("CRITICAL", topic.path("level").asText());
        assertEquals(1, topic.path("collected").asLong());
        assertEquals(1, s.get("/kapacitor/v1/alerts/topics?min-level=CRITICAL").json().path("topics").size());
        assertEquals(0, s.get("/kapacitor/v1/alerts/topics?min-level=CRITICAL&pattern=mem*").json()
                .path("topics").size());
    }

    @Test
    void slackTopicHandlerPostsTheSlackPayload() {
        defineTask();
        assertEquals(200, s.post("/kapacitor/v1/alerts/topics/cpu/handlers",
                "{\"id\":\"chat\",\"kind\":\"slack\",\"options\":{\"channel\":\"#test\"}}").status());
        assertEquals(204, s.write("telegraf", "autogen", "cpu,host=b usage_idle=1 20").status());
        List<LoggedRequest> got = Poll.value("POST at slack", () -> {
            List<LoggedRequest> all = hooks.findAll(postRequestedFor(urlEqualTo("/slack/hook")));
            return all.isEmpty() ? null : all;
        });
        assertEquals("{\"attachments\":[{\"fallback\":\"cpu:b is CRITICAL\",\"color\":\"danger\","
                + "\"text\":\"cpu:b is CRITICAL\",\"mrkdwn_in\":[\"text\"]}],\"channel\":\"#test\","
                + "\"icon_emoji\":\"\",\"text\":\"\",\"username\":\"kapacitor\"}\n", got.get(0).getBodyAsString());
        assertFalse(got.get(0).containsHeader("Authorization"));
    }

    @Test
    void handlersAreListedShownReplacedPatchedAndDeleted() {
        String base = "/kapacitor/v1/alerts/topics/cpu/handlers";
        assertEquals(200, s.post(base, "{\"id\":\"h1\",\"kind\":\"post\",\"match\":\"level() == CRITICAL\","
                + "\"options\":{\"url\":\"" + hooks.baseUrl() + "/hook\"}}").status());
        JsonNode list = s.get(base).json();
        assertEquals("cpu", list.path("topic").asText());
        assertEquals("h1", list.path("handlers").get(0).path("id").asText());
        assertEquals("level() == CRITICAL", s.get(base + "/h1").json().path("match").asText());

        TestServer.Response dup = s.post(base, "{\"id\":\"h1\",\"kind\":\"post\",\"options\":{}}");
        assertEquals(400, dup.status());
        assertTrue(dup.error().contains("already exists"), dup.body());

        TestServer.Response put = s.put(base + "/h1", "{\"id\":\"h1\",\"kind\":\"tcp\","
                + "\"options\":{\"address\":\"127.0.0.1:9\"}}");
        assertEquals(200, put.status(), put.body());
        assertEquals("tcp", s.get(base + "/h1").json().path("kind").asText());

        TestServer.Response patched = s.patch(base + "/h1", "[{\"op\":\"replace\",\"path\":\"/options/address\","
                + "\"value\":\"127.0.0.1:10\"},{\"op\":\"add\",\"path\":\"/match\",\"value\":\"changed()\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("127.0.0.1:10", patched.json().path("options").path("address").asText());
        assertEquals("changed()", s.get(base + "/h1").json().path("match").asText());

        TestServer.Response renamed = s.patch(base + "/h1", "[{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"h2\"}]");
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals(404, s.get(base + "/h1").status());
        assertEquals(200, s.get(base + "/h2").status());

        assertEquals(204, s.delete(base + "/h2").status());
        assertEquals(404, s.delete(base + "/h2").status());
        assertEquals(0, s.get(base).json().path("handlers").size());
    }

    @Test
    void deletingATopicForgetsItsEventsAndHandlers() {
        defineTask();
        assertEquals(200, s.post("/kapacitor/v1/alerts/topics/cpu/handlers", "{\"id\":\"h\",\"kind\":\"post\","
                + "\"options\":{\"url\":\"" + hooks.baseUrl() + "/hook\"}}").status());
        s.write("telegraf", "autogen", "cpu,host=a usage_idle=3 10");
        Poll.until("event", () -> s.get("/kapacitor/v1/alerts/topics/cpu/events/cpu:a").status() == 200);
        assertEquals(204, s.delete("/kapacitor/v1/alerts/topics/cpu").status());
        assertEquals(404, s.get("/kapacitor/v1/alerts/topics/cpu").status());
        assertEquals(0, s.get("/kapacitor/v1/alerts/topics/cpu/handlers").json().path("handlers").size());
        assertEquals(404, s.delete("/kapacitor/v1/alerts/topics/cpu").status());
    }
}
