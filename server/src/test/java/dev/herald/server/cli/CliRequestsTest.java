package dev.herald.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests each verb sends (method, path, query, JSON body) and how it treats the answers,
 * against a stub server speaking Kapacitor's API.
 */
class CliRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRun run(StubServer s, String... args) {
        return CliRun.run(Map.of("KAPACITOR_URL", s.url(), "TZ", "UTC"), dir, args);
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static StubServer stub(Function<StubServer.Req, StubServer.Resp> routes) throws Exception {
        return new StubServer(routes);
    }

    @Test
    void defineCreatesADisabledTaskWhenItDoesNotExist() throws Exception {
        Files.writeString(dir.resolve("cpu.tick"), "stream|from().measurement('cpu')");
        try (StubServer s = stub(r -> r.method().equals("GET") ? StubServer.Resp.notFound("no task exists")
                : StubServer.Resp.json("{\"id\":\"cpu\"}"))) {
            CliRun r = run(s, "define", "cpu", "-tick", "cpu.tick", "-type", "stream", "-dbrp", "telegraf.autogen",
                    "-dbrp", "\"my.db\".rp");
            assertEquals(0, r.code(), r::toString);
            assertEquals("", r.out());
            assertEquals(List.of(
                    "GET /kapacitor/v1/tasks/cpu?dot-view=attributes&replay-id=&script-format=formatted",
                    "POST /kapacitor/v1/tasks"), s.lines());
            assertEquals(json("{\"id\":\"cpu\",\"type\":\"stream\",\"dbrps\":[{\"db\":\"telegraf\",\"rp\":\"autogen\"},"
                    + "{\"db\":\"my.db\",\"rp\":\"rp\"}],\"script\":\"stream|from().measurement('cpu')\","
                    + "\"status\":\"disabled\"}"), json(s.requests.get(1).body()));
        }
    }

    @Test
    void defineUpdatesAnEnabledTaskAndReloadsIt() throws Exception {
        Files.writeString(dir.resolve("v.json"), "{\"crit\":{\"type\":\"float\",\"value\":90}}");
        String existing = "{\"link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/tasks/cpu\"},\"id\":\"cpu\","
                + "\"status\":\"enabled\"}";
        try (StubServer s = stub(r -> StubServer.Resp.json(existing))) {
            CliRun r = run(s, "define", "cpu", "-template", "threshold", "-vars", "v.json");
            assertEquals(0, r.code(), r::toString);
            assertEquals(List.of(
                    "GET /kapacitor/v1/tasks/cpu?dot-view=attributes&replay-id=&script-format=formatted",
                    "PATCH /kapacitor/v1/tasks/cpu", "PATCH /kapacitor/v1/tasks/cpu", "PATCH /kapacitor/v1/tasks/cpu"),
                    s.lines());
            assertEquals(json("{\"template-id\":\"threshold\",\"vars\":{\"crit\":{\"type\":\"float\",\"value\":90}}}"),
                    json(s.requests.get(1).body()));
            assertEquals(json("{\"status\":\"disabled\"}"), json(s.requests.get(2).body()));
            assertEquals(json("{\"status\":\"enabled\"}"), json(s.requests.get(3).body()));
        }
        try (StubServer s = stub(r -> StubServer.Resp.json(existing))) {
            CliRun r = run(s, "define", "cpu", "-no-reload", "-dbrp", "a.b");
            assertEquals(0, r.code(), r::toString);
            assertEquals(2, s.requests.size(), s.lines()::toString);
        }
    }

    @Test
    void defineFromATaskFile() throws Exception {
        Files.writeString(dir.resolve("task.yaml"), """
                id: cpu
                template-id: threshold
                dbrps:
                  - db: telegraf
                    rp: autogen
                vars:
                  crit:
                    type: float
                    value: 90
                """);
        try (StubServer s = stub(r -> r.method().equals("GET") ? StubServer.Resp.notFound("no task exists")
                : StubServer.Resp.json("{\"id\":\"cpu\"}"))) {
            CliRun r = run(s, "define", "cpu", "-file", "task.yaml");
            assertEquals(0, r.code(), r::toString);
            assertEquals(json("{\"id\":\"cpu\",\"template-id\":\"threshold\",\"dbrps\":[{\"db\":\"telegraf\","
                    + "\"rp\":\"autogen\"}],\"vars\":{\"crit\":{\"type\":\"float\",\"value\":90}},"
                    + "\"status\":\"disabled\"}"), json(s.requests.get(1).body()));
            CliRun mismatch = run(s, "define", "other", "-file", "task.yaml");
            assertEquals(3, mismatch.code(), mismatch::toString);
            assertEquals("Error: Task id given on command line does not match id in task.yaml\n", mismatch.err());
        }
    }

