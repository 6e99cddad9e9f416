package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code |kapacitorLoopback()}: a task's points go back into the server's write path under another database,
 * measurement and tags, and a task reading that database sees them; Kapacitor's checks at definition.
 */
class KapacitorLoopbackTest {
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

    private TestServer.Response define(String id, String db, String script) {
        return server.post("/kapacitor/v1/tasks", Map.of("id", id, "type", "stream", "dbrps",
                List.of(Map.of("db", db, "rp", "autogen")), "script", script, "status", "enabled"));
    }

    @Test
    void pointsWrittenBackReachATaskReadingTheOtherDatabase() {
        TestServer.Response reader = define("reader", "derived", "stream|from().measurement('cpu_copy')"
                + "|groupBy('host')|httpOut('seen')");
        assertEquals(200, reader.status(), reader.body());
        server.defineTask("copier", "stream|from().measurement('cpu')|eval(lambda: \"usage_idle\" * 2.0).as('doubled')"
                + "|kapacitorLoopback().database('derived').retentionPolicy('autogen').measurement('cpu_copy')"
                + ".tag('source', 'loop')");
        server.write("cpu,host=a usage_idle=21 10");
        String seen = TestServer.await("the looped-back point", () -> {
            String body = server.get("/kapacitor/v1/tasks/reader/seen").body();
            return body.contains("\"values\"") ? body : null;
        });
        assertEquals("{\"series\":[{\"name\":\"cpu_copy\",\"tags\":{\"host\":\"a\",\"source\":\"loop\"},"
                + "\"columns\":[\"time\",\"doubled\"],\"values\":[[\"1970-01-01T00:00:10Z\",42]]}]}", seen);
    }

    @Test
    void kapacitorsChecksAtDefinition() {
        TestServer.Response loop = define("self", "telegraf", "stream|from().measurement('cpu')"
                + "|kapacitorLoopback().database('telegraf').retentionPolicy('autogen')");
        assertEquals(400, loop.status(), loop.body());
        assertTrue(loop.error().contains("loop detected on dbrp: \"telegraf\".\"autogen\""), loop.body());
        TestServer.Response noDb = define("nodb", "telegraf", "stream|from().measurement('cpu')"
                + "|kapacitorLoopback().retentionPolicy('autogen')");
        assertEquals(400, noDb.status(), noDb.body());
        assertTrue(noDb.error().contains("must specify a database"), noDb.body());
        TestServer.Response noRp = define("norp", "telegraf", "stream|from().measurement('cpu')"
                + "|kapacitorLoopback().database('x')");
        assertTrue(noRp.error().contains("must specify a retention policy"), noRp.body());
    }
}
