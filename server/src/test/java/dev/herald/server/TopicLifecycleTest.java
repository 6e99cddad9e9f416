package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic lifecycle as Kapacitor 1.7+: a topic lists an alert only while it is not OK; a task's anonymous topic exists
 * only while the task is enabled, comes back with its state when it is enabled again (also across a restart), and
 * goes with the task.
 */
class TopicLifecycleTest {
    private static final String ANON = "main:cpu_alert:alert3"; // stream0, from1, groupBy2, alert3
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, "");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> topicIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode t : server.get("/kapacitor/v1/alerts/topics").json().path("topics")) {
            ids.add(t.path("id").asText());
        }
        return ids;
    }

    private List<String> eventIds(String topic) {
        TestServer.Response r = server.get("/kapacitor/v1/alerts/topics/" + topic + "/events");
        assertEquals(200, r.status(), r.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode e : r.json().path("events")) {
            ids.add(e.path("id").asText() + "=" + e.path("state").path("level").asText());
        }
        return ids;
    }

    private void awaitEvents(String topic, List<String> expected) {
        TestServer.await("events " + expected + " in " + topic, () -> eventIds(topic).equals(expected) ? true : null);
    }

    @Test
    void aRecoveredAlertLeavesTheTopicAndAnAnonymousTopicFollowsItsTask() {
        server.defineTask("cpu_alert", "stream|from().measurement('cpu')|groupBy('host')"
                + "|alert().id('cpu:{{ index .Tags \"host\" }}').crit(lambda: \"usage_idle\" < 10)"
                + ".log('" + dir.resolve("alerts.log") + "')");
        server.write("cpu,host=a usage_idle=3 10\ncpu,host=b usage_idle=4 10");
        awaitEvents(ANON, List.of("cpu:a=CRITICAL", "cpu:b=CRITICAL"));
        server.write("cpu,host=a usage_idle=50 20");
        awaitEvents(ANON, List.of("cpu:b=CRITICAL"));
        assertEquals(404, server.get("/kapacitor/v1/alerts/topics/" + ANON + "/events/cpu:a").status());

        assertEquals(200, server.patch("/kapacitor/v1/tasks/cpu_alert", "{\"status\":\"disabled\"}").status());
        assertTrue(!topicIds().contains(ANON), topicIds().toString());
        assertEquals(404, server.get("/kapacitor/v1/alerts/topics/" + ANON).status());

        assertEquals(200, server.patch("/kapacitor/v1/tasks/cpu_alert", "{\"status\":\"enabled\"}").status());
        assertTrue(topicIds().contains(ANON), topicIds().toString());
        assertEquals(List.of("cpu:b=CRITICAL"), eventIds(ANON), "the state is back with the task");

        server.restart();
        assertEquals(List.of("cpu:b=CRITICAL"), eventIds(ANON), "and survives a restart, the recovery too");

        assertEquals(204, server.delete("/kapacitor/v1/tasks/cpu_alert").status());
        assertEquals(404, server.get("/kapacitor/v1/alerts/topics/" + ANON).status());
        server.restart();
        assertEquals(404, server.get("/kapacitor/v1/alerts/topics/" + ANON).status(), "deleted with its state");
    }
}
