package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /kapacitor/v1/alerts/topics/<topic>/history}: a topic's recent events, OK ones included, oldest first,
 * bounded by {@code [history] max-events-per-topic} and {@code max-age}, kept across restarts, gone with the topic.
 */
class AlertHistoryTest {
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, "[history]\n  max-events-per-topic = 4\n  max-age = \"1m\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> history(String query) {
        TestServer.Response r = server.get("/kapacitor/v1/alerts/topics/cpu/history" + query);
        assertEquals(200, r.status(), r.body());
        List<String> out = new ArrayList<>();
        for (JsonNode e : r.json().path("events")) {
            out.add(e.path("id").asText() + "@" + e.path("state").path("time").asText().substring(14, 19) + "="
                    + e.path("state").path("level").asText());
        }
        return out;
    }

    @Test
    void keepsTheRecentEventsOfEachTopicInTimeOrderBoundedByCountAndAge() {
        server.defineTask("cpu", "stream|from().measurement('cpu')|groupBy('host')"
                + "|alert().id('{{ index .Tags \"host\" }}').crit(lambda: \"v\" > 10).topic('cpu')");
        server.write("cpu,host=a v=20 10\ncpu,host=b v=20 11\ncpu,host=a v=1 20\ncpu,host=a v=30 30\n"
                + "cpu,host=a v=2 40");
        List<String> expected = List.of("b@00:11=CRITICAL", "a@00:20=OK", "a@00:30=CRITICAL", "a@00:40=OK");
        TestServer.await("the history", () -> history("").equals(expected) ? true : null);
        assertEquals(List.of("a@00:20=OK", "a@00:30=CRITICAL", "a@00:40=OK"), history("?id=a"));

        JsonNode first = server.get("/kapacitor/v1/alerts/topics/cpu/history?id=b").json().path("events").get(0);
        assertEquals("{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"b\"},\"columns\":[\"time\",\"v\"],"
                + "\"values\":[[\"1970-01-01T00:00:11Z\",20]]}]}", first.path("data").toString());

        server.restart(); // the outbox replays what the store may have missed: no event twice
        assertEquals(expected, history(""));

        server.write("cpu,host=b v=1 100"); // 1:40: what is more than max-age (1m) older goes; 0:40 is just within
        TestServer.await("the aged history", () -> history("").equals(List.of("a@00:40=OK", "b@01:40=OK")) ? true
                : null);

        assertEquals(204, server.delete("/kapacitor/v1/alerts/topics/cpu").status());
        assertEquals(404, server.get("/kapacitor/v1/alerts/topics/cpu/history").status());
    }

    @Test
    void aBurstLargerThanTheBoundKeepsItsNewestEvents() {
        server.defineTask("cpu", "stream|from().measurement('cpu')"
                + "|alert().id('{{ index .Tags \"host\" }}').crit(lambda: \"v\" > 10).topic('cpu')");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 600; i++) { // every point changes the level: 600 events, staged in several rounds
            body.append("cpu,host=a v=").append(i % 2 == 0 ? 20 : 1).append(' ').append(1000 + i).append('\n');
        }
        server.write(body.toString());
        List<String> expected = List.of("a@26:36=CRITICAL", "a@26:37=OK", "a@26:38=CRITICAL", "a@26:39=OK");
        TestServer.await("the burst's newest events", () -> history("").equals(expected) ? true : null);
    }
}