    @Test
    void serverErrorsArePrintedVerbatim() throws Exception {
        Files.writeString(dir.resolve("bad.tick"), "stream|fro()");
        try (StubServer s = stub(r -> r.method().equals("GET") ? StubServer.Resp.notFound("no task exists")
                : new StubServer.Resp(400, "{\"error\":\"invalid TICKscript: line 1 char 8: no method fro\"}"))) {
            CliRun r = run(s, "define", "bad", "-tick", "bad.tick", "-dbrp", "a.b");
            assertEquals(3, r.code(), r::toString);
            assertEquals("Error: invalid TICKscript: line 1 char 8: no method fro\n", r.err());
        }
        try (StubServer s = stub(r -> new StubServer.Resp(502, "bad gateway"))) {
            CliRun r = run(s, "show", "x");
            assertEquals(3, r.code(), r::toString);
            assertEquals("Error: invalid response: code 502: body: bad gateway\n", r.err());
        }
    }

    @Test
    void enableDisableAndReloadPatchEveryMatch() throws Exception {
        String list = "{\"tasks\":[{\"link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/tasks/a_alert\"},\"id\":\"a_alert\"},"
                + "{\"link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/tasks/b_alert\"},\"id\":\"b_alert\"}]}";
        try (StubServer s = stub(r -> r.method().equals("GET") ? StubServer.Resp.json(list)
                : StubServer.Resp.json("{}"))) {
            CliRun r = run(s, "enable", "*_alert");
            assertEquals(0, r.code(), r::toString);
            assertEquals(List.of("GET /kapacitor/v1/tasks?dot-view=attributes&fields=link&limit=100&offset=0"
                            + "&pattern=*_alert&replay-id=&script-format=formatted",
                    "PATCH /kapacitor/v1/tasks/a_alert", "PATCH /kapacitor/v1/tasks/b_alert"), s.lines());
            assertEquals(json("{\"status\":\"enabled\"}"), json(s.requests.get(1).body()));

            s.requests.clear();
            assertEquals(0, run(s, "reload", "a_alert").code());
            assertEquals(6, s.requests.size());
            assertEquals(json("{\"status\":\"disabled\"}"), json(s.requests.get(1).body()));
            assertEquals(json("{\"status\":\"enabled\"}"), json(s.requests.get(5).body()));
        }
        try (StubServer s = stub(r -> r.method().equals("GET") ? StubServer.Resp.json(list)
                : new StubServer.Resp(500, "{\"error\":\"boom\"}"))) {
            CliRun r = run(s, "disable", "*");
            assertEquals(3, r.code(), r::toString);
            assertEquals("Error: disabling task a_alert: boom\n", r.err());
        }
    }

    @Test
    void defineTopicHandlerCreatesThenReplaces() throws Exception {
        Files.writeString(dir.resolve("slack.yaml"), """
                id: slack-ops
                topic: cpu
                kind: slack
                match: changed() == TRUE
                options:
                  channel: '#ops'
                  username: herald
                """);
        try (StubServer s = stub(r -> r.method().equals("GET") ? StubServer.Resp.notFound("handler not found")
                : StubServer.Resp.json("{\"id\":\"slack-ops\"}"))) {
            CliRun r = run(s, "define-topic-handler", "slack.yaml");
            assertEquals(0, r.code(), r::toString);
            assertEquals(List.of("GET /kapacitor/v1/alerts/topics/cpu/handlers/slack-ops",
                    "POST /kapacitor/v1/alerts/topics/cpu/handlers"), s.lines());
            assertEquals(json("{\"topic\":\"cpu\",\"id\":\"slack-ops\",\"kind\":\"slack\",\"match\":\"changed() == TRUE\","
                    + "\"options\":{\"channel\":\"#ops\",\"username\":\"herald\"}}"), json(s.requests.get(1).body()));
        }
        Files.writeString(dir.resolve("log.json"), "{\"id\":\"log\",\"topic\":\"cpu\",\"kind\":\"log\","
                + "\"options\":{\"path\":\"/tmp/alerts.log\"}}");
        String existing = "{\"link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/alerts/topics/cpu/handlers/log\"},"
                + "\"id\":\"log\",\"kind\":\"log\"}";
        try (StubServer s = stub(r -> StubServer.Resp.json(existing))) {
            CliRun r = run(s, "define-topic-handler", "log.json");
            assertEquals(0, r.code(), r::toString);
            assertEquals(List.of("GET /kapacitor/v1/alerts/topics/cpu/handlers/log",
                    "PUT /kapacitor/v1/alerts/topics/cpu/handlers/log"), s.lines());
        }
    }

