package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint answers bad input with a 4xx and a message that says what to fix. */
class BadInputTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = TestServer.start(dir, "");
        s.post("/kapacitor/v1/alerts/topics/t/handlers", "{\"id\":\"h\",\"kind\":\"tcp\",\"options\":"
                + "{\"address\":\"127.0.0.1:9\"}}");
        s.post("/kapacitor/v1/tasks", "{\"id\":\"task\",\"dbrps\":[{\"db\":\"d\",\"rp\":\"r\"}],"
                + "\"script\":\"stream|from()\"}");
        s.post("/kapacitor/v1/templates", "{\"id\":\"tpl\",\"script\":\"stream|from()\"}");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /kapacitor/v1/tasks",
        "PATCH, /kapacitor/v1/tasks/task",
        "POST, /kapacitor/v1/templates",
        "PATCH, /kapacitor/v1/templates/tpl",
        "POST, /kapacitor/v1/alerts/topics/t/handlers",
        "PUT, /kapacitor/v1/alerts/topics/t/handlers/h",
        "PATCH, /kapacitor/v1/alerts/topics/t/handlers/h",
        "POST, /kapacitor/v1/config/telegram/",
        "POST, /kapacitor/v1/service-tests/slack"})
    void malformedJsonIs400(String method, String path) {
        TestServer.Response r = s.send(method, path, "{\"id\": ");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.error().startsWith("invalid JSON"), r.body());
        assertEquals(r.error(), r.json().path("message").asText());
    }

    @Test
    void unknownHandlerKindListsKnownKinds() {
        TestServer.Response r = s.post("/kapacitor/v1/alerts/topics/t/handlers",
                "{\"id\":\"x\",\"kind\":\"pagerduty9\",\"options\":{}}");
        assertEquals(400, r.status());
        assertTrue(r.error().contains("pagerduty9") && r.error().contains("known kinds") && r.error().contains("slack"),
                r.body());
    }

    @Test
    void badHandlerOptionsAndFields() {
        TestServer.Response options = s.post("/kapacitor/v1/alerts/topics/t/handlers",
                "{\"id\":\"x\",\"kind\":\"log\",\"options\":{\"path\":\"/tmp/x\",\"colour\":1}}");
        assertEquals(400, options.status());
        assertTrue(options.error().contains("colour"), options.body());
        TestServer.Response field = s.post("/kapacitor/v1/alerts/topics/t/handlers",
                "{\"id\":\"x\",\"kind\":\"log\",\"opts\":{}}");
        assertEquals(400, field.status());
        assertTrue(field.error().contains("opts"), field.body());
        TestServer.Response match = s.post("/kapacitor/v1/alerts/topics/t/handlers",
                "{\"id\":\"x\",\"kind\":\"tcp\",\"match\":\"level() ==\",\"options\":{\"address\":\"a:1\"}}");
        assertEquals(400, match.status(), match.body());
        TestServer.Response id = s.post("/kapacitor/v1/alerts/topics/t/handlers",
                "{\"id\":\"bad id\",\"kind\":\"tcp\",\"options\":{}}");
        assertEquals(400, id.status());
        TestServer.Response patch = s.patch("/kapacitor/v1/alerts/topics/t/handlers/h",
                "[{\"op\":\"move\",\"path\":\"/kind\",\"from\":\"/id\"}]");
        assertEquals(400, patch.status());
        assertTrue(patch.error().contains("move"), patch.body());
    }

    @Test
    void badTickscriptNamesLineAndColumn() {
        TestServer.Response r = s.post("/kapacitor/v1/tasks", "{\"id\":\"bad\",\"dbrps\":[{\"db\":\"d\",\"rp\":\"r\"}],"
                + "\"script\":\"stream\\n    |from()\\n    |alert().crit(lambda: \\\"x\\\" >)\"}");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.error().matches("invalid TICKscript: line 3 col \\d+: .*"), r.body());
        TestServer.Response unknownNode = s.post("/kapacitor/v1/tasks", "{\"id\":\"bad2\",\"dbrps\":[{\"db\":\"d\","
                + "\"rp\":\"r\"}],\"script\":\"stream|frobnicate()\"}");
        assertEquals(400, unknownNode.status(), unknownNode.body());
        assertTrue(unknownNode.error().contains("line 1"), unknownNode.body());
        assertEquals(404, s.get("/kapacitor/v1/tasks/bad").status());
    }

    @Test
    void taskDefinitionErrors() {
        assertTrue(s.post("/kapacitor/v1/tasks", "{\"id\":\"nodbrp\",\"script\":\"stream|from()\"}").error()
                .contains("must specify dbrp"));
        assertTrue(s.post("/kapacitor/v1/tasks", "{\"id\":\"noscript\",\"dbrps\":[{\"db\":\"d\",\"rp\":\"r\"}]}")
                .error().contains("must provide TICKscript"));
        assertEquals(400, s.post("/kapacitor/v1/tasks", "{\"id\":\"a b\",\"script\":\"stream|from()\"}").status());
        assertEquals(400, s.post("/kapacitor/v1/tasks", "{\"id\":\"st\",\"status\":\"on\",\"dbrps\":[{\"db\":\"d\","
                + "\"rp\":\"r\"}],\"script\":\"stream|from()\"}").status());
        assertEquals(400, s.post("/kapacitor/v1/tasks", "{\"id\":\"both\",\"dbrps\":[{\"db\":\"d\",\"rp\":\"r\"}],"
                + "\"script\":\"dbrp \\\"a\\\".\\\"b\\\"\\nstream|from()\"}").status());
        assertEquals(404, s.patch("/kapacitor/v1/tasks/nosuch", "{\"status\":\"enabled\"}").status());
        assertEquals(400, s.post("/kapacitor/v1/tasks", "{\"id\":\"batch\",\"dbrps\":[{\"db\":\"d\",\"rp\":\"r\"}],"
                + "\"script\":\"batch|query('SELECT 1')\"}").status());
    }

    @Test
    void badLineProtocolNamesTheLineAndGoodLinesAreStillWritten() {
        long before = s.server().engine().metrics().pointsIn();
        TestServer.Response r = s.write("d", "r", "m v=1 1\nm v= 2\nm v=3 3\n");
        assertEquals(400, r.status());
        assertTrue(r.error().contains("line 2"), r.body());
        assertEquals(before + 2, s.server().engine().metrics().pointsIn());
        assertTrue(s.send("POST", "/kapacitor/v1/write?rp=r", "m v=1", "text/plain").error()
                .contains("database is required"));
        assertEquals(400, s.send("POST", "/write?db=d&precision=days", "m v=1", "text/plain").status());
    }

    @Test
    void unknownIdsAre404AndUnknownRoutes() {
        assertEquals(404, s.get("/kapacitor/v1/tasks/nosuch").status());
        assertEquals(404, s.get("/kapacitor/v1/templates/nosuch").status());
        assertEquals(404, s.get("/kapacitor/v1/alerts/topics/nosuch").status());
        assertEquals(404, s.get("/kapacitor/v1/alerts/topics/nosuch/events").status());
        assertEquals(404, s.get("/kapacitor/v1/alerts/topics/t/events/nosuch").status());
        assertEquals(404, s.get("/kapacitor/v1/alerts/topics/t/handlers/nosuch").status());
        assertEquals(404, s.put("/kapacitor/v1/alerts/topics/t/handlers/nosuch", "{}").status());
        assertEquals(404, s.get("/kapacitor/v1/nosuch").status());
        TestServer.Response wrongMethod = s.send("PUT", "/kapacitor/v1/tasks", "{}");
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.error().contains("GET, POST"), wrongMethod.body());
        assertEquals(400, s.get("/kapacitor/v1/alerts/topics?min-level=critical").status());
        assertEquals(400, s.get("/kapacitor/v1/alerts/topics?pattern=[").status());
    }

    @Test
    void oversizedBodyIs413() {
        String big = "m v=1\n".repeat(HttpFront.MAX_BODY / 6 + 10);
        TestServer.Response r = s.write("d", "r", big);
        assertEquals(413, r.status());
        assertTrue(r.error().contains("too large"), r.body());
    }

    @Test
    void pingAnswers204WithTheVersionHeader() {
        TestServer.Response r = s.get("/kapacitor/v1/ping");
        assertEquals(204, r.status());
        assertTrue(r.headers().firstValue("X-Kapacitor-Version").isPresent());
        assertEquals(204, s.send("HEAD", "/kapacitor/v1/ping", null).status());
    }
}
