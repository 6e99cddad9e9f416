package dev.herald.server.e2e;

import dev.herald.server.TestServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensu through the server: a TICKscript {@code .sensu()} chain and a topic handler with options, written points,
 * the exact check results at a real loopback socket standing in for the Sensu client; the config API; the service
 * test; the handler listing.
 */
class SensuEndToEndTest {
    @TempDir
    Path dir;
    private SensuClientStub sensu;
    private TestServer server;

    @BeforeEach
    void start() {
        sensu = new SensuClientStub();
        server = TestServer.start(dir, "[sensu]\n  enabled = true\n  addr = \"" + sensu.addr()
                + "\"\n  source = \"Kapacitor\"\n  handlers = [\"default-handler\"]\n");
    }

    @AfterEach
    void stop() {
        server.close();
        sensu.close();
    }

    @Test
    void tickscriptChainWritesCriticalAndRecoveryExactly() {
        TestServer.Response task = server.defineTask("cpu_sensu", "stream|from().measurement('cpu')"
                + "|alert().id('kapacitor.{{ .Name }}.{{ index .Tags \"host\" }}').message('{{ .ID }} is {{ .Level }}')"
                + ".details('').crit(lambda: \"usage_idle\" < 10)"
                + ".sensu().source('{{ index .Tags \"host\" }}').handlers('h1', 'h2').metadata('team', 'ops')");
        assertEquals(200, task.status(), task.body());
        assertEquals(204, server.write("cpu,host=a usage_idle=3 10").status());
        assertEquals("{\"handlers\":[\"h1\",\"h2\"],\"name\":\"kapacitor.cpu.a\",\"output\":\"kapacitor.cpu.a is "
                + "CRITICAL\",\"source\":\"a\",\"status\":2,\"team\":\"ops\"}\n", sensu.nextLine());
        assertEquals(204, server.write("cpu,host=a usage_idle=50 20").status());
        assertEquals("{\"handlers\":[\"h1\",\"h2\"],\"name\":\"kapacitor.cpu.a\",\"output\":\"kapacitor.cpu.a is "
                + "OK\",\"source\":\"a\",\"status\":0,\"team\":\"ops\"}\n", sensu.nextLine());
    }

    @Test
    void topicHandlerWithOptionsFallsBackToConfigHandlers() {
        assertEquals(200, server.defineTask("cpu_topic", "stream|from().measurement('cpu')"
                + "|alert().id('cpu.{{ index .Tags \"host\" }}').message('{{ .ID }} is {{ .Level }}').details('')"
                + ".warn(lambda: \"usage_idle\" < 20).topic('ops')").status());
        TestServer.Response handler = server.post("/kapacitor/v1/alerts/topics/ops/handlers", Map.of("id", "to-sensu",
                "kind", "sensu", "options", Map.of("source", "herald-{{ .Name }}",
                        "metadata", Map.of("k1", "v1", "name", "ignored"))));
        assertEquals(200, handler.status(), handler.body());
        assertEquals(204, server.write("cpu,host=b usage_idle=15 10").status());
        assertEquals("{\"handlers\":[\"default-handler\"],\"k1\":\"v1\",\"name\":\"cpu.b\","
                + "\"output\":\"cpu.b is WARNING\",\"source\":\"herald-cpu\",\"status\":1}\n", sensu.nextLine());
    }

    @Test
    void configApiShowsTheSection() {
        TestServer.Response reply = server.get("/kapacitor/v1/config/sensu");
        assertEquals(200, reply.status(), reply.body());
        JsonNode element = reply.json().path("elements").get(0);
        assertEquals(sensu.addr(), element.path("options").path("addr").asText());
        assertEquals("Kapacitor", element.path("options").path("source").asText());
        assertEquals("[\"default-handler\"]", element.path("options").path("handlers").toString());
        assertEquals(0, element.path("redacted").size(), element.toString());
    }

    @Test
    void serviceTestWritesKapacitorsTestCheck() {
        TestServer.Response reply = server.post("/kapacitor/v1/service-tests/sensu", "{}");
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.json().path("success").asBoolean(), reply.body());
        assertEquals("{\"handlers\":[\"default-handler\"],\"name\":\"testName\",\"output\":\"testOutput\","
                + "\"source\":\"Kapacitor\",\"status\":2}\n", sensu.nextLine());
    }

    @Test
    void handlersApiListsTheKindWithItsSchema() {
        JsonNode kind = server.handlerKind("sensu");
        assertEquals("sensu", kind.path("tickName").asText(), kind.toString());
        assertTrue(kind.path("hasServiceTest").asBoolean());
        for (String key : List.of("enabled", "addr", "source", "handlers")) {
            assertTrue(kind.path("config").path("properties").has(key), key);
        }
        for (String key : List.of("source", "handlers", "metadata")) {
            assertTrue(kind.path("options").path("properties").has(key), key);
        }
    }
}
