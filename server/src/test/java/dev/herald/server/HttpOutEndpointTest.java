package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /kapacitor/v1/tasks/<task>/<endpoint>} for {@code |httpOut('<endpoint>')}: Kapacitor's compact
 * {@code models.Result} JSON, empty until data arrives, the last point of each group in the order groups appeared,
 * gone when the task is disabled.
 */
class HttpOutEndpointTest {
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

    @Test
    void servesTheLastPointOfEachGroupWhileTheTaskRuns() {
        server.defineTask("cpu_out", "stream\n  |from().measurement('cpu')\n  |groupBy('host')\n  |httpOut('out')\n");
        TestServer.Response empty = server.get("/kapacitor/v1/tasks/cpu_out/out");
        assertEquals(200, empty.status(), empty.body());
        assertEquals("{\"series\":null}", empty.body());
        assertEquals("application/json", empty.headers().firstValue("Content-Type").orElse(""));

        server.write("cpu,host=b value=1 10\ncpu,host=a value=2.5 11\ncpu,host=b value=3 12");
        TestServer.Response out = server.get("/kapacitor/v1/tasks/cpu_out/out");
        assertEquals("{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"b\"},\"columns\":[\"time\",\"value\"],"
                + "\"values\":[[\"1970-01-01T00:00:12Z\",3]]},{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},"
                + "\"columns\":[\"time\",\"value\"],\"values\":[[\"1970-01-01T00:00:11Z\",2.5]]}]}", out.body());

        assertEquals(404, server.get("/kapacitor/v1/tasks/cpu_out/other").status());
        TestServer.Response disabled = server.patch("/kapacitor/v1/tasks/cpu_out", "{\"status\":\"disabled\"}");
        assertEquals(200, disabled.status(), disabled.body());
        TestServer.Response gone = server.get("/kapacitor/v1/tasks/cpu_out/out");
        assertEquals(404, gone.status(), gone.body());
        assertTrue(gone.error().contains("no httpOut endpoint \"out\""), gone.body());
        assertEquals(404, server.get("/kapacitor/v1/tasks/nope/out").status());
    }
}
