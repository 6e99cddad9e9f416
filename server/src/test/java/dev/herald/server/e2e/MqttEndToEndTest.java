package dev.herald.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.handler.mqtt.EmbeddedBroker;
import dev.herald.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT through the server against a real broker (Moquette): a TICKscript {@code .mqtt()} chain and a topic handler
 * publish the alert messages with their QoS and retain flag as the broker receives them; the config API redacts the
 * password; the service test publishes; the handler listing.
 */
class MqttEndToEndTest {
    private static EmbeddedBroker broker;
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void start() {
        broker.published.clear();
        server = TestServer.start(dir, "[[mqtt]]\n  enabled = true\n  name = \"local\"\n  default = true\n"
                + "  url = \"" + broker.url() + "\"\n  client-id = \"herald-e2e\"\n  username = \""
                + EmbeddedBroker.USER + "\"\n  password = \"" + EmbeddedBroker.PASSWORD + "\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<EmbeddedBroker.Published> published(int count) {
        List<EmbeddedBroker.Published> got = new ArrayList<>();
        TestServer.await(count + " PUBLISH(es) at the broker", () -> {
            broker.published.drainTo(got);
            return got.size() >= count ? got : null;
        });
        return got;
    }

    @Test
    void tickscriptChainPublishesEachEventWithQosAndRetain() {
        server.defineTask("cpu_mqtt", "stream\n  |from().measurement('cpu')\n  |alert()\n"
                + "    .id('cpu:{{ index .Tags \"host\" }}')\n    .message('{{ .ID }} is {{ .Level }}')\n"
                + "    .crit(lambda: \"usage_idle\" < 10)\n"
                + "    .mqtt('alerts/{{ .TaskName }}/{{ index .Tags \"host\" }}').brokerName('local').qos(1)"
                + ".retained(TRUE)\n");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=50 20");
        assertEquals(List.of(
                new EmbeddedBroker.Published("herald-e2e", "alerts/cpu_mqtt/a", "cpu:a is CRITICAL", 1, true),
                new EmbeddedBroker.Published("herald-e2e", "alerts/cpu_mqtt/a", "cpu:a is OK", 1, true)),
                published(2));
    }

    @Test
    void topicHandlerWithOptions() {
        server.defineTask("cpu_topic", "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \"host\" }}')"
                + ".message('{{ .ID }} is {{ .Level }}').crit(lambda: \"usage_idle\" < 10).topic('ops')");
        TestServer.Response created = server.post("/kapacitor/v1/alerts/topics/ops/handlers", Map.of("id", "to-mqtt",
                "kind", "mqtt", "options", Map.of("topic", "ops/{{ .ID }}", "qos", "exactly-once")));
        assertEquals(200, created.status(), created.body());
        server.write("cpu,host=b usage_idle=3 10");
        assertEquals(List.of(new EmbeddedBroker.Published("herald-e2e", "ops/cpu:b", "cpu:b is CRITICAL", 2, false)),
                published(1));
    }

    @Test
    void configApiRedactsThePassword() {
        TestServer.Response reply = server.get("/kapacitor/v1/config/mqtt");
        assertEquals(200, reply.status(), reply.body());
        assertFalse(reply.body().contains(EmbeddedBroker.PASSWORD), reply.body());
        JsonNode element = reply.json().path("elements").get(0);
        assertTrue(element.path("options").path("password").asBoolean(), element.toString());
        assertEquals("[\"password\"]", element.path("redacted").toString());
        assertEquals("local", element.path("options").path("name").asText());
    }

    @Test
    void serviceTestPublishesKapacitorsTestMessage() {
        TestServer.Response defaults = server.get("/kapacitor/v1/service-tests/mqtt");
        assertEquals("local", defaults.json().path("options").path("broker-name").asText(), defaults.body());
        TestServer.Response missing = server.post("/kapacitor/v1/service-tests/mqtt", "{}");
        assertEquals("missing MQTT topic", missing.json().path("message").asText(), missing.body());
        TestServer.Response sent = server.post("/kapacitor/v1/service-tests/mqtt", "{\"topic\":\"test/topic\"}");
        assertTrue(sent.json().path("success").asBoolean(), sent.body());
        assertEquals(List.of(new EmbeddedBroker.Published("herald-e2e", "test/topic", "test MQTT message", 0,
                false)), published(1));
    }

    @Test
    void handlersApiListsTheKind() {
        JsonNode kind = server.handlerKind("mqtt");
        assertEquals("mqtt", kind.path("tickName").asText(), kind.toString());
        assertTrue(kind.path("config").path("properties").path("password").path("writeOnly").asBoolean());
        assertTrue(kind.path("options").path("properties").has("broker-name"), kind.toString());
    }
}
