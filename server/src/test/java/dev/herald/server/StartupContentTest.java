package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a server holds right after start: the quickstart, a [load] directory; and what /metrics shows. */
class StartupContentTest {
    @TempDir
    Path dir;

    @Test
    void quickstartTurnsOneLineOfLineProtocolIntoAnAlertLogLine() {
        try (TestServer s = TestServer.start(dir, "[quickstart]\n  enabled = true\n")) {
            assertTrue(s.get("/kapacitor/v1/tasks/cpu_alert").json().path("executing").asBoolean());
            assertEquals("log", s.get("/kapacitor/v1/alerts/topics/cpu/handlers/cpu_log").json().path("kind")
                    .asText());
            assertEquals(204, s.send("POST", "/write?db=telegraf&rp=autogen", "cpu,host=laptop usage_idle=3",
                    "text/plain").status());
            Path log = s.dataDir().resolve("alerts.log");
            Poll.until("alerts.log line", () -> read(log).contains("\"message\":\"cpu:laptop is CRITICAL: "
                    + "usage_idle=3\""));

            String metrics = s.get("/metrics").body();
            assertTrue(metrics.contains("herald_points_in_total 1\n"), metrics);
            assertTrue(metrics.contains("herald_events_total{level=\"CRITICAL\"} 1\n"), metrics);
            assertTrue(metrics.contains("herald_deliveries_total{kind=\"log\"} 1\n"), metrics);
            assertTrue(metrics.contains("# TYPE herald_delivery_latency_seconds summary"), metrics);
            assertTrue(metrics.contains("herald_queue_depth{kind=\"log\"} 0\n"), metrics);
            assertTrue(metrics.contains("herald_tasks{status=\"enabled\"} 1\n"), metrics);
            s.write("telegraf", "autogen", "cpu v=");
            assertTrue(s.get("/metrics").body().contains("herald_rejected_lines_total 1\n"));
        }
    }

    @Test
    void loadDirectoryDefinesTemplatesTasksAndHandlers() throws Exception {
        Path load = dir.resolve("load");
        Files.createDirectories(load.resolve("templates"));
        Files.createDirectories(load.resolve("tasks"));
        Files.createDirectories(load.resolve("handlers"));
        Files.writeString(load.resolve("templates/threshold.tick"), "var m string\nvar crit float\n"
                + "stream|from().measurement(m)|alert().id('{{ .Name }}').crit(lambda: \"v\" > crit).topic('loaded')\n");
        Files.writeString(load.resolve("tasks/mem.yaml"), "id: mem\ntemplate-id: threshold\ndbrps:\n"
                + "  - db: telegraf\n    rp: autogen\nvars:\n  m:\n    type: string\n    value: mem\n"
                + "  crit:\n    type: float\n    value: 80\n");
        Files.writeString(load.resolve("tasks/cpu.tick"), "dbrp \"telegraf\".\"autogen\"\n"
                + "stream|from().measurement('cpu')|alert().id('cpu').crit(lambda: \"v\" > 1).topic('loaded')\n");
        Path out = dir.resolve("loaded.log");
        Files.writeString(load.resolve("handlers/to-log.yaml"), "id: to-log\ntopic: loaded\nkind: log\n"
                + "options:\n  path: " + out + "\n");
        String conf = "[load]\n  enabled = true\n  dir = \"" + load + "\"\n";
        try (TestServer s = TestServer.start(dir, conf)) {
            JsonNode mem = s.get("/kapacitor/v1/tasks/mem").json();
            assertEquals("threshold", mem.path("template-id").asText());
            assertTrue(mem.path("executing").asBoolean(), mem.toString());
            assertEquals("[{\"db\":\"telegraf\",\"rp\":\"autogen\"}]", s.get("/kapacitor/v1/tasks/cpu").json()
                    .path("dbrps").toString());
            s.write("telegraf", "autogen", "mem v=90 1\ncpu v=2 1");
            Poll.until("both alerts logged", () -> read(out).contains("\"id\":\"mem\"")
                    && read(out).contains("\"id\":\"cpu\""));
            s.restart();
            assertEquals(200, s.get("/kapacitor/v1/tasks/mem").status());
        }
        Files.writeString(load.resolve("handlers/bad.yaml"), "id: bad\ntopic: loaded\nkind: nosuchkind\n");
        StartupException e = assertThrows(StartupException.class, () -> TestServer.start(dir, conf));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("nosuchkind"), e.getMessage());
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
