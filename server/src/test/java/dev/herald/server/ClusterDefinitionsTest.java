package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode's shared definitions against a real three-broker KRaft cluster in process: a task, template, topic
 * handler or config override made through any node's API is defined on every node, a node that joins later catches
 * up from the compacted topic, deletions reach everyone, and a definition runs on the node the point is written to.
 */
class ClusterDefinitionsTest {
    private static KafkaClusterTestKit kafka;

    @TempDir
    Path dir;
    private final List<TestServer> nodes = new ArrayList<>();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(false)
                .setNumBrokerNodes(3).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "3")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(TestServer::close);
    }

    private TestServer node(String name) {
        TestServer node = TestServer.start(dir.resolve(name), "[cluster]\n  bootstrap-servers = \""
                + kafka.bootstrapServers() + "\"\n  application-id = \"herald-test\"\n  node-id = \"" + name + "\"\n"
                + "  replication-factor = 3\n[[slack]]\n  workspace = \"main\"\n  default = true\n");
        nodes.add(node);
        return node;
    }

    private static JsonNode awaitJson(TestServer node, String path, java.util.function.Predicate<JsonNode> ok) {
        return TestServer.await(path + " on another node", () -> {
            TestServer.Response r = node.get(path);
            return r.status() == 200 && ok.test(r.json()) ? r.json() : null;
        });
    }

    private static void awaitGone(TestServer node, String path) {
        TestServer.await(path + " gone on another node", () -> node.get(path).status() == 404 ? true : null);
    }

    @Test
    void definitionsMadeOnOneNodeAreDefinedOnEveryNode() {
        TestServer a = node("a");
        TestServer b = node("b");
        String script = "stream|from().measurement('cpu')|alert().id('cpu').crit(lambda: \"v\" > 10).topic('cpu')";
        TestServer.Response created = a.defineTask("cpu", script);
        assertEquals(200, created.status(), created.body());
        JsonNode onB = awaitJson(b, "/kapacitor/v1/tasks/cpu", t -> t.path("status").asText().equals("enabled"));
        assertEquals(a.get("/kapacitor/v1/tasks/cpu").json().path("script").asText(), onB.path("script").asText());
        assertTrue(onB.path("script").asText().contains(".crit(lambda: \"v\" > 10)"));
        assertEquals("", onB.path("error").asText());

        TestServer.Response handler = b.post("/kapacitor/v1/alerts/topics/cpu/handlers", "{\"id\":\"to-log\","
                + "\"kind\":\"log\",\"options\":{\"path\":\"" + dir.resolve("alerts.log") + "\"}}");
        assertEquals(200, handler.status(), handler.body());
        awaitJson(a, "/kapacitor/v1/alerts/topics/cpu/handlers/to-log", h -> h.path("kind").asText().equals("log"));

        assertEquals(200, b.post("/kapacitor/v1/templates", "{\"id\":\"tpl\",\"script\":\"stream|from()"
                + ".measurement('mem')|alert().crit(lambda: \\\"used\\\" > 90)\"}").status());
        awaitJson(a, "/kapacitor/v1/templates/tpl", t -> t.path("script").asText().contains("mem"));

        TestServer.Response add = a.post("/kapacitor/v1/config/slack", "{\"add\":{\"workspace\":\"ops\","
                + "\"enabled\":true,\"channel\":\"#ops\",\"url\":\"http://slack.example.com/secret-token\"}}");
        assertEquals(204, add.status(), add.body());
        add = a.post("/kapacitor/v1/config/slack/main", "{\"set\":{\"channel\":\"#main\"}}");
        assertEquals(204, add.status(), add.body());
        JsonNode workspace = awaitJson(b, "/kapacitor/v1/config/slack/ops", s -> s.path("options").path("channel")
                .asText().equals("#ops"));
        assertEquals(true, workspace.path("options").path("url").asBoolean()); // set, and redacted as on any node
        awaitJson(b, "/kapacitor/v1/config/slack/main", s -> s.path("options").path("channel").asText()
                .equals("#main"));

        // the shared task runs where the point is written
        assertEquals(204, b.write("cpu v=20 1").status());
        JsonNode events = awaitJson(b, "/kapacitor/v1/alerts/topics/cpu/events", e -> e.path("events").size() == 1);
        assertEquals("CRITICAL", events.path("events").get(0).path("state").path("level").asText());

        assertEquals(200, a.patch("/kapacitor/v1/tasks/cpu", "{\"status\":\"disabled\"}").status());
        awaitJson(b, "/kapacitor/v1/tasks/cpu", t -> t.path("status").asText().equals("disabled"));

        // a node that joins later finds everything the cluster defined
        TestServer c = node("c");
        assertEquals("disabled", c.get("/kapacitor/v1/tasks/cpu").json().path("status").asText());
        assertEquals(200, c.get("/kapacitor/v1/alerts/topics/cpu/handlers/to-log").status());
        assertEquals(200, c.get("/kapacitor/v1/templates/tpl").status());
        assertEquals("#ops", c.get("/kapacitor/v1/config/slack/ops").json().path("options").path("channel")
                .asText());

        assertEquals(204, c.delete("/kapacitor/v1/tasks/cpu").status());
        assertEquals(204, c.delete("/kapacitor/v1/alerts/topics/cpu/handlers/to-log").status());
        awaitGone(a, "/kapacitor/v1/tasks/cpu");
        awaitGone(b, "/kapacitor/v1/tasks/cpu");
        awaitGone(a, "/kapacitor/v1/alerts/topics/cpu/handlers/to-log");

        String metrics = a.get("/metrics").body();
        assertTrue(metrics.contains("herald_cluster_definitions_applied_total{node=\"a\"} "), metrics);
        assertTrue(metrics.contains("herald_cluster_definitions_failed_total{node=\"a\"} 0"), metrics);
    }

    @Test
    void aRestartedNodeCatchesUpOnWhatChangedWhileItWasDown() {
        TestServer a = node("a2");
        TestServer b = node("b2");
        assertEquals(200, a.defineTask("kept", "stream|from().measurement('m')|alert().crit(lambda: \"v\" > 1)")
                .status());
        assertEquals(200, a.defineTask("dropped", "stream|from().measurement('m')|alert().crit(lambda: \"v\" > 2)")
                .status());
        awaitJson(b, "/kapacitor/v1/tasks/dropped", t -> true);

        b.close();
        assertEquals(204, a.delete("/kapacitor/v1/tasks/dropped").status());
        assertEquals(200, a.defineTask("added", "stream|from().measurement('m')|alert().crit(lambda: \"v\" > 3)")
                .status());
        b.restart();
        assertEquals(404, b.get("/kapacitor/v1/tasks/dropped").status());
        assertEquals(200, b.get("/kapacitor/v1/tasks/added").status());
        assertEquals(200, b.get("/kapacitor/v1/tasks/kept").status());
    }

    @Test
    void anUnreachableClusterStopsStartUpWithTheReason() {
        StartupException e = org.junit.jupiter.api.Assertions.assertThrows(StartupException.class, () ->
                TestServer.start(dir.resolve("lonely"), "[cluster]\n  bootstrap-servers = \"127.0.0.1:1\"\n  connect-timeout = \"2s\"\n"));
        assertTrue(e.getMessage().startsWith("[cluster] bootstrap-servers 127.0.0.1:1: cannot create or find the "
                + "topic herald-definitions"), e.getMessage());
    }
}
