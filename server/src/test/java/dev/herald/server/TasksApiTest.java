package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks and templates: define, list, show, update, enable/disable, delete, tasks from templates, restart. */
class TasksApiTest {
    @TempDir
    Path dir;
    TestServer s;

    static final String TEMPLATE = "var measurement string\nvar crit = 90.0\nvar path string\n"
            + "stream\n    |from()\n        .measurement(measurement)\n    |alert()\n        .id('{{ .Name }}')\n"
            + "        .message('{{ .ID }} {{ .Level }}')\n        .crit(lambda: \"value\" > crit)\n"
            + "        .log(path)\n        .topic('templated')\n";

    @BeforeEach
    void start() {
        s = TestServer.start(dir, "");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void createShowsKapacitorsTaskShape() {
        String tick = "stream\n    |from()\n        .measurement('test')\n";
        TestServer.Response r = s.post("/kapacitor/v1/tasks", "{\"id\":\"testTaskID\",\"type\":\"stream\","
                + "\"dbrps\":[{\"db\":\"mydb\",\"rp\":\"myrp\"},{\"db\":\"otherdb\",\"rp\":\"default\"}],"
                + "\"script\":" + Json.compact(tick) + ",\"status\":\"disabled\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode t = s.get("/kapacitor/v1/tasks/testTaskID").json();
        assertEquals("/kapacitor/v1/tasks/testTaskID", t.path("link").path("href").asText());
        assertEquals("stream", t.path("type").asText());
        assertEquals("disabled", t.path("status").asText());
        assertFalse(t.path("executing").asBoolean());
        assertEquals("[{\"db\":\"mydb\",\"rp\":\"myrp\"},{\"db\":\"otherdb\",\"rp\":\"default\"}]",
                t.path("dbrps").toString());
        assertEquals(tick, t.path("script").asText());
        assertEquals("digraph testTaskID {\nstream0 -> from1;\n}", t.path("dot").asText());
        assertEquals("", t.path("error").asText());

        TestServer.Response enabled = s.patch("/kapacitor/v1/tasks/testTaskID", "{\"status\":\"enabled\"}");
        assertEquals(200, enabled.status(), enabled.body());
        assertTrue(enabled.json().path("executing").asBoolean());
        assertEquals("enabled", s.get("/kapacitor/v1/tasks/testTaskID").json().path("status").asText());
        assertEquals(200, s.patch("/kapacitor/v1/tasks/testTaskID", "{\"status\":\"disabled\"}").status());
        assertFalse(s.get("/kapacitor/v1/tasks/testTaskID").json().path("executing").asBoolean());

        assertEquals(400, s.post("/kapacitor/v1/tasks", "{\"id\":\"testTaskID\",\"script\":\"stream\","
                + "\"dbrps\":[{\"db\":\"a\",\"rp\":\"b\"}]}").status());
        assertEquals(204, s.delete("/kapacitor/v1/tasks/testTaskID").status());
        assertEquals(404, s.get("/kapacitor/v1/tasks/testTaskID").status());
        assertEquals(404, s.delete("/kapacitor/v1/tasks/testTaskID").status());
    }

    @Test
    void listFiltersByPatternFieldsOffsetAndLimit() {
        for (String id : new String[] {"a1", "a2", "b1"}) {
            assertEquals(200, s.post("/kapacitor/v1/tasks", "{\"id\":\"" + id + "\",\"script\":"
                    + "\"dbrp \\\"db\\\".\\\"rp\\\"\\nstream|from()\"}").status());
        }
        JsonNode all = s.get("/kapacitor/v1/tasks").json().path("tasks");
        assertEquals(3, all.size());
        assertEquals("[{\"db\":\"db\",\"rp\":\"rp\"}]", all.get(0).path("dbrps").toString());
        JsonNode a = s.get("/kapacitor/v1/tasks?pattern=a*&fields=status").json().path("tasks");
        assertEquals(2, a.size());
        assertEquals("[\"status\",\"id\",\"link\"]", fieldNames(a.get(0)));
        JsonNode page = s.get("/kapacitor/v1/tasks?offset=1&limit=1").json().path("tasks");
        assertEquals(1, page.size());
        assertEquals("a2", page.get(0).path("id").asText());
        assertEquals(400, s.get("/kapacitor/v1/tasks?limit=x").status());
        assertEquals(400, s.get("/kapacitor/v1/tasks?fields=nosuch").status());
        assertEquals(400, s.get("/kapacitor/v1/tasks/a1?dot-view=bad").status());
    }

    private static String fieldNames(JsonNode n) {
        StringBuilder sb = new StringBuilder("[");
        n.fieldNames().forEachRemaining(f -> sb.append(sb.length() > 1 ? "," : "").append('"').append(f)
                .append('"'));
        return sb.append(']').toString();
    }

    @Test
    void tasksFromTemplatesUseVarsAndFollowTemplateUpdates() throws Exception {
        TestServer.Response tpl = s.post("/kapacitor/v1/templates", "{\"id\":\"threshold\",\"script\":"
                + Json.compact(TEMPLATE) + "}");
        assertEquals(200, tpl.status(), tpl.body());
        JsonNode vars = tpl.json().path("vars");
        assertEquals("string", vars.path("measurement").path("type").asText());
        assertEquals(90.0, vars.path("crit").path("value").asDouble());
        assertEquals("float", vars.path("crit").path("type").asText());

        Path log = dir.resolve("templated.log");
        TestServer.Response task = s.post("/kapacitor/v1/tasks", "{\"id\":\"mem\",\"template-id\":\"threshold\","
                + "\"dbrps\":[{\"db\":\"db\",\"rp\":\"rp\"}],\"status\":\"enabled\",\"vars\":{"
                + "\"measurement\":{\"type\":\"string\",\"value\":\"mem\"},"
                + "\"crit\":{\"type\":\"float\",\"value\":5},"
                + "\"path\":{\"type\":\"string\",\"value\":" + Json.compact(log.toString()) + "}}}");
        assertEquals(200, task.status(), task.body());
        assertEquals("threshold", task.json().path("template-id").asText());
        assertEquals(5, task.json().path("vars").path("crit").path("value").asDouble());

        s.write("db", "rp", "mem value=6 1");
        Poll.until("log line", () -> Files.exists(log) && read(log).contains("\"level\":\"CRITICAL\""));

        String updated = TEMPLATE.replace("\"value\" > crit", "\"value\" > crit + 100.0");
        assertEquals(200, s.patch("/kapacitor/v1/templates/threshold", "{\"script\":" + Json.compact(updated)
                + "}").status());
        assertTrue(s.get("/kapacitor/v1/tasks/mem?script-format=raw").json().path("script").asText()
                .contains("crit + 100.0"));
        TestServer.Response bad = s.patch("/kapacitor/v1/templates/threshold", "{\"script\":\"stream|from(\"}");
        assertEquals(400, bad.status());
        assertTrue(bad.error().contains("line 1"), bad.body());

        assertEquals(1, s.get("/kapacitor/v1/templates").json().path("templates").size());
        assertEquals(400, s.post("/kapacitor/v1/tasks", "{\"id\":\"x\",\"template-id\":\"nosuch\"}").status());
        TestServer.Response badVar = s.post("/kapacitor/v1/tasks", "{\"id\":\"y\",\"template-id\":\"threshold\","
                + "\"dbrps\":[{\"db\":\"db\",\"rp\":\"rp\"}],\"vars\":{\"crit\":{\"type\":\"float\","
                + "\"value\":\"high\"}}}");
        assertEquals(400, badVar.status());
        assertTrue(badVar.error().contains("crit"), badVar.body());
        assertEquals(204, s.delete("/kapacitor/v1/templates/threshold").status());
        assertEquals(404, s.get("/kapacitor/v1/templates/threshold").status());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void restartKeepsTasksTemplatesHandlersOverridesAndTopicState() {
        assertEquals(200, s.post("/kapacitor/v1/templates", "{\"id\":\"tpl\",\"script\":"
                + Json.compact(TEMPLATE) + "}").status());
        assertEquals(200, s.post("/kapacitor/v1/tasks", "{\"id\":\"from_tpl\",\"template-id\":\"tpl\","
                + "\"dbrps\":[{\"db\":\"db\",\"rp\":\"rp\"}],\"status\":\"enabled\",\"vars\":{"
                + "\"measurement\":{\"type\":\"string\",\"value\":\"disk\"},"
                + "\"path\":{\"type\":\"string\",\"value\":" + Json.compact(dir.resolve("d.log").toString())
                + "}}}").status());
        String script = "stream|from().measurement('cpu')|alert().id('cpu').message('m').crit(lambda: \"v\" > 1)"
                + ".topic('keep')";
        assertEquals(200, s.post("/kapacitor/v1/tasks", "{\"id\":\"cpu\",\"dbrps\":[{\"db\":\"db\",\"rp\":\"rp\"}],"
                + "\"script\":" + Json.compact(script) + ",\"status\":\"enabled\"}").status());
        assertEquals(200, s.post("/kapacitor/v1/alerts/topics/keep/handlers", "{\"id\":\"to-log\",\"kind\":\"log\","
                + "\"options\":{\"path\":" + Json.compact(dir.resolve("keep.log").toString()) + "}}").status());
        assertEquals(204, s.post("/kapacitor/v1/config/telegram/", "{\"set\":{\"chat-id\":\"42\"}}").status());
        s.write("db", "rp", "cpu v=5 7");
        Poll.until("event", () -> s.get("/kapacitor/v1/alerts/topics/keep/events/cpu").status() == 200);

        s.restart();

        JsonNode cpu = s.get("/kapacitor/v1/tasks/cpu").json();
        assertTrue(cpu.path("executing").asBoolean(), cpu.toString());
        JsonNode fromTpl = s.get("/kapacitor/v1/tasks/from_tpl").json();
        assertEquals("tpl", fromTpl.path("template-id").asText());
        assertEquals("disk", fromTpl.path("vars").path("measurement").path("value").asText());
        assertTrue(fromTpl.path("executing").asBoolean(), fromTpl.toString());
        assertEquals(200, s.get("/kapacitor/v1/templates/tpl").status());
        assertEquals("log", s.get("/kapacitor/v1/alerts/topics/keep/handlers/to-log").json().path("kind").asText());
        assertEquals("42", s.get("/kapacitor/v1/config/telegram/").json().path("options").path("chat-id").asText());
        JsonNode event = s.get("/kapacitor/v1/alerts/topics/keep/events/cpu").json();
        assertEquals("CRITICAL", event.path("state").path("level").asText());
        assertEquals("1970-01-01T00:00:07Z", event.path("state").path("time").asText());
        assertEquals("CRITICAL", s.get("/kapacitor/v1/alerts/topics/keep").json().path("level").asText());

        s.write("db", "rp", "cpu v=0 8");
        // a recovered alert leaves its topic (Kapacitor 1.7+), and the topic is OK again
        Poll.until("recovery", () -> s.get("/kapacitor/v1/alerts/topics/keep/events/cpu").status() == 404);
        assertEquals("OK", s.get("/kapacitor/v1/alerts/topics/keep").json().path("level").asText());
        assertEquals(204, s.delete("/kapacitor/v1/tasks/cpu").status());
        s.restart();
        assertEquals(404, s.get("/kapacitor/v1/tasks/cpu").status());
        assertEquals(200, s.get("/kapacitor/v1/tasks/from_tpl").status());
    }
}