    @Test
    void badHandlerFiles() throws Exception {
        Files.writeString(dir.resolve("h.txt"), "id: x");
        Files.writeString(dir.resolve("notopic.yaml"), "id: x\nkind: log\n");
        Files.writeString(dir.resolve("broken.json"), "{\"id\": ");
        try (StubServer s = stub(r -> StubServer.Resp.json("{}"))) {
            CliRun ext = run(s, "define-topic-handler", "h.txt");
            assertEquals(3, ext.code(), ext::toString);
            assertTrue(ext.err().startsWith("Error: bad file extension \".txt\""), ext::toString);
            CliRun noTopic = run(s, "define-topic-handler", "notopic.yaml");
            assertEquals("Error: handler file \"notopic.yaml\" does not name a topic\n", noTopic.err());
            CliRun broken = run(s, "define-topic-handler", "broken.json");
            assertEquals(3, broken.code(), broken::toString);
            assertTrue(broken.err().startsWith("Error: failed to unmarshal json handler file \"broken.json\": "),
                    broken::toString);
            assertEquals(List.of(), s.lines());
        }
    }

    @Test
    void listTopicHandlersFollowsEachTopicsHandlersLink() throws Exception {
        try (StubServer s = stub(r -> switch (r.path()) {
            case "/kapacitor/v1/alerts/topics" -> StubServer.Resp.json("{\"topics\":["
                    + "{\"id\":\"cpu\",\"handlers-link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/alerts/topics/cpu/handlers\"}},"
                    + "{\"id\":\"mem\",\"handlers-link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/alerts/topics/mem/handlers\"}}]}");
            case "/kapacitor/v1/alerts/topics/cpu/handlers" -> StubServer.Resp.json(
                    "{\"handlers\":[{\"id\":\"slack-ops\",\"kind\":\"slack\"}]}");
            default -> StubServer.Resp.json("{\"handlers\":[{\"id\":\"log\",\"kind\":\"log\"}]}");
        })) {
            CliRun r = run(s, "list", "topic-handlers");
            assertEquals(0, r.code(), r::toString);
            assertEquals("Topic      ID         Kind       \n"
                    + "cpu        slack-ops  slack      \n"
                    + "mem        log        log        \n", r.out());
            assertEquals(List.of("GET /kapacitor/v1/alerts/topics?min-level=OK&pattern=",
                    "GET /kapacitor/v1/alerts/topics/cpu/handlers?pattern=",
                    "GET /kapacitor/v1/alerts/topics/mem/handlers?pattern="), s.lines());
            s.requests.clear();
            run(s, "list", "topic-handlers", "cpu", "slack*");
            assertEquals("GET /kapacitor/v1/alerts/topics?min-level=OK&pattern=cpu", s.lines().get(0));
            assertEquals("GET /kapacitor/v1/alerts/topics/cpu/handlers?pattern=slack*", s.lines().get(1));
        }
    }

    @Test
    void listTasksPagesThroughResults() throws Exception {
        StringBuilder page = new StringBuilder("{\"tasks\":[");
        for (int i = 0; i < 100; i++) {
            page.append(i == 0 ? "" : ",").append("{\"id\":\"t").append(String.format("%03d", i))
                    .append("\",\"type\":\"stream\",\"status\":\"disabled\",\"executing\":false,\"dbrps\":[]}");
        }
        String full = page.append("]}").toString();
        try (StubServer s = stub(r -> StubServer.Resp.json(r.query().contains("offset=0") ? full
                : "{\"tasks\":[{\"id\":\"t100\",\"type\":\"batch\",\"status\":\"enabled\",\"executing\":true,"
                        + "\"dbrps\":[{\"db\":\"a\",\"rp\":\"b\"}]}]}"))) {
            CliRun r = run(s, "list", "tasks");
            assertEquals(0, r.code(), r::toString);
            assertEquals(2, s.requests.size());
            assertTrue(s.lines().get(0).contains("fields=type&fields=status&fields=executing&fields=dbrps"),
                    s.lines()::toString);
            assertTrue(s.lines().get(1).contains("offset=100"), s.lines()::toString);
            String[] lines = r.out().split("\n");
            assertEquals(102, lines.length);
            assertEquals("t100 batch     enabled   true      [\"a\".\"b\"]", lines[101]);
        }
    }

