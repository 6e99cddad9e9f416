package dev.herald.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.handler.kafka.EmbeddedKafka;
import dev.herald.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka through the server against a real in-process KRaft cluster: a TICKscript {@code .kafka()} chain and a topic
 * handler write records a consumer reads back (key = alert id, value = template or alert JSON); the config API
 * redacts the SASL password; the service test writes; the handler listing.
 */
class KafkaEndToEndTest {
    private static EmbeddedKafka kafka;
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafka();
        kafka.createTopic("alerts", 1);
        kafka.createTopic("ops", 1);
        kafka.createTopic("servicetest", 1);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void start() {
        server = TestServer.start(dir, "[[kafka]]\n  enabled = true\n  id = \"main\"\n  brokers = [\""
                + kafka.bootstrapServers() + "\"]\n  timeout = \"10s\"\n  sasl-password = \"s3cr3t-sasl\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tickscriptChainWritesEachEventKeyedByTheAlertId() {
        server.defineTask("cpu_kafka", "stream\n  |from().measurement('cpu')\n  |alert()\n"
                + "    .id('cpu:{{ index .Tags \"host\" }}')\n    .message('{{ .ID }} is {{ .Level }}')\n"
                + "    .crit(lambda: \"usage_idle\" < 10)\n"
                + "    .kafka().cluster('main').kafkaTopic('alerts').template('{{ .Level }}: {{ .Message }}')\n");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=50 20");
        assertEquals(List.of(new EmbeddedKafka.Read("alerts", 0, "cpu:a", "CRITICAL: cpu:a is CRITICAL"),
                new EmbeddedKafka.Read("alerts", 0, "cpu:a", "OK: cpu:a is OK")), kafka.read("alerts", 2));
    }

    @Test
    void topicHandlerWritesTheAlertJson() {
        server.defineTask("cpu_topic", "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \"host\" }}')"
                + ".message('{{ .ID }} is {{ .Level }}').details('').crit(lambda: \"usage_idle\" < 10).topic('ops')");
        TestServer.Response created = server.post("/kapacitor/v1/alerts/topics/ops/handlers", Map.of("id",
                "to-kafka", "kind", "kafka", "options", Map.of("cluster", "main", "topic", "ops")));
        assertEquals(200, created.status(), created.body());
        server.write("cpu,host=b usage_idle=3 10");
        List<EmbeddedKafka.Read> read = kafka.read("ops", 1);
        assertEquals(1, read.size());
        assertEquals("cpu:b", read.get(0).key());
        assertEquals("{\"id\":\"cpu:b\",\"message\":\"cpu:b is CRITICAL\",\"details\":\"\",\"time\":"
                + "\"1970-01-01T00:00:10Z\",\"duration\":0,\"level\":\"CRITICAL\",\"data\":{\"series\":[{\"name\":"
                + "\"cpu\",\"tags\":{\"host\":\"b\"},\"columns\":[\"time\",\"usage_idle\"],\"values\":"
                + "[[\"1970-01-01T00:00:10Z\",3]]}]},\"previousLevel\":\"OK\",\"recoverable\":true}\n",
                read.get(0).value());
    }

    @Test
    void configApiRedactsTheSaslPassword() {
        TestServer.Response reply = server.get("/kapacitor/v1/config/kafka");
        assertEquals(200, reply.status(), reply.body());
        assertFalse(reply.body().contains("s3cr3t-sasl"), reply.body());
        JsonNode element = reply.json().path("elements").get(0);
        assertTrue(element.path("options").path("sasl-password").asBoolean(), element.toString());
        assertEquals("main", element.path("options").path("id").asText());
    }

    @Test
    void serviceTestWritesTheTestMessage() {
        TestServer.Response example = server.post("/kapacitor/v1/service-tests/kafka", "{}");
        assertEquals("unknown cluster \"example\"", example.json().path("message").asText(), example.body());
        TestServer.Response sent = server.post("/kapacitor/v1/service-tests/kafka",
                "{\"cluster\":\"main\",\"topic\":\"servicetest\"}");
        assertTrue(sent.json().path("success").asBoolean(), sent.body());
        assertEquals(List.of(new EmbeddedKafka.Read("servicetest", 0, "key", "test kafka message")),
                kafka.read("servicetest", 1));
    }

    @Test
    void handlersApiListsTheKind() {
        JsonNode kind = server.handlerKind("kafka");
        assertEquals("kafka", kind.path("tickName").asText(), kind.toString());
        assertTrue(kind.path("config").path("properties").path("sasl-password").path("writeOnly").asBoolean());
        assertTrue(kind.path("options").path("properties").has("partitionAlgorithm"), kind.toString());
    }
}
