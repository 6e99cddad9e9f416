package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery through the whole server: bursts, outages, dead letters and disk trouble (issue: loses nothing). */
class DeliveryTest {
    private static final String FAST_RETRIES = "[delivery]\n  initial-backoff = \"10ms\"\n  max-backoff = \"50ms\"\n";

    @TempDir
    Path dir;

    static String task(String id, String handlerChain) {
        String script = "stream|from().measurement('cpu')|alert().crit(lambda: \\\"usage_idle\\\" < 10)" + handlerChain;
        return "{\"id\":\"" + id + "\",\"type\":\"stream\",\"dbrps\":[{\"db\":\"telegraf\",\"rp\":\"autogen\"}],"
                + "\"script\":\"" + script + "\",\"status\":\"enabled\"}";
    }

    /** {@code n} firing points, one per host, at second {@code second}. */
    static String firing(int from, int n, int second) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            sb.append("cpu,host=h").append(i).append(" usage_idle=5 ").append(second).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aBurstOf20000FiringPointsInFourWritesGivesExactly20000LogLines() throws IOException {
        Path log = dir.resolve("alerts.log");
        try (TestServer server = TestServer.start(dir, "")) {
            assertEquals(200, server.post("/kapacitor/v1/tasks", task("burst", ".log('" + log + "')")).status());
            for (int w = 0; w < 4; w++) {
                assertEquals(204, server.write("telegraf", "autogen", firing(w * 5000, 5000, 1)).status());
            }
            Poll.until("20,000 lines", () -> lines(log) >= 20_000);
            assertTrue(server.server().engine().awaitDelivery(java.time.Duration.ofSeconds(20)));
            assertEquals(20_000, lines(log));
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("herald_deliveries_total{kind=\"log\"} 20000"), metrics);
            assertTrue(metrics.contains("herald_delivery_failures_total{kind=\"log\"} 0"), metrics);
        }
    }

    private static long lines(Path file) {
        try (var s = Files.lines(file)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void afterAnOutageEveryEventArrivesOnceAndInOrder() {
        try (Sink sink = new Sink(); TestServer server = TestServer.start(dir, FAST_RETRIES)) {
            sink.failFirst(25);
            assertEquals(200, server.post("/kapacitor/v1/tasks", task("outage", ".post('" + sink.url() + "')"))
                    .status());
            List<String> hosts = new ArrayList<>();
            for (int w = 0; w < 10; w++) {
                assertEquals(204, server.write("telegraf", "autogen", firing(w * 10, 10, 1)).status());
                for (int i = w * 10; i < w * 10 + 10; i++) {
                    hosts.add("h" + i);
                }
            }
            Poll.until("100 deliveries", () -> sink.accepted().size() >= 100);
            assertTrue(server.server().engine().awaitDelivery(java.time.Duration.ofSeconds(20)));
            List<String> got = sink.accepted().stream()
                    .map(b -> Json.tree(b).path("data").path("series").path(0).path("tags").path("host").asText())
                    .toList();
            assertEquals(hosts, got, "every event, once, in the order the points came");
            assertTrue(sink.requests() >= 125, "the first 25 requests failed and were retried");
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("herald_delivery_retries_total{kind=\"post\"} 25"), metrics);
        }
    }

    @Test
    void aPermanentFailureIsADeadLetterListedAndResentThroughTheApi() {
        try (Sink sink = new Sink(); TestServer server = TestServer.start(dir, FAST_RETRIES)) {
            sink.answer(400);
            assertEquals(200, server.post("/kapacitor/v1/tasks", task("dl", ".post('" + sink.url() + "')"))
                    .status());
            assertEquals(204, server.write("telegraf", "autogen", firing(0, 1, 1)).status());
            JsonNode letters = Poll.value("a dead letter", () -> {
                JsonNode l = server.get("/kapacitor/v1/deadletters").json().path("dead-letters");
                return l.size() == 1 ? l : null;
            });
            JsonNode d = letters.get(0);
            assertEquals("main:dl:alert2/~post-0", d.path("handler").asText());
            assertEquals("post", d.path("kind").asText());
            assertEquals(1, d.path("attempts").asInt());
            assertTrue(d.path("reason").asText().contains("400"), d.toString());
            assertEquals("cpu:nil", d.path("event").path("id").asText());
            assertEquals("CRITICAL", d.path("event").path("level").asText());
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("herald_dead_letters 1"), metrics);

            JsonNode lane = server.get("/kapacitor/v1/delivery/lanes").json().path("lanes").get(0);
            assertEquals("main:dl:alert2/~post-0", lane.path("handler").asText());
            assertEquals(1, lane.path("dead-letters").asInt());
            assertEquals(0, lane.path("delivered").asInt());
            assertTrue(lane.path("last-error").asText().startsWith("POST returned non 2xx status code 400"),
                    lane.toString());
            JsonNode hour = lane.path("last-hour");
            assertEquals(60, hour.size(), "a bucket per minute");
            JsonNode now = hour.get(59);
            assertEquals(1, now.path("dead-letters").asInt(), now.toString());
            assertEquals(0, now.path("delivered").asInt(), now.toString());
            assertTrue(now.path("time").asText().endsWith(":00Z"), now.toString());

            sink.answer(200);
            long id = d.path("id").asLong();
            TestServer.Response resent = server.post("/kapacitor/v1/deadletters/" + id + "/resend", "");
            assertEquals(200, resent.status(), resent.body());
            Poll.until("the re-sent event", () -> sink.accepted().size() == 1);
            assertEquals("cpu:nil", Json.tree(sink.accepted().get(0)).path("id").asText());
            assertEquals(0, server.get("/kapacitor/v1/deadletters").json().path("dead-letters").size());
            assertEquals(404, server.post("/kapacitor/v1/deadletters/" + id + "/resend", "").status());
            JsonNode after = server.get("/kapacitor/v1/delivery/lanes").json().path("lanes").get(0)
                    .path("last-hour").get(59);
            assertEquals(1, after.path("delivered").asInt(), after.toString());
            assertTrue(after.path("latency-max-ms").asDouble() > 0, after.toString());
        }
    }

    @Test
    void aDataDirThatCannotBeCreatedStopsStartUpWithTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path config = Files.writeString(dir.resolve("bad.conf"), "data_dir = \"" + file.resolve("data") + "\"\n"
                + "[http]\n  bind-address = \"127.0.0.1:0\"\n");
        StartupException e = assertThrows(StartupException.class,
                () -> HeraldServer.start(Optional.of(config), Map.of(), false));
        assertTrue(e.getMessage().startsWith("data_dir " + file.resolve("data") + ": cannot create: "), e.getMessage());
        // A data dir that exists but whose outbox cannot be made says which part failed.
        Path data = Files.createDirectories(dir.resolve("data2"));
        Files.writeString(data.resolve("outbox"), "not a directory");
        Path config2 = Files.writeString(dir.resolve("bad2.conf"), "data_dir = \"" + data + "\"\n"
                + "[http]\n  bind-address = \"127.0.0.1:0\"\n");
        StartupException e2 = assertThrows(StartupException.class,
                () -> HeraldServer.start(Optional.of(config2), Map.of(), false));
        assertTrue(e2.getMessage().startsWith("data_dir " + data + ": outbox " + data.resolve("outbox")
                + " cannot be used: "), e2.getMessage());
    }

    @Test
    void aFullDiskRefusesWritesWith503AndEveryAcknowledgedWriteIsStillDelivered() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString());
        Path log = dir.resolve("alerts.log");
        try {
            Path config = Files.writeString(dir.resolve("full.conf"), "data_dir = \"" + small + "\"\n"
                    + "[http]\n  bind-address = \"127.0.0.1:0\"\n[alert]\n  shutdown-grace = \"2s\"\n");
            int acknowledged = 0;
            TestServer.Response refused = null;
            try (TestServer server = TestServer.attach(HeraldServer.start(Optional.of(config), Map.of(), false))) {
                assertEquals(200, server.post("/kapacitor/v1/tasks", task("full", ".log('" + log + "')")).status());
                for (int w = 0; w < 1000 && refused == null; w++) {
                    TestServer.Response r = server.write("telegraf", "autogen", firing(0, 100, w + 1));
                    if (r.status() == 204) {
                        acknowledged++;
                    } else {
                        refused = r;
                    }
                }
                assertTrue(refused != null, "a 1 MB disk fills up");
                assertEquals(503, refused.status());
                assertTrue(refused.error().startsWith("write refused: outbox " + small.resolve("outbox")
                        + " is not writable: No space left on device"), refused.error());
                assertEquals(503, server.write("telegraf", "autogen", firing(0, 1, 5000)).status(),
                        "writes stay refused");
                assertTrue(server.get("/metrics").body().contains("herald_outbox_writable 0"));
                int expected = acknowledged * 100;
                Poll.until("the acknowledged events", () -> lines(log) >= expected);
            }
            assertTrue(acknowledged > 0);
        } finally {
            run("umount", "-l", small.toString());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }
}
