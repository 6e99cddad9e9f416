package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode against a real three-broker KRaft cluster in process. Shared definitions: a task, template, topic
 * handler or config override made through any node's API is defined on every node, a node that joins later catches
 * up from the compacted topic, deletions reach everyone. Points: written to any node, evaluated once by the node that
 * owns their partition, with the events one node alone would raise; a node stopped mid-stream loses no event.
 */
class ClusterModeTest {
    private static KafkaClusterTestKit kafka;

    @org.junit.jupiter.api.extension.RegisterExtension
    static com.github.tomakehurst.wiremock.junit5.WireMockExtension slow =
            com.github.tomakehurst.wiremock.junit5.WireMockExtension.newInstance().options(
                    com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig().dynamicPort()
                            .bindAddress("127.0.0.1")).build();

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
        return node(name, "herald-test");
    }

    private TestServer node(String name, String application) {
        return node(name, application, "");
    }

    private TestServer node(String name, String application, String more) {
        TestServer node = TestServer.start(dir.resolve(name), clusterSection(name, application)
                + "[[slack]]\n  workspace = \"main\"\n  default = true\n" + more);
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

        // the shared task runs on the node that owns the points' partition, whichever node took the write
        assertEquals(204, b.write("cpu v=20 1").status());
        JsonNode events = TestServer.await("the event on the evaluating node", () -> {
            for (TestServer n : List.of(a, b)) {
                JsonNode e = n.get("/kapacitor/v1/alerts/topics/cpu/events").json();
                if (e.path("events").size() == 1) {
                    return e;
                }
            }
            return null;
        });
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
        // ownership and lag of every consumer the node has
        for (String gauge : List.of("herald_cluster_points_lag", "herald_cluster_events_read_lag",
                "herald_cluster_events_delivery_lag")) {
            assertTrue(metrics.matches("(?s).*\n" + gauge + "\\{node=\"a\"} \\d+\n.*"), gauge + ": " + metrics);
        }
        assertTrue(metrics.contains("herald_cluster_events_partition_delivered{node=\"a\",partition=\""), metrics);
    }

    @Test
    void aRestartedNodeCatchesUpOnWhatChangedWhileItWasDown() {
        TestServer a = node("a2");
        TestServer b = node("b2");
        assertEquals(200, a.defineTask("kept", "stream|from().measurement('m')|alert().crit(lambda: \"v\" > 1)"
                + ".topic('m-kept')").status());
        assertEquals(200, a.defineTask("dropped", "stream|from().measurement('m')|alert().crit(lambda: \"v\" > 2)")
                .status());
        awaitJson(b, "/kapacitor/v1/tasks/dropped", t -> true);

        b.close();
        assertEquals(204, a.delete("/kapacitor/v1/tasks/dropped").status());
        assertEquals(200, a.defineTask("added", "stream|from().measurement('m')|alert().crit(lambda: \"v\" > 3)"
                + ".topic('m-added')").status());
        assertEquals(204, a.write("m v=5 1").status()); // fires "kept", "added" (only a evaluates now)
        TestServer.await("the events on the running node", () -> a.get("/kapacitor/v1/alerts/topics").json()
                .path("topics").size() == 2 ? true : null);
        b.restart();
        // b caught up with the events raised while it was down: the same topic state as a's
        TestServer.await("the same topic state on the restarted node", () -> b.get("/kapacitor/v1/alerts/topics")
                .body().equals(a.get("/kapacitor/v1/alerts/topics").body()) ? true : null);
        assertEquals(404, b.get("/kapacitor/v1/tasks/dropped").status());
        assertEquals(200, b.get("/kapacitor/v1/tasks/added").status());
        assertEquals(200, b.get("/kapacitor/v1/tasks/kept").status());
    }

    @Test
    void aTopicDeletedOnOneNodeIsGoneOnEveryNodeAndForNodesThatJoinLater() {
        TestServer a = node("x1", "herald-delete");
        TestServer b = node("x2", "herald-delete");
        assertEquals(200, a.defineTask("gone", "stream|from().measurement('m')|groupBy('host')|alert()"
                + ".id('{{ index .Tags \"host\" }}').crit(lambda: \"v\" > 1).topic('gone')").status());
        awaitJson(b, "/kapacitor/v1/tasks/gone", t -> t.path("executing").asBoolean());
        for (int h = 0; h < 6; h++) {
            assertEquals(204, a.write("m,host=h" + h + " v=5 " + (1_000 + h)).status());
        }
        String events = "/kapacitor/v1/alerts/topics/gone/events";
        for (TestServer n : List.of(a, b)) {
            awaitJson(n, events, e -> e.path("events").size() == 6);
        }
        assertEquals(204, b.delete("/kapacitor/v1/alerts/topics/gone").status());
        awaitGone(a, "/kapacitor/v1/alerts/topics/gone");
        assertEquals(404, b.get("/kapacitor/v1/alerts/topics/gone").status());

        // a node that reads the events topic from its start finds the topic deleted too
        TestServer c = node("x3", "herald-delete");
        assertEquals(404, c.get("/kapacitor/v1/alerts/topics/gone").status(), c.get(events).body());

        // and events raised after the deletion make it again, everywhere, with only themselves
        assertEquals(204, c.write("m,host=h9 v=7 2000").status());
        for (TestServer n : List.of(a, b, c)) {
            JsonNode e = awaitJson(n, events, j -> j.path("events").size() == 1);
            assertEquals("h9", e.path("events").get(0).path("id").asText());
        }
    }

    @Test
    void anUnreachableClusterStopsStartUpWithTheReason() {
        StartupException e = org.junit.jupiter.api.Assertions.assertThrows(StartupException.class, () ->
                TestServer.start(dir.resolve("lonely"), "[cluster]\n  bootstrap-servers = \"127.0.0.1:1\"\n"
                        + "  connect-timeout = \"2s\"\n"));
        assertTrue(e.getMessage().startsWith("[cluster] bootstrap-servers 127.0.0.1:1: cannot create or find the "
                + "topic herald-definitions"), e.getMessage());
    }

    // ---- points ----------------------------------------------------------------------------------------------

    private static String name(TestServer node) {
        return node.dataDir().getParent().getFileName().toString();
    }

    /** (alert id, level, time) of each line of a log handler's file, in file order. */
    private static List<String> logged(Path file) {
        List<String> out = new ArrayList<>();
        try {
            if (!java.nio.file.Files.exists(file)) {
                return out;
            }
            for (String line : java.nio.file.Files.readAllLines(file)) {
                JsonNode e = Json.tree(line);
                out.add(e.path("id").asText() + " " + e.path("level").asText() + " " + e.path("time").asText());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> bodies(int count, int lines, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<String> out = new ArrayList<>();
        int t = 0;
        for (int b = 0; b < count; b++) {
            StringBuilder body = new StringBuilder();
            for (int l = 0; l < lines; l++) {
                body.append("cpu,host=h").append(l % 5).append(" v=").append(r.nextInt(100)).append(' ')
                        .append(1_000 + t++).append('\n');
            }
            out.add(body.toString());
        }
        return out;
    }

    private static String levels(Path log) {
        return "stream|from().measurement('cpu')|groupBy('host')|alert().id('{{ index .Tags \"host\" }}')"
                + ".info(lambda: \"v\" > 50).warn(lambda: \"v\" > 70).crit(lambda: \"v\" > 90).stateChangesOnly()"
                + ".log('" + log + "')";
    }

    @Test
    void pointsWrittenToEveryNodeFireTheEventsOneNodeWould() {
        List<String> bodies = bodies(30, 10, 7);
        Path alone = dir.resolve("alone.log");
        TestServer single = TestServer.start(dir.resolve("single"), "");
        nodes.add(single);
        single.defineTask("levels", levels(alone));
        bodies.forEach(body -> assertEquals(204, single.write(body).status()));
        List<String> expected = TestServer.await("the single node's events", () -> {
            List<String> got = logged(alone);
            return got.size() > 20 && got.size() == counter(single, "herald_deliveries_total{kind=\"log\"}")
                    && got.size() == counter(single, "herald_events_total") ? got : null;
        });

        Path shared = dir.resolve("cluster.log");
        List<TestServer> cluster = List.of(node("p1", "herald-points"), node("p2", "herald-points"),
                node("p3", "herald-points"));
        cluster.get(0).defineTask("levels", levels(shared));
        for (TestServer n : cluster) {
            awaitJson(n, "/kapacitor/v1/tasks/levels", t -> t.path("executing").asBoolean());
        }
        awaitEachOwnsAPartition(cluster);
        for (int i = 0; i < bodies.size(); i++) {
            assertEquals(204, cluster.get(i % 3).write(bodies.get(i)).status()); // round-robin over the nodes
        }
        List<String> got = TestServer.await("the cluster's events", () -> logged(shared).size() >= expected.size()
                ? logged(shared) : null);
        // keyed by host (the task groups by it), the hosts' points spread over the partitions and so the nodes: each
        // alert's events in order, the alerts interleaved as the nodes wrote them
        assertEquals(byAlert(expected), byAlert(got));
        // every node read every event into its topics: the topics API gives one answer whichever node is asked
        String topics = "/kapacitor/v1/alerts/topics";
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        try {
            TestServer.await("the same topics on every node", () -> {
            List<String> answers = new ArrayList<>();
            last.set(0, answers);
            for (TestServer n : cluster) {
                JsonNode list = n.get(topics).json();
                StringBuilder all = new StringBuilder(list.toString());
                for (JsonNode t : list.path("topics")) {
                    all.append(n.get(topics + "/" + t.path("id").asText() + "/events").body());
                }
                answers.add(all.toString());
            }
            return answers.get(0).contains("\"level\":\"CRITICAL\"") && answers.stream().distinct().count() == 1
                    ? true : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + String.join("\n", last.get(0)), e);
        }
        // and the answer one node alone gives: the same topics, each alert at the same level
        assertEquals(levelsOf(single), levelsOf(cluster.get(2)));
        long evaluating = cluster.stream().filter(n -> !n.get("/metrics").body().contains(
                "herald_cluster_points_evaluated_total{node=\"" + name(n) + "\"} 0")).count();
        assertTrue(evaluating >= 2, evaluating + " node(s) evaluated");
    }

    /** Each topic's alerts and their levels, as the topics API gives them. */
    private static Map<String, String> levelsOf(TestServer node) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (JsonNode t : node.get("/kapacitor/v1/alerts/topics").json().path("topics")) {
            String id = t.path("id").asText();
            for (JsonNode e : node.get("/kapacitor/v1/alerts/topics/" + id + "/events").json().path("events")) {
                out.put(id + " " + e.path("id").asText(), e.path("state").path("level").asText());
            }
        }
        return out;
    }

    /** The sum of a counter's lines in {@code /metrics} whose name (with labels) starts with {@code name}. */
    private static long counter(TestServer node, String name) {
        long sum = 0;
        for (String line : node.get("/metrics").body().split("\n")) {
            if (line.startsWith(name)) {
                sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** What the nodes' metrics say of the cluster, for a failure's message. */
    private static String state(List<TestServer> cluster, Path log) {
        StringBuilder out = new StringBuilder("log lines: " + logged(log).size());
        for (TestServer n : cluster) {
            for (String line : n.get("/metrics").body().split("\n")) {
                if (line.startsWith("herald_cluster_points") || line.startsWith("herald_cluster_partition")) {
                    out.append("; ").append(line);
                }
            }
        }
        return out.toString();
    }

    /** Waits (bounded) until the group has settled: three partitions, one per node. */
    private static void awaitEachOwnsAPartition(List<TestServer> cluster) {
        try {
            TestServer.await("a partition on every node", () -> cluster.stream().allMatch(n -> n.get("/metrics")
                    .body().contains("herald_cluster_partition_owned{")) ? true : null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + state(cluster, Path.of("/nonexistent")), e);
        }
    }

    private static Map<String, List<String>> byAlert(List<String> events) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (String e : events) {
            out.computeIfAbsent(e.substring(0, e.indexOf(' ')), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    @Test
    void aNodeStoppedMidStreamLosesNoEvent() {
        Path shared = dir.resolve("failover.log");
        List<TestServer> cluster = new ArrayList<>(List.of(node("f1", "herald-failover"),
                node("f2", "herald-failover"), node("f3", "herald-failover")));
        cluster.get(0).defineTask("every", "stream|from().measurement('cpu')|groupBy('host')"
                + "|alert().id('{{ index .Tags \"host\" }}').crit(lambda: \"v\" > 10).log('" + shared + "')");
        for (TestServer n : cluster) {
            awaitJson(n, "/kapacitor/v1/tasks/every", t -> t.path("executing").asBoolean());
        }
        awaitEachOwnsAPartition(cluster);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // every point fires: one event each, whatever the alert state
            expected.add("h" + (i % 4) + " CRITICAL "
                    + dev.herald.core.json.GoJson.formatTime(java.time.Instant.ofEpochSecond(1_000 + i)));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(204, cluster.get(i % 3).write("cpu,host=h" + (i % 4) + " v=50 " + (1_000 + i)).status());
        }
        try {
            TestServer.await("the first half evaluated", () -> logged(shared).size() >= 100 ? true : null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + state(cluster, shared), e);
        }
        TestServer owner = TestServer.await("the evaluating node", () -> {
            for (TestServer n : cluster) {
                String metrics = n.get("/metrics").body();
                if (metrics.contains("herald_cluster_partition_owned{")
                        && !metrics.contains("herald_cluster_points_evaluated_total{node=\"" + name(n) + "\"} 0")) {
                    return n;
                }
            }
            return null;
        });
        owner.close();
        cluster.remove(owner);
        for (int i = 100; i < 200; i++) {
            assertEquals(204, cluster.get(i % 2).write("cpu,host=h" + (i % 4) + " v=50 " + (1_000 + i)).status());
        }
        List<String> got;
        try {
            got = TestServer.await("every event after the fail-over", () -> new java.util.HashSet<>(
                    logged(shared)).containsAll(expected) ? logged(shared) : null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + state(cluster, shared), e);
        }
        assertEquals(expected.size(), got.size(), "no event twice after a clean stop: " + got);
        assertEquals(byAlert(expected), byAlert(got));
    }

    /**
     * Five hosts, the first half of their points ending CRITICAL for each, the second half starting CRITICAL again:
     * with {@code stateChangesOnly} one node raises nothing for those first points of the second half. The cluster
     * loses the node that evaluated most of the first half between the halves; the node taking its partitions over
     * must continue each alert from the level it had, or it raises CRITICAL again.
     */
    @Test
    void aNodeTakingPartitionsOverContinuesEachAlertFromItsLevel() {
        List<String> first = bodies(10, 10, 11);
        List<String> second = bodies(10, 10, 12);
        first.add(hosts(95, 5_000));
        second.add(0, hosts(96, 900)); // 10,900 once later: after the first half, before the rest of the second
        Path alone = dir.resolve("alone-takeover.log");
        TestServer single = TestServer.start(dir.resolve("single-takeover"), "");
        nodes.add(single);
        single.defineTask("levels", levels(alone));
        first.forEach(body -> assertEquals(204, single.write(body).status()));
        second.forEach(body -> assertEquals(204, single.write(later(body)).status()));
        List<String> expected = TestServer.await("the single node's events", () -> {
            List<String> got = logged(alone);
            return got.size() > 20 && got.size() == counter(single, "herald_deliveries_total{kind=\"log\"}")
                    && got.size() == counter(single, "herald_events_total") ? got : null;
        });

        Path shared = dir.resolve("takeover.log");
        List<TestServer> cluster = new ArrayList<>(List.of(node("t1", "herald-takeover"),
                node("t2", "herald-takeover"), node("t3", "herald-takeover")));
        cluster.get(0).defineTask("levels", levels(shared));
        for (TestServer n : cluster) {
            awaitJson(n, "/kapacitor/v1/tasks/levels", t -> t.path("executing").asBoolean());
        }
        awaitEachOwnsAPartition(cluster);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(204, cluster.get(i % 3).write(first.get(i)).status());
        }
        TestServer.await("the first half evaluated", () -> cluster.stream().mapToLong(n -> counter(n,
                "herald_cluster_points_evaluated_total")).sum() == 105 ? true : null);
        TestServer busiest = cluster.stream().max(java.util.Comparator.comparingLong(n -> counter(n,
                "herald_cluster_points_evaluated_total"))).orElseThrow();
        busiest.close();
        cluster.remove(busiest);
        for (int i = 0; i < second.size(); i++) {
            assertEquals(204, cluster.get(i % 2).write(later(second.get(i))).status());
        }
        List<String> got = TestServer.await("the cluster's events", () -> logged(shared).size() >= expected.size()
                ? logged(shared) : null);
        assertEquals(byAlert(expected), byAlert(got), state(cluster, shared));
    }

    /**
     * {@code stateChangesOnly(10s)}: a level that holds is announced again every 10 s of point time. The node taking
     * over at second 15 must know the last announcement was at 10 (the changelog's trigger times), not only that
     * the level is CRITICAL (the topic's latest event), or it announces at 16 instead of 20.
     */
    @Test
    void aNodeTakingPartitionsOverKeepsEachAlertsTriggerTimes() {
        String task = "stream|from().measurement('cpu')|groupBy('host')|alert().id('{{ index .Tags \"host\" }}')"
                + ".crit(lambda: \"v\" > 90).stateChangesOnly(10s).log('%s')";
        Path alone = dir.resolve("alone-interval.log");
        TestServer single = TestServer.start(dir.resolve("single-interval"), "");
        nodes.add(single);
        single.defineTask("interval", String.format(task, alone));
        for (int t = 0; t < 42; t++) {
            assertEquals(204, single.write(point(t)).status());
        }
        List<String> expected = TestServer.await("the single node's events", () -> {
            List<String> got = logged(alone);
            return recovered(got) && got.size() == counter(single, "herald_events_total") ? got : null;
        });

        Path shared = dir.resolve("interval.log");
        List<TestServer> cluster = new ArrayList<>(List.of(node("i1", "herald-interval"),
                node("i2", "herald-interval")));
        cluster.get(0).defineTask("interval", String.format(task, shared));
        for (TestServer n : cluster) {
            awaitJson(n, "/kapacitor/v1/tasks/interval", t -> t.path("executing").asBoolean());
        }
        awaitEachOwnsAPartition(cluster);
        for (int t = 0; t < 30; t++) {
            assertEquals(204, cluster.get(t % 2).write(point(t)).status());
        }
        TestServer.await("the first part evaluated", () -> cluster.stream().mapToLong(n -> counter(n,
                "herald_cluster_points_evaluated_total")).sum() == 30 ? true : null);
        TestServer busiest = cluster.stream().max(java.util.Comparator.comparingLong(n -> counter(n,
                "herald_cluster_points_evaluated_total"))).orElseThrow();
        busiest.close();
        cluster.remove(busiest);
        TestServer.await("the partitions taken over", () -> counter(cluster.get(0),
                "herald_cluster_alert_groups_restored_total") > 0 ? true : null);
        for (int t = 30; t < 42; t++) {
            assertEquals(204, cluster.get(0).write(point(t)).status());
        }
        // each host's recovery is its last event, delivered after all of its others (one partition, in order)
        List<String> got = TestServer.await("the cluster's events", () -> recovered(logged(shared))
                ? logged(shared) : null);
        assertEquals(byAlert(expected), byAlert(got), state(cluster, shared));
    }

    /** Two hosts, a point each per second, critical for 20 s (points 0-39), then both recover (40, 41). */
    private static String point(int t) {
        return "cpu,host=h" + (t % 2) + " v=" + (t < 40 ? 95 : 10) + " " + (1_000 + t / 2);
    }

    private static boolean recovered(List<String> events) {
        return events.stream().filter(e -> e.contains(" OK ")).count() == 2;
    }

    /** One point per host at {@code value}, at second {@code time}. */
    private static String hosts(int value, long time) {
        StringBuilder body = new StringBuilder();
        for (int h = 0; h < 5; h++) {
            body.append("cpu,host=h").append(h).append(" v=").append(value).append(' ').append(time).append('\n');
        }
        return body.toString();
    }

    /** The second half's times after the first half's ({@link #bodies} start again at second 1000). */
    private static String later(String body) {
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\n")) {
            int sp = line.lastIndexOf(' ');
            out.append(line, 0, sp + 1).append(Long.parseLong(line.substring(sp + 1)) + 10_000).append('\n');
        }
        return out.toString();
    }

    /**
     * A node killed outright ({@code kill -9}, a process of its own): no shutdown runs, nothing is committed; after
     * Kafka's session timeout (6 s here) its partitions of the points and of the events go to the others, which
     * evaluate and deliver from the last committed offsets. Every event arrives; those the killed node had delivered
     * without committing arrive again (at least once).
     */
    @Test
    void aNodeKilledOutrightLosesNoEvent() throws Exception {
        Path shared = dir.resolve("killed.log");
        String session = "[cluster.kafka]\n  \"session.timeout.ms\" = \"6000\"\n  \"heartbeat.interval.ms\" = \"1000\"\n";
        List<TestServer> alive = List.of(node("k1", "herald-kill", session), node("k2", "herald-kill", session));
        Path config = java.nio.file.Files.writeString(dir.resolve("k3.conf"), "data_dir = \"" + dir.resolve("k3")
                + "\"\n[http]\n  bind-address = \"127.0.0.1:0\"\n" + clusterSection("k3", "herald-kill") + session);
        try (ServerProcess victim = ServerProcess.onClassPath(config)) {
            alive.get(0).defineTask("every", "stream|from().measurement('cpu')|groupBy('host')"
                    + "|alert().id('{{ index .Tags \"host\" }}').crit(lambda: \"v\" > 10).log('" + shared + "')");
            for (TestServer n : alive) {
                awaitJson(n, "/kapacitor/v1/tasks/every", t -> t.path("executing").asBoolean());
            }
            TestServer.await("the task on the killed node", () -> victim.send("GET", "/kapacitor/v1/tasks/every", "")
                    .body().contains("\"executing\": true") ? true : null);
            TestServer.await("a partition on every node", () -> alive.stream().allMatch(n -> n.get("/metrics").body()
                    .contains("herald_cluster_partition_owned{")) && victim.send("GET", "/metrics", "").body()
                    .contains("herald_cluster_partition_owned{") ? true : null);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                expected.add("h" + (i % 6) + " CRITICAL "
                        + dev.herald.core.json.GoJson.formatTime(java.time.Instant.ofEpochSecond(1_000 + i)));
            }
            for (int i = 0; i < 60; i++) {
                assertEquals(204, alive.get(i % 2).write("cpu,host=h" + (i % 6) + " v=50 " + (1_000 + i)).status());
            }
            TestServer.await("the first half delivered", () -> new java.util.HashSet<>(logged(shared)).containsAll(
                    expected.subList(0, 60)) ? true : null);
            assertTrue(!victim.send("GET", "/metrics", "").body().contains(
                    "herald_cluster_points_evaluated_total{node=\"k3\"} 0"), "the killed node evaluated points");
            victim.kill();
            for (int i = 60; i < 120; i++) {
                assertEquals(204, alive.get(i % 2).write("cpu,host=h" + (i % 6) + " v=50 " + (1_000 + i)).status());
            }
            List<String> got = TestServer.await("every event after the kill", () -> new java.util.HashSet<>(
                    logged(shared)).containsAll(expected) ? logged(shared) : null);
            assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(got), "nothing but the events");
            for (TestServer n : alive) {
                assertTrue(n.get("/metrics").body().contains("herald_cluster_events_redelivered_total{node=\""
                        + name(n) + "\"} "));
            }
        }
    }

    private static String clusterSection(String name, String application) {
        return "[cluster]\n  bootstrap-servers = \"" + kafka.bootstrapServers() + "\"\n  application-id = \""
                + application + "\"\n  node-id = \"" + name + "\"\n  partitions = 3\n  replication-factor = 3\n";
    }

    /**
     * A node stopped while its handler is still sending events to a slow service (0.5 s a request, the tests'
     * 2 s of shutdown grace): what it still holds is delivered by the node that takes its partitions over, and counted there
     * as redelivered (the stopped node may have finished some of them after handing them over).
     */
    @Test
    void eventsStillWithAStoppedNodesHandlersAreDeliveredByTheNextAndCounted() {
        slow.stubFor(WireMock.post(WireMock.urlEqualTo("/slow")).willReturn(WireMock.aResponse().withStatus(200)
                .withFixedDelay(500)));
        List<TestServer> cluster = new ArrayList<>(List.of(node("s1", "herald-handover"),
                node("s2", "herald-handover")));
        cluster.get(0).defineTask("slow", "stream|from().measurement('cpu')|groupBy('host')"
                + "|alert().id('{{ index .Tags \"host\" }}').crit(lambda: \"v\" > 10).post('" + slow.baseUrl()
                + "/slow')");
        for (TestServer n : cluster) {
            awaitJson(n, "/kapacitor/v1/tasks/slow", t -> t.path("executing").asBoolean());
        }
        TestServer.await("events partitions on both nodes", () -> cluster.stream().allMatch(n -> n.get("/metrics")
                .body().contains("herald_cluster_events_partition_delivered{")) ? true : null);
        StringBuilder body = new StringBuilder();
        java.util.Set<String> hosts = new java.util.TreeSet<>();
        for (int h = 0; h < 24; h++) {
            body.append("cpu,host=h").append(h).append(" v=50 1000\n");
            hosts.add("h" + h);
        }
        assertEquals(204, cluster.get(0).write(body.toString()).status());
        TestServer.await("every event routed", () -> cluster.stream().mapToLong(n -> counter(n,
                "herald_cluster_events_routed_total")).sum() == 24 ? true : null);
        // the node with the most events still to send (one lane: 0.5 s each)
        TestServer victim = cluster.stream().max(java.util.Comparator.comparingLong(n -> counter(n,
                "herald_cluster_events_routed_total") - counter(n, "herald_deliveries_total{kind=\"post\"}")))
                .orElseThrow();
        long held = counter(victim, "herald_cluster_events_routed_total")
                - counter(victim, "herald_deliveries_total{kind=\"post\"}");
        assertTrue(held >= 3, "events still to send on the stopped node: " + held);
        victim.close();
        cluster.remove(victim);
        TestServer next = cluster.get(0);
        List<String> received = TestServer.await("every event at the service", () -> {
            List<String> ids = new ArrayList<>();
            for (var r : slow.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slow")))) {
                ids.add(Json.tree(r.getBodyAsString()).path("id").asText());
            }
            return new java.util.TreeSet<>(ids).equals(hosts) ? ids : null;
        });
        long redelivered = counter(next, "herald_cluster_events_redelivered_total");
        assertTrue(redelivered >= 1, "redelivered: " + redelivered);
        assertTrue(received.size() - hosts.size() <= redelivered, received.size() - hosts.size()
                + " duplicate(s) at the service, " + redelivered + " counted");
    }

    @Test
    void aDrainedNodeHandsItsPartitionsOverAndStillTakesWrites() {
        Path shared = dir.resolve("drain.log");
        List<TestServer> cluster = List.of(node("d1", "herald-drain"), node("d2", "herald-drain"));
        cluster.get(0).defineTask("every", "stream|from().measurement('cpu')|groupBy('host')"
                + "|alert().id('{{ index .Tags \"host\" }}').crit(lambda: \"v\" > 10).log('" + shared + "')");
        for (TestServer n : cluster) {
            awaitJson(n, "/kapacitor/v1/tasks/every", t -> t.path("executing").asBoolean());
        }
        awaitEachOwnsAPartition(cluster);
        TestServer drained = cluster.get(0);
        TestServer other = cluster.get(1);
        assertEquals(204, drained.post("/kapacitor/v1/cluster/drain", "").status());
        String metrics = drained.get("/metrics").body();
        assertTrue(metrics.contains("herald_cluster_draining{node=\"d1\"} 1"), metrics);
        assertTrue(!metrics.contains("herald_cluster_partition_owned{"), metrics);
        TestServer.await("every partition on the other node", () -> other.get("/metrics").body().split(
                "herald_cluster_partition_owned\\{", -1).length - 1 == 3 ? true : null);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            assertEquals(204, cluster.get(i % 2).write("cpu,host=h" + (i % 4) + " v=50 " + (1_000 + i)).status());
            expected.add("h" + (i % 4) + " CRITICAL "
                    + dev.herald.core.json.GoJson.formatTime(java.time.Instant.ofEpochSecond(1_000 + i)));
        }
        List<String> got = TestServer.await("every event, evaluated by the other node", () -> logged(shared).size()
                >= expected.size() ? logged(shared) : null);
        assertEquals(byAlert(expected), byAlert(got));
        assertTrue(drained.get("/metrics").body().contains("herald_cluster_points_evaluated_total{node=\"d1\"} 0"));
    }
}
