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

/** The pushover plugin through the server: TICKscript, topic handler, config API, service test, handler listing. */
class PushoverEndToEndTest {
    private static final String PATH = "/1/messages.json";
    private static final String TOKEN = "pushoverS3cretToken";
    private static final String USER = "userS3cretKey";

    @TempDir
    Path dir;
    private WireMockServer pushover;
    private TestServer server;

    @BeforeEach
    void start() {
        pushover = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        pushover.start();
        pushover.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"status\":1}")));
        server = TestServer.start(dir, "[pushover]\n  enabled = true\n  token = \"" + TOKEN + "\"\n  user-key = \""
                + USER + "\"\n  url = \"http://127.0.0.1:" + pushover.port() + PATH + "\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
        pushover.stop();
    }

    private static final String CPU_TASK = "stream|from().measurement('cpu')|alert()"
            + ".id('cpu:{{ index .Tags \"host\" }}').message('{{ .ID }} is {{ .Level }}')"
            + ".crit(lambda: \"usage_idle\" < 10)";

    @Test
    void tickscriptChainSendsTheCriticalAndTheRecovery() {
        server.defineTask("cpu_pushover", CPU_TASK + ".pushover().userKey('u2').device('mydev').title('mytitle')"
                + ".URL('http://example.com').URLTitle('myurltitle').sound('siren')");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=50 20");

        List<LoggedRequest> got = TestServer.awaitPosts(pushover, PATH, 2);
        String rest = "&sound=siren&title=mytitle&token=" + TOKEN
                + "&url=http%3A%2F%2Fexample.com&url_title=myurltitle&user=u2";
        assertEquals("device=mydev&message=cpu%3Aa+is+CRITICAL&priority=1" + rest, got.get(0).getBodyAsString());
        assertEquals("device=mydev&message=cpu%3Aa+is+OK&priority=-2" + rest, got.get(1).getBodyAsString());
        assertEquals("application/x-www-form-urlencoded", got.get(0).getHeader("Content-Type"));
        assertEquals(2, pushover.getAllServeEvents().size());
    }

    @Test
    void emergencyIsValidatedWhenTheTaskIsDefined() {
        TestServer.Response r = server.post("/kapacitor/v1/tasks", "{\"id\":\"bad\",\"type\":\"stream\","
                + "\"dbrps\":[{\"db\":\"telegraf\",\"rp\":\"autogen\"}],\"status\":\"enabled\",\"script\":"
                + quote(CPU_TASK + ".pushover().emergency().retry(10s).expire(1h)") + "}");
        assertTrue(r.body().contains("emergency priority requires retry of at least 30s, got 10s"), r.body());
        assertTrue(r.status() == 400 || !r.json().path("executing").asBoolean(), r.body());
    }

    @Test
    void topicHandlerWithEmergencyOptions() {
        server.defineTask("cpu_topic", CPU_TASK + ".topic('chat')");
        TestServer.Response bad = server.post("/kapacitor/v1/alerts/topics/chat/handlers", "{\"id\":\"bad\","
                + "\"kind\":\"pushover\",\"options\":{\"emergency\":true,\"retry\":\"1m\",\"expire\":\"4h\"}}");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("expire"), bad.body());
        TestServer.Response h = server.post("/kapacitor/v1/alerts/topics/chat/handlers", "{\"id\":\"to-pushover\","
                + "\"kind\":\"pushover\",\"options\":{\"user-key\":\"topicUser\",\"sound\":\"siren\","
                + "\"emergency\":true,\"retry\":\"1m\",\"expire\":\"1h\"}}");
        assertEquals(200, h.status(), h.body());
        assertFalse(h.body().contains("topicUser"), h.body());
        server.write("cpu,host=b usage_idle=1 10");

        assertEquals("expire=3600&message=cpu%3Ab+is+CRITICAL&priority=2&retry=60&sound=siren&token=" + TOKEN
                + "&user=topicUser", TestServer.awaitPosts(pushover, PATH, 1).get(0).getBodyAsString());
    }

    @Test
    void configApiRedactsTokenAndUserKey() {
        TestServer.Response r = server.get("/kapacitor/v1/config/pushover");
        JsonNode element = r.json().path("elements").get(0);
        assertEquals(true, element.path("options").path("token").asBoolean(), r.body());
        assertEquals(true, element.path("options").path("user-key").asBoolean(), r.body());
        assertEquals("http://127.0.0.1:" + pushover.port() + PATH, element.path("options").path("url").asText());
        assertEquals("[\"token\",\"user-key\"]", element.path("redacted").toString());
        assertFalse(r.body().contains(TOKEN) || r.body().contains(USER), r.body());
    }

    @Test
    void serviceTestSendsKapacitorsDefaultsWithoutShowingTheUserKey() {
        TestServer.Response listed = server.get("/kapacitor/v1/service-tests/pushover");
        assertEquals("test pushover message", listed.json().path("options").path("message").asText(), listed.body());
        assertFalse(listed.body().contains(USER), listed.body());
        TestServer.Response r = server.post("/kapacitor/v1/service-tests/pushover", "{}");
        assertTrue(r.json().path("success").asBoolean(), r.body());
        assertEquals("message=test+pushover+message&priority=1&token=" + TOKEN + "&user=" + USER,
                TestServer.awaitPosts(pushover, PATH, 1).get(0).getBodyAsString());
    }

    @Test
    void handlersListingShowsTheKindAndItsSchema() {
        JsonNode kind = server.handlerKind("pushover");
        assertEquals("pushover", kind.path("tickName").asText());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        JsonNode config = kind.path("config").path("properties");
        assertTrue(config.path("token").path("writeOnly").asBoolean(), config.toString());
        assertTrue(config.path("user-key").path("writeOnly").asBoolean(), config.toString());
        JsonNode options = kind.path("options").path("properties");
        assertEquals("URL", options.path("url").path("x-herald-property").asText(), options.toString());
        assertEquals("URLTitle", options.path("url-title").path("x-herald-property").asText());
        assertEquals("userKey", options.path("user-key").path("x-herald-property").asText());
        assertTrue(options.has("emergency") && options.has("retry") && options.has("expire"), options.toString());
    }

    private static String quote(String text) {
        try {
            return TestServer.JSON.writeValueAsString(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
