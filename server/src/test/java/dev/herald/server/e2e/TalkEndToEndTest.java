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

/** The talk plugin through the server: TICKscript, topic handler, config API, service test, handler listing. */
class TalkEndToEndTest {
    private static final String HOOK = "/v2/services/webhook/talkS3cretUuid";

    @TempDir
    Path dir;
    private WireMockServer talk;
    private TestServer server;

    @BeforeEach
    void start() {
        talk = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        talk.start();
        talk.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        server = TestServer.start(dir, "[talk]\n  enabled = true\n  url = \"http://127.0.0.1:" + talk.port() + HOOK
                + "\"\n  author_name = \"Kapacitor\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
        talk.stop();
    }

    @Test
    void tickscriptSendsTheCriticalAndTheRecovery() {
        server.defineTask("cpu_talk", "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \"host\" }}')"
                + ".message('{{ .ID }} is {{ .Level }}').crit(lambda: \"usage_idle\" < 10).talk()");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=50 20");

        List<LoggedRequest> got = TestServer.awaitPosts(talk, HOOK, 2);
        assertEquals("{\"authorName\":\"Kapacitor\",\"text\":\"cpu:a is CRITICAL\",\"title\":\"cpu:a\"}\n",
                got.get(0).getBodyAsString());
        assertEquals("{\"authorName\":\"Kapacitor\",\"text\":\"cpu:a is OK\",\"title\":\"cpu:a\"}\n",
                got.get(1).getBodyAsString());
        assertEquals("application/json", got.get(0).getHeader("Content-Type"));
        assertEquals(2, talk.getAllServeEvents().size());
    }

    @Test
    void topicHandlerWithoutOptions() {
        server.defineTask("cpu_topic", "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \"host\" }}')"
                + ".message('{{ .ID }} is {{ .Level }}').crit(lambda: \"usage_idle\" < 10).topic('chat')");
        TestServer.Response h = server.post("/kapacitor/v1/alerts/topics/chat/handlers",
                "{\"id\":\"to-talk\",\"kind\":\"talk\"}");
        assertEquals(200, h.status(), h.body());
        TestServer.Response bad = server.post("/kapacitor/v1/alerts/topics/chat/handlers",
                "{\"id\":\"bad\",\"kind\":\"talk\",\"options\":{\"title\":\"x\"}}");
        assertEquals(400, bad.status(), bad.body());
        server.write("cpu,host=b usage_idle=1 10");

        assertEquals("{\"authorName\":\"Kapacitor\",\"text\":\"cpu:b is CRITICAL\",\"title\":\"cpu:b\"}\n",
                TestServer.awaitPosts(talk, HOOK, 1).get(0).getBodyAsString());
    }

    @Test
    void configApiRedactsTheUrl() {
        TestServer.Response r = server.get("/kapacitor/v1/config/talk");
        JsonNode element = r.json().path("elements").get(0);
        assertEquals(true, element.path("options").path("url").asBoolean(), r.body());
        assertEquals("Kapacitor", element.path("options").path("author_name").asText());
        assertEquals("[\"url\"]", element.path("redacted").toString());
        assertFalse(r.body().contains("talkS3cretUuid"), r.body());
    }

    @Test
    void serviceTestSendsKapacitorsDefaults() {
        TestServer.Response r = server.post("/kapacitor/v1/service-tests/talk", "{}");
        assertTrue(r.json().path("success").asBoolean(), r.body());
        assertEquals("{\"authorName\":\"Kapacitor\",\"text\":\"test talk text\",\"title\":\"testTitle\"}\n",
                TestServer.awaitPosts(talk, HOOK, 1).get(0).getBodyAsString());
    }

    @Test
    void handlersListingShowsTheKindAndItsSchema() {
        JsonNode kind = server.handlerKind("talk");
        assertEquals("talk", kind.path("tickName").asText());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        assertTrue(kind.path("config").path("properties").path("url").path("writeOnly").asBoolean(), kind.toString());
        assertTrue(kind.path("config").path("properties").has("author_name"), kind.toString());
        assertEquals(0, kind.path("options").path("properties").size(), kind.toString());
    }
}
