package dev.herald.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.HeraldServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: the CLI against the real Herald server, started in-process on a random loopback port with its own data
 * directory. Each test uses its own task, topic and handler IDs and filters listings by them, so the tests share one
 * server without seeing each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliAgainstServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private HeraldServer server;
    private Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();

    @BeforeAll
    void startServer() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path conf = dir.resolve("herald.conf");
        Files.writeString(conf, ""
                + "data_dir = " + tomlString(data.toString()) + "\n"
                + "[http]\n"
                + "bind-address = \"127.0.0.1:0\"\n"
                + "[quickstart]\n"
                + "enabled = false\n"
                + "[load]\n"
                + "enabled = false\n"
                + "[plugins]\n"
                + "dir = " + tomlString(plugins.toString()) + "\n"
                + "[logging]\n"
                + "level = \"ERROR\"\n");
        server = HeraldServer.start(Optional.of(conf), Map.of(), false);
        URI url = server.url();
        assertTrue(url.getHost().equals("127.0.0.1"), url::toString);
        // The CLI reads the URL from the environment, as an operator's shell would set it.
        env = Map.of("KAPACITOR_URL", url.toString(), "TZ", "UTC");
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String tomlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private CliRun cli(String... args) {
        return CliRun.run(env, dir, args);
    }

    private CliRun ok(String... args) {
        CliRun r = cli(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + "\n" + r);
        return r;
    }

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private HttpResponse<String> httpSend(String method, String pathAndQuery, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    // ---- tasks ----

    @Test
    void taskLifecycleFromTickFileWithDbrp() throws Exception {
        file("cpu_life.tick", """
                stream
                    |from()
                        .measurement('cpu')
                    |alert()
                        .crit(lambda: "usage_idle" < 10)
                        .message('cpu is hot')
                        .topic('cli_life')
                """);
        CliRun define = ok("define", "cpu_life", "-tick", "cpu_life.tick", "-type", "stream", "-dbrp",
                "telegraf.autogen");
        assertEquals("", define.out());
        assertEquals("", define.err());

        assertEquals(""
                + "ID       Type      Status    Executing Databases and Retention Policies\n"
                + "cpu_life stream    disabled  false     [\"telegraf\".\"autogen\"]\n",
                ok("list", "tasks", "cpu_life").out());

        String show = ok("show", "cpu_life").out();
        assertTrue(show.startsWith("ID: cpu_life\nError: \nTemplate: \nType: stream\nStatus: disabled\n"
                + "Executing: false\nCreated: "), show);
        assertTrue(show.contains("\nDatabases Retention Policies: [\"telegraf\".\"autogen\"]\nTICKscript:\n"), show);
        assertTrue(show.contains(".measurement('cpu')"), show);
        assertTrue(Pattern.compile("\nCreated: \\d\\d [A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d UTC\n").matcher(show).find(),
                show);
        assertTrue(show.contains("\nDOT:\ndigraph cpu_life {"), show);

        ok("enable", "cpu_life");
        assertEquals(""
                + "ID       Type      Status    Executing Databases and Retention Policies\n"
                + "cpu_life stream    enabled   true      [\"telegraf\".\"autogen\"]\n",
                ok("list", "tasks", "cpu_life").out());
        assertTrue(ok("show", "cpu_life").out().contains("\nStatus: enabled\nExecuting: true\n"));

        // Redefining an enabled task keeps it enabled (kapacitor reloads it).
        ok("define", "cpu_life", "-dbrp", "telegraf.autogen", "-dbrp", "other.rp");
        assertEquals(""
                + "ID       Type      Status    Executing Databases and Retention Policies\n"
                + "cpu_life stream    enabled   true      [\"telegraf\".\"autogen\" \"other\".\"rp\"]\n",
                ok("list", "tasks", "cpu_life").out());

        ok("reload", "cpu_*");
        ok("disable", "cpu_life");
        assertTrue(ok("list", "tasks", "cpu_life").out().contains("cpu_life stream    disabled  false     "));

        ok("delete", "tasks", "cpu_life");
        assertEquals("ID Type      Status    Executing Databases and Retention Policies\n",
                ok("list", "tasks", "cpu_life").out());
        CliRun gone = cli("show", "cpu_life");
        assertEquals(3, gone.code(), gone::toString);
        assertEquals("Error: " + serverError("GET", "/kapacitor/v1/tasks/cpu_life") + "\n", gone.err());
    }

    @Test
    void badTickscriptPrintsTheServersErrorWithLineAndColumn() throws Exception {
        file("bad.tick", "stream\n    |from()\n        .measurement('cpu'\n");
        CliRun r = cli("define", "cli_bad", "-tick", "bad.tick", "-type", "stream", "-dbrp", "telegraf.autogen");
        assertEquals(3, r.code(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Error: "), r::toString);
        assertTrue(Pattern.compile("line \\d+ col \\d+").matcher(r.err()).find(), r::toString);
        assertFalse(r.err().contains("invalid response"), r::toString);
        // The message is the server's own {"error": ...}, not something the CLI made up.
        HttpResponse<String> direct = httpSend("POST", "/kapacitor/v1/tasks", JSON.writeValueAsString(Map.of(
                "id", "cli_bad", "type", "stream", "dbrps", java.util.List.of(Map.of("db", "telegraf", "rp", "autogen")),
                "script", Files.readString(dir.resolve("bad.tick")), "status", "disabled")));
        assertEquals(400, direct.statusCode(), direct::body);
        assertEquals("Error: " + JSON.readTree(direct.body()).get("error").asText() + "\n", r.err());
        assertEquals("ID Type      Status    Executing Databases and Retention Policies\n",
                ok("list", "tasks", "cli_bad").out());
    }

    @Test
    void templatesAndTasksFromThem() throws Exception {
        file("threshold.tick", """
                var measurement string
                var crit = 90.0
                stream
                    |from()
                        .measurement(measurement)
                    |alert()
                        .crit(lambda: "usage_user" > crit)
                        .topic('cli_tpl')
                """);
        ok("define-template", "cli_threshold", "-tick", "threshold.tick", "-type", "stream");
        assertEquals(""
                + "ID            Type      Vars                                    \n"
                + "cli_threshold stream    crit,measurement                        \n",
                ok("list", "templates", "cli_threshold").out());
        String tpl = ok("show-template", "cli_threshold").out();
        assertTrue(tpl.startsWith("ID: cli_threshold\nError: \nType: stream\n"), tpl);
        assertTrue(tpl.contains("\ncrit                          float     90                                      "),
                tpl);
        assertTrue(tpl.contains("\nmeasurement                   string    <required>                              "),
                tpl);

        file("vars.json", "{\"measurement\": {\"type\": \"string\", \"value\": \"cpu\"},"
                + " \"crit\": {\"type\": \"float\", \"value\": 75.5}}");
        ok("define", "cli_from_tpl", "-template", "cli_threshold", "-vars", "vars.json", "-dbrp", "telegraf.autogen");
        String show = ok("show", "cli_from_tpl").out();
        assertTrue(show.contains("\nTemplate: cli_threshold\n"), show);
        assertTrue(show.contains("\nVars:\nName                          Type      Value                                   \n"
                + "crit                          float     75.5                                    \n"
                + "measurement                   string    cpu                                     \n"), show);

        ok("delete", "tasks", "cli_from_tpl");
        ok("delete", "templates", "cli_threshold");
        assertEquals("ID Type      Vars                                    \n",
                ok("list", "templates", "cli_threshold").out());
    }

    // ---- topics and handlers ----

    @Test
    void topicHandlerFromYamlAndTopicEventsAfterAWrite() throws Exception {
        Path alertLog = dir.resolve("alerts.log");
        file("cli_alert.tick", """
                stream
                    |from()
                        .measurement('cpu')
                    |alert()
                        .id('cpu:{{ index .Tags "host" }}')
                        .crit(lambda: "usage_idle" < 10)
                        .message('{{ .ID }} is {{ .Level }}')
                        .topic('cli_cpu')
                """);
        ok("define", "cli_alert", "-tick", "cli_alert.tick", "-type", "stream", "-dbrp", "telegraf.autogen");
        ok("enable", "cli_alert");

        file("log.yaml", ""
                + "id: log-ops\n"
                + "topic: cli_cpu\n"
                + "kind: log\n"
                + "options:\n"
                + "  path: " + alertLog + "\n");
        ok("define-topic-handler", "log.yaml");
        assertEquals(""
                + "Topic      ID         Kind       \n"
                + "cli_cpu    log-ops    log        \n", ok("list", "topic-handlers", "cli_cpu").out());
        String handler = ok("show-topic-handler", "cli_cpu", "log-ops").out();
        assertTrue(handler.startsWith("ID: log-ops\nTopic: cli_cpu\nKind: log\nMatch: \nOptions: {"), handler);
        assertTrue(handler.contains("\"path\":\"" + alertLog + "\""), handler);

        // Defining the same handler again replaces it (here: adds a match expression).
        file("log2.json", JSON.writeValueAsString(Map.of("id", "log-ops", "topic", "cli_cpu", "kind", "log",
                "match", "level() == CRITICAL", "options", Map.of("path", alertLog.toString()))));
        ok("define-topic-handler", "log2.json");
        assertTrue(ok("show-topic-handler", "cli_cpu", "log-ops").out().contains("\nMatch: level() == CRITICAL\n"));
        assertEquals(1, ok("list", "topic-handlers", "cli_cpu").out().split("\n").length - 1);

        long now = Instant.now().getEpochSecond();
        HttpResponse<String> write = httpSend("POST", "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s",
                "cpu,host=serverA usage_idle=5 " + now + "\n");
        assertEquals(204, write.statusCode(), write::body);
        assertTrue(server.engine().awaitDelivery(WAIT), "handler queues did not drain");

        String topic = ok("show-topic", "cli_cpu").out();
        String date = GoFmt.rfc822Local(Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC);
        assertEquals(""
                + "ID: cli_cpu\n"
                + "Level: CRITICAL\n"
                + "Collected: 1\n"
                + "Handlers: [log-ops]\n"
                + "Events:\n"
                + "Event       Level    Message                 Date                   \n"
                + "cpu:serverA CRITICAL cpu:serverA is CRITICAL " + GoFmt.padRight(date, 23) + "\n", topic);
        assertEquals(""
                + "ID      Level     Collected\n"
                + "cli_cpu CRITICAL          1\n", ok("list", "topics", "cli_cpu").out());
        assertTrue(Files.readString(alertLog).contains("cpu:serverA is CRITICAL"), "log handler output");

        ok("delete", "topic-handlers", "cli_cpu", "log-ops");
        assertEquals("Topic      ID         Kind       \n", ok("list", "topic-handlers", "cli_cpu").out());
        CliRun noHandler = cli("show-topic-handler", "cli_cpu", "log-ops");
        assertEquals(3, noHandler.code(), noHandler::toString);
        assertEquals("Error: " + serverError("GET", "/kapacitor/v1/alerts/topics/cli_cpu/handlers/log-ops") + "\n",
                noHandler.err());

        ok("delete", "tasks", "cli_alert");
        ok("delete", "topics", "cli_cpu");
        assertEquals("ID Level     Collected\n", ok("list", "topics", "cli_cpu").out());
    }

    // ---- service tests ----

    @Test
    void serviceTestsListingAndRunning() throws Exception {
        String list = ok("list", "service-tests").out();
        assertTrue(list.startsWith("Service Name\n"), list);
        JsonNode direct = JSON.readTree(httpSend("GET", "/kapacitor/v1/service-tests", null).body());
        StringBuilder expected = new StringBuilder("Service Name\n");
        direct.get("services").forEach(s -> expected.append(s.get("name").asText()).append('\n'));
        assertEquals(expected.toString(), list);
        for (String name : new String[] {"slack", "telegram", "hipchat"}) {
            assertTrue(list.contains("\n" + name + "\n"), () -> name + " missing from\n" + list);
        }
        assertEquals("Service Name\nslack\n", ok("list", "service-tests", "slack").out());

        CliRun run = ok("service-tests", "slack");
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run::toString);
        assertEquals("Service             Success   Message", lines[0]);
        assertTrue(lines[1].startsWith("slack               "), run::toString);
    }

    @Test
    void unknownTaskAndTopicErrorsComeFromTheServer() throws Exception {
        CliRun task = cli("show", "cli_no_such_task");
        assertEquals(3, task.code(), task::toString);
        assertEquals("Error: " + serverError("GET", "/kapacitor/v1/tasks/cli_no_such_task") + "\n", task.err());
        CliRun topic = cli("show-topic", "cli_no_such_topic");
        assertEquals(3, topic.code(), topic::toString);
        assertEquals("Error: " + serverError("GET", "/kapacitor/v1/alerts/topics/cli_no_such_topic") + "\n",
                topic.err());
    }

    /** The {@code error} field the server answers a request with, asserting that it is an error. */
    private String serverError(String method, String path) throws Exception {
        HttpResponse<String> r = httpSend(method, path, null);
        assertTrue(r.statusCode() >= 400, () -> path + " answered " + r.statusCode() + ": " + r.body());
        String message = JSON.readTree(r.body()).path("error").asText("");
        assertFalse(message.isEmpty(), r::body);
        return message;
    }
}
