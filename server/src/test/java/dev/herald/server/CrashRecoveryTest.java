package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once across {@code kill -9}: the server runs as a child process, events bound for a webhook that answers
 * 503 are acknowledged to the writer, the process is killed without warning, and the restarted server on the same
 * data directory delivers every one of them, in order, once the webhook is back.
 */
class CrashRecoveryTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;
    private Process process;
    private final List<String> output = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int start(Path config) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", classPath, "dev.herald.server.Main", "-config", config.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Process p = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("server exited: " + output));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("server did not start: " + output, e);
        }
    }

    private static HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return TestServer.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
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
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, process.exitValue(), "killed with SIGKILL, no shutdown hook ran");
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
            synchronized (output) {
                assertTrue(output.stream().anyMatch(l -> l.contains("lane cpu/hook: resuming 40 event(s)")),
                        String.join("\n", output));
            }
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
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, process.exitValue(), "killed with SIGKILL, no shutdown hook ran");
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
