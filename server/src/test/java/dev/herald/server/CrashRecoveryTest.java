package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once across {@code kill -9}: the server runs as a child process, events bound for a webhook that answers
 * 503 are acknowledged to the writer, the process is killed without warning, and the restarted server on the same
 * data directory delivers every one of them, in order, once the webhook is back.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;
    private ServerProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(Path config) {
        server = ServerProcess.onClassPath(config);
        return server.port();
    }

    private HttpResponse<String> send(int port, String method, String path, String body) {
        assertEquals(server.port(), port);
        return server.send(method, path, body);
    }

    @Test
    void everyAcknowledgedEventIsDeliveredInOrderAfterKillDashNine() throws Exception {
        Path config = Files.writeString(dir.resolve("herald.conf"), "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[http]\n  bind-address = \"127.0.0.1:0\"\n"
                + "[delivery]\n  initial-backoff = \"20ms\"\n  max-backoff = \"100ms\"\n");
        try (Sink sink = new Sink()) {
            sink.answer(503);
            int port = start(config);
            assertEquals(200, send(port, "POST", "/kapacitor/v1/alerts/topics/cpu/handlers",
                    "{\"id\":\"hook\",\"kind\":\"post\",\"options\":{\"url\":\"" + sink.url() + "\"}}").statusCode());
            assertEquals(200, send(port, "POST", "/kapacitor/v1/tasks", "{\"id\":\"cpu_alert\",\"type\":\"stream\","
                    + "\"dbrps\":[{\"db\":\"telegraf\",\"rp\":\"autogen\"}],\"script\":\"stream|from()"
                    + ".measurement('cpu')|alert().crit(lambda: \\\"usage_idle\\\" < 10).topic('cpu')\","
                    + "\"status\":\"enabled\"}").statusCode());
            List<String> expected = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                HttpResponse<String> r = send(port, "POST", "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s",
                        DeliveryTest.firing(w * 10, 10, 1));
                assertEquals(204, r.statusCode(), r.body());
                for (int i = w * 10; i < w * 10 + 10; i++) {
                    expected.add("h" + i);
                }
            }
            Poll.until("the webhook to be tried", () -> sink.requests() > 2);
            assertEquals(137, server.kill(), "killed with SIGKILL, no shutdown hook ran");
            assertEquals(0, sink.accepted().size());

            sink.answer(200);
            int again = start(config);
            Poll.until("40 events after the restart", () -> sink.accepted().size() >= 40);
            List<String> hosts = sink.accepted().stream()
                    .map(b -> Json.tree(b).path("data").path("series").path(0).path("tags").path("host").asText())
                    .toList();
            assertEquals(expected, hosts.subList(0, 40), "in order");
            String metrics = send(again, "GET", "/metrics", "").body();
            assertTrue(metrics.contains("herald_delivery_redelivered_total{kind=\"post\"} 40"), metrics);
            assertTrue(server.output().stream().anyMatch(l -> l.contains("lane cpu/hook: resuming 40 event(s)")),
                    String.join("\n", server.output()));
        }
    }

    @Test
    void influxDbOutBatchesAcknowledgedToTheWriterAreWrittenAfterKillDashNine() throws Exception {
        try (Sink influx = new Sink()) {
            influx.answer(503);
            Path config = Files.writeString(dir.resolve("herald.conf"), "data_dir = \"" + dir.resolve("data")
                    + "\"\n[http]\n  bind-address = \"127.0.0.1:0\"\n"
                    + "[delivery]\n  initial-backoff = \"20ms\"\n  max-backoff = \"100ms\"\n"
                    + "[[influxdb]]\n  name = \"out\"\n  urls = [\"" + influx.url().replace("/alerts", "") + "\"]\n");
            int port = start(config);
            // an hour's flush interval and a large buffer: only the end of each write request flushes the node
            assertEquals(200, send(port, "POST", "/kapacitor/v1/tasks", "{\"id\":\"copy\",\"type\":\"stream\","
                    + "\"dbrps\":[{\"db\":\"telegraf\",\"rp\":\"autogen\"}],\"script\":\"stream|from()"
                    + ".measurement('cpu')|influxDBOut().database('copies').buffer(100000).flushInterval(1h)\","
                    + "\"status\":\"enabled\"}").statusCode());
            StringBuilder expected = new StringBuilder();
            for (int w = 0; w < 4; w++) {
                StringBuilder lines = new StringBuilder();
                for (int i = w * 3 + 1; i <= w * 3 + 3; i++) {
                    lines.append("cpu,host=h").append(i).append(" v=").append(i).append(' ').append(i).append('\n');
                    expected.append("cpu,host=h").append(i).append(" v=").append(i).append(' ').append(i)
                            .append("000000000\n");
                }
                HttpResponse<String> r = send(port, "POST", "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s",
                        lines.toString());
                assertEquals(204, r.statusCode(), r.body());
            }
            Poll.until("InfluxDB to be tried", () -> influx.requests() > 2);
            assertEquals(137, server.kill(), "killed with SIGKILL, no shutdown hook ran");
            assertEquals(0, influx.accepted().size());

            influx.answer(204);
            int again = start(config);
            Poll.until("4 batches after the restart", () -> influx.accepted().size() >= 4);
            assertEquals(expected.toString(), String.join("", influx.accepted()), "one batch per write, in order");
            String metrics = send(again, "GET", "/metrics", "").body();
            assertTrue(metrics.contains("herald_delivery_redelivered_total{kind=\"influxdb\"} 4"), metrics);
        }
    }
}