    @Test
    void deleteVerbs() throws Exception {
        try (StubServer s = stub(r -> switch (r.method()) {
            case "DELETE" -> StubServer.Resp.noContent();
            default -> r.path().equals("/kapacitor/v1/tasks")
                    ? StubServer.Resp.json("{\"tasks\":[{\"link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/tasks/x\"},"
                            + "\"id\":\"x\"}]}")
                    : r.path().endsWith("/handlers")
                            ? StubServer.Resp.json("{\"handlers\":[{\"link\":{\"rel\":\"self\",\"href\":"
                                    + "\"/kapacitor/v1/alerts/topics/cpu/handlers/h1\"},\"id\":\"h1\"}]}")
                            : StubServer.Resp.json("{\"topics\":[{\"link\":{\"rel\":\"self\",\"href\":"
                                    + "\"/kapacitor/v1/alerts/topics/cpu\"},\"id\":\"cpu\"}]}");
        })) {
            assertEquals(0, run(s, "delete", "tasks", "x").code());
            assertEquals("DELETE /kapacitor/v1/tasks/x", s.lines().get(1));
            s.requests.clear();
            assertEquals(0, run(s, "delete", "topic-handlers", "cpu", "h*").code());
            assertEquals(List.of("GET /kapacitor/v1/alerts/topics/cpu/handlers?pattern=h*",
                    "DELETE /kapacitor/v1/alerts/topics/cpu/handlers/h1"), s.lines());
            s.requests.clear();
            assertEquals(0, run(s, "delete", "topics", "cpu").code());
            assertEquals(List.of("GET /kapacitor/v1/alerts/topics?min-level=OK&pattern=cpu",
                    "DELETE /kapacitor/v1/alerts/topics/cpu"), s.lines());
            CliRun bad = run(s, "delete", "recordings", "x");
            assertEquals(3, bad.code(), bad::toString);
            assertTrue(bad.err().startsWith("Error: cannot delete 'recordings'"), bad::toString);
        }
    }

    @Test
    void serviceTestsRunsEachMatchingService() throws Exception {
        try (StubServer s = stub(r -> r.method().equals("GET")
                ? StubServer.Resp.json("{\"services\":[{\"link\":{\"rel\":\"self\",\"href\":"
                        + "\"/kapacitor/v1/service-tests/slack\"},\"name\":\"slack\",\"options\":{}}]}")
                : StubServer.Resp.json("{\"success\":false,\"message\":\"service is not enabled\"}"))) {
            CliRun r = run(s, "service-tests", "slack");
            assertEquals(0, r.code(), r::toString);
            assertEquals(List.of("GET /kapacitor/v1/service-tests?pattern=slack", "POST /kapacitor/v1/service-tests/slack"),
                    s.lines());
            assertEquals("Service             Success   Message\n"
                    + "slack               false     service is not enabled\n", r.out());
        }
    }

    @Test
    void urlPrecedence() throws Exception {
        try (StubServer s = stub(r -> StubServer.Resp.json("{\"services\":[]}"))) {
            String dead = "http://127.0.0.1:1";
            assertEquals(0, CliRun.run(Map.of("KAPACITOR_URL", dead, "HERALD_URL", dead), dir,
                    "-url", s.url(), "list", "service-tests").code());
            assertEquals(0, CliRun.run(Map.of("KAPACITOR_URL", dead, "HERALD_URL", s.url()), dir,
                    "list", "service-tests").code());
            assertEquals(0, CliRun.run(Map.of("KAPACITOR_URL", s.url()), dir, "list", "service-tests").code());
            assertEquals(0, CliRun.run(Map.of("KAPACITOR_URL", s.url()), dir,
                    "-url=" + s.url(), "list", "service-tests").code());
            assertEquals(4, s.requests.size());
        }
    }

    @Test
    void showTopicFetchesTopicEventsAndHandlers() throws Exception {
        try (StubServer s = stub(r -> switch (r.path()) {
            case "/kapacitor/v1/alerts/topics/cpu" -> StubServer.Resp.json("{\"id\":\"cpu\",\"level\":\"CRITICAL\","
                    + "\"collected\":1,\"events-link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/alerts/topics/cpu/events\"},"
                    + "\"handlers-link\":{\"rel\":\"self\",\"href\":\"/kapacitor/v1/alerts/topics/cpu/handlers\"}}");
            case "/kapacitor/v1/alerts/topics/cpu/events" -> StubServer.Resp.json("{\"events\":[{\"id\":\"cpu:nil\","
                    + "\"state\":{\"level\":\"CRITICAL\",\"message\":\"hot\",\"time\":\"2020-05-06T07:08:09Z\"}}]}");
            default -> StubServer.Resp.json("{\"handlers\":[{\"id\":\"slack-ops\"}]}");
        })) {
            CliRun r = run(s, "show-topic", "cpu");
            assertEquals(0, r.code(), r::toString);
            assertEquals("ID: cpu\nLevel: CRITICAL\nCollected: 1\nHandlers: [slack-ops]\nEvents:\n"
                    + "Event   Level    Message Date                   \n"
                    + "cpu:nil CRITICAL hot     06 May 20 07:08 UTC    \n", r.out());
            assertEquals(List.of("GET /kapacitor/v1/alerts/topics/cpu",
                    "GET /kapacitor/v1/alerts/topics/cpu/events?min-level=OK",
                    "GET /kapacitor/v1/alerts/topics/cpu/handlers?pattern="), s.lines());
        }
    }
}
