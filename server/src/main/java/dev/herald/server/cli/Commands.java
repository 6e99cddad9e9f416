package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The verbs. Each throws {@link UsageException} for a bad command line, {@link CliException} when it fails. */
final class Commands {
    /** Page size for listing, as the kapacitor CLI uses. */
    static final int LIMIT = 100;

    /** A verb's {@code -h} flag was given after other flags. */
    static final class Help extends Exception {
        final String verb;

        Help(String verb) {
            super(verb);
            this.verb = verb;
        }
    }

    private final KapacitorClient client;
    private final ObjectMapper json;
    private final PrintStream out;
    private final Path workDir;
    private final ZoneId zone;

    Commands(KapacitorClient client, ObjectMapper json, PrintStream out, Path workDir, ZoneId zone) {
        this.client = client;
        this.json = json;
        this.out = out;
        this.workDir = workDir;
        this.zone = zone;
    }

    void dispatch(String verb, List<String> args) throws UsageException, CliException, Help {
        switch (verb) {
            case "define" -> define(args);
            case "define-template" -> defineTemplate(args);
            case "define-topic-handler" -> defineTopicHandler(args);
            case "enable" -> setStatus("enable", args, "enabled");
            case "disable" -> setStatus("disable", args, "disabled");
            case "reload" -> reload(args);
            case "delete" -> delete(args);
            case "list" -> list(args);
            case "show" -> show(args);
            case "show-template" -> showTemplate(args);
            case "show-topic" -> showTopic(args);
            case "show-topic-handler" -> showTopicHandler(args);
            case "service-tests" -> serviceTests(args);
            default -> throw new IllegalArgumentException(verb);
        }
    }

    // ---- flag sets ----

    static FlagSet defineFlags(List<Dbrp> dbrps) {
        return new FlagSet()
                .stringFlag("tick", "Path to the TICKscript file")
                .stringFlag("type", "Task type, stream or batch")
                .stringFlag("template", "ID of the template to build the task from (optional)")
                .stringFlag("vars", "Path to a JSON file of the template's vars (optional)")
                .stringFlag("file", "Path to a YAML or JSON task file holding template-id, dbrps and vars"
                        + " (optional). An id in the file must equal the task ID argument.")
                .boolFlag("no-reload", "Leave an enabled task running its old definition")
                .valueFlag("dbrp", "A database.retention_policy pair the task reads, e.g. telegraf.autogen;"
                        + " either part may be double-quoted. Repeat the flag for several pairs.", v -> {
                            Dbrp d = Dbrp.parse(v);
                            if (dbrps != null) {
                                dbrps.add(d);
                            }
                        });
    }

    static FlagSet defineTemplateFlags() {
        return new FlagSet()
                .stringFlag("tick", "Path to the TICKscript file")
                .stringFlag("type", "Template type, stream or batch");
    }

    static FlagSet showFlags() {
        return new FlagSet().stringFlag("replay",
                "Show the task as it runs inside this replay (optional)");
    }

    private static FlagSet parse(String verb, FlagSet flags, List<String> args) throws UsageException, Help {
        try {
            return flags.parse(args);
        } catch (FlagSet.HelpRequested h) {
            throw new Help(verb);
        } catch (FlagSet.FlagException e) {
            throw new UsageException(verb, e.getMessage());
        }
    }

    private static String taskType(String verb, String t) throws UsageException {
        return switch (t) {
            case "", "stream", "batch" -> t;
            default -> throw new UsageException(verb, "invalid -type " + GoFmt.quote(t)
                    + ": must be stream or batch");
        };
    }

    private static void noExtraArgs(String verb, FlagSet f) throws UsageException {
        if (!f.args().isEmpty()) {
            throw new UsageException(verb, "Unexpected argument " + GoFmt.quote(f.args().get(0))
                    + "; options go after the ID");
        }
    }

    // ---- define ----

    void define(List<String> args) throws UsageException, CliException, Help {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new UsageException("define", "Must provide a task ID.");
        }
        String id = args.get(0);
        List<Dbrp> dbrps = new ArrayList<>();
        FlagSet f = parse("define", defineFlags(dbrps), args.subList(1, args.size()));
        noExtraArgs("define", f);
        String type = taskType("define", f.string("type"));

        String script = f.string("tick").isEmpty() ? "" : SpecFiles.readText(workDir, f.string("tick"));
        JsonNode vars = null;
        if (!f.string("vars").isEmpty()) {
            vars = SpecFiles.readVars(workDir, f.string("vars"), json);
        }
        JsonNode fileTask = null;
        if (!f.string("file").isEmpty()) {
            fileTask = SpecFiles.readYamlOrJson(workDir, f.string("file"), json, "task");
            if (!fileTask.isObject()) {
                throw new CliException("task file " + GoFmt.quote(f.string("file")) + " must hold a mapping");
            }
            String fileId = Tables.text(fileTask, "id");
            if (!fileId.isEmpty() && !fileId.equals(id)) {
                throw new CliException("Task id given on command line does not match id in " + f.string("file"));
            }
        }

        JsonNode existing = client.taskOrNull(id);
        boolean exists = existing != null && !Tables.text(existing, "id").isEmpty();
        ObjectNode body = json.createObjectNode();
        if (fileTask != null) {
            // The task file replaces the other options, as in kapacitor.
            body.put("id", id);
            putIfNotEmpty(body, "template-id", Tables.text(fileTask, "template-id"));
            JsonNode fd = fileTask.get("dbrps");
            if (fd != null && fd.isArray() && fd.size() > 0) {
                body.set("dbrps", fd);
            }
            JsonNode fv = fileTask.get("vars");
            if (fv != null && fv.isObject() && fv.size() > 0) {
                body.set("vars", fv);
            }
        } else {
            if (!exists) {
                body.put("id", id);
            }
            putIfNotEmpty(body, "template-id", f.string("template"));
            putIfNotEmpty(body, "type", type);
            if (!dbrps.isEmpty()) {
                ArrayNode arr = body.putArray("dbrps");
                for (Dbrp d : dbrps) {
                    arr.addObject().put("db", d.db()).put("rp", d.rp());
                }
            }
            putIfNotEmpty(body, "script", script);
            if (vars != null && vars.size() > 0) {
                body.set("vars", vars);
            }
        }
        if (!exists) {
            body.put("status", "disabled");
            client.createTask(body);
        } else {
            client.updateTask(href(existing, KapacitorClient.join(KapacitorClient.TASKS, id)), body);
        }
        if (exists && !f.bool("no-reload") && "enabled".equals(Tables.text(existing, "status"))) {
            String href = href(existing, KapacitorClient.join(KapacitorClient.TASKS, id));
            client.updateTask(href, json.createObjectNode().put("status", "disabled"));
            client.updateTask(href, json.createObjectNode().put("status", "enabled"));
        }
    }

    void defineTemplate(List<String> args) throws UsageException, CliException, Help {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new UsageException("define-template", "Must provide a template ID.");
        }
        String id = args.get(0);
        FlagSet f = parse("define-template", defineTemplateFlags(), args.subList(1, args.size()));
        noExtraArgs("define-template", f);
        String type = taskType("define-template", f.string("type"));
        String script = f.string("tick").isEmpty() ? "" : SpecFiles.readText(workDir, f.string("tick"));

        JsonNode existing = client.templateOrNull(id);
        ObjectNode body = json.createObjectNode();
        putIfNotEmpty(body, "type", type);
        putIfNotEmpty(body, "script", script);
        if (existing == null || Tables.text(existing, "id").isEmpty()) {
            body.put("id", id);
            client.createTemplate(body);
        } else {
            client.updateTemplate(href(existing, KapacitorClient.join(KapacitorClient.TEMPLATES, id)), body);
        }
    }

    void defineTopicHandler(List<String> args) throws UsageException, CliException {
        if (args.size() != 1) {
            throw new UsageException("define-topic-handler", "Must provide a path to a handler file.");
        }
        ObjectNode body = SpecFiles.readHandler(workDir, args.get(0), json);
        String topic = body.get("topic").asText();
        String id = body.get("id").asText();
        String href = KapacitorClient.topicHandlerHref(topic, id);
        JsonNode existing = client.topicHandlerOrNull(href);
        if (existing == null || Tables.text(existing, "id").isEmpty()) {
            client.createTopicHandler(KapacitorClient.topicHandlersHref(topic), body);
        } else {
            client.replaceTopicHandler(href(existing, href), body);
        }
    }

    // ---- enable / disable / reload ----

    void setStatus(String verb, List<String> patterns, String status) throws UsageException, CliException {
        if (patterns.isEmpty()) {
            throw new UsageException(verb, "Must pass at least one task ID");
        }
        for (String pattern : patterns) {
            int offset = 0;
            while (true) {
                List<JsonNode> tasks;
                try {
                    tasks = client.listTasks(pattern, List.of("link"), offset, LIMIT);
                } catch (CliException e) {
                    throw CliException.wrap("listing tasks", e);
                }
                for (JsonNode t : tasks) {
                    String id = Tables.text(t, "id");
                    try {
                        client.updateTask(href(t, KapacitorClient.join(KapacitorClient.TASKS, id)),
                                json.createObjectNode().put("status", status));
                    } catch (CliException e) {
                        String action = status.equals("enabled") ? "enabling" : "disabling";
                        throw CliException.wrap(action + " task " + id, e);
                    }
                }
                if (tasks.size() != LIMIT) {
                    break;
                }
                offset += LIMIT;
            }
        }
    }

    void reload(List<String> patterns) throws UsageException, CliException {
        if (patterns.isEmpty()) {
            throw new UsageException("reload", "Must pass at least one task ID");
        }
        setStatus("reload", patterns, "disabled");
        setStatus("reload", patterns, "enabled");
    }

    // ---- delete ----

    void delete(List<String> args) throws UsageException, CliException {
        if (args.size() < 2) {
            throw new UsageException("delete", "Must pass at least one ID");
        }
        String kind = args.get(0);
        List<String> patterns = args.subList(1, args.size());
        switch (kind) {
            case "tasks" -> {
                for (String pattern : patterns) {
                    deleteAll(() -> client.listTasks(pattern, List.of("link"), 0, LIMIT), KapacitorClient.TASKS);
                }
            }
            case "templates" -> {
                for (String pattern : patterns) {
                    deleteAll(() -> client.listTemplates(pattern, List.of("link"), 0, LIMIT),
                            KapacitorClient.TEMPLATES);
                }
            }
            case "topics" -> {
                for (String pattern : patterns) {
                    for (JsonNode t : client.listTopics(pattern)) {
                        client.delete(href(t, KapacitorClient.join(KapacitorClient.TOPICS, Tables.text(t, "id"))));
                    }
                }
            }
            case "topic-handlers" -> {
                if (patterns.size() < 2) {
                    throw new UsageException("delete",
                            "Must pass a topic and at least one handler ID or pattern");
                }
                String topic = patterns.get(0);
                String handlersHref = KapacitorClient.topicHandlersHref(topic);
                for (String pattern : patterns.subList(1, patterns.size())) {
                    for (JsonNode h : client.listTopicHandlers(handlersHref, pattern)) {
                        client.delete(href(h, KapacitorClient.topicHandlerHref(topic, Tables.text(h, "id"))));
                    }
                }
            }
            default -> throw new CliException("cannot delete '" + kind
                    + "' did you mean 'tasks', 'templates', 'topics' or 'topic-handlers'?");
        }
    }

    private interface Lister {
        List<JsonNode> list() throws CliException;
    }

    /** Deletes page by page until a page comes back short, as the kapacitor CLI does. */
    private void deleteAll(Lister lister, String collection) throws CliException {
        int rounds = 0;
        while (true) {
            List<JsonNode> page = lister.list();
            for (JsonNode item : page) {
                client.delete(href(item, KapacitorClient.join(collection, Tables.text(item, "id"))));
            }
            if (page.size() != LIMIT) {
                return;
            }
            if (++rounds > 100_000) {
                throw new CliException("the server keeps listing items after they were deleted");
            }
        }
    }

    // ---- list ----

    void list(List<String> args) throws UsageException, CliException {
        if (args.isEmpty()) {
            throw new UsageException("list",
                    "Must specify 'tasks', 'templates', 'topics', 'topic-handlers' or 'service-tests'");
        }
        String kind = args.get(0);
        List<String> patterns = args.size() >= 2 ? args.subList(1, args.size()) : List.of("");
        switch (kind) {
            case "tasks" -> {
                List<JsonNode> all = new ArrayList<>();
                for (String pattern : patterns) {
                    all.addAll(paged(offset -> client.listTasks(pattern,
                            List.of("type", "status", "executing", "dbrps"), offset, LIMIT)));
                }
                out.print(Tables.tasks(all));
            }
            case "templates" -> {
                List<JsonNode> all = new ArrayList<>();
                for (String pattern : patterns) {
                    all.addAll(paged(offset -> client.listTemplates(pattern, List.of("type", "vars"), offset,
                            LIMIT)));
                }
                out.print(Tables.templates(all));
            }
            case "topics" -> {
                List<JsonNode> all = new ArrayList<>();
                for (String pattern : patterns) {
                    all.addAll(client.listTopics(pattern));
                }
                out.print(Tables.topics(all));
            }
            case "topic-handlers" -> {
                List<JsonNode> topics = client.listTopics(patterns.get(0));
                List<String> handlerPatterns = patterns.size() > 1 ? patterns.subList(1, patterns.size())
                        : List.of("");
                List<Tables.HandlerRow> rows = new ArrayList<>();
                for (JsonNode topic : topics) {
                    String topicId = Tables.text(topic, "id");
                    String handlersHref = linkHref(topic, "handlers-link",
                            KapacitorClient.topicHandlersHref(topicId));
                    for (String pattern : handlerPatterns) {
                        for (JsonNode h : client.listTopicHandlers(handlersHref, pattern)) {
                            rows.add(new Tables.HandlerRow(topicId, Tables.text(h, "id"), Tables.text(h, "kind")));
                        }
                    }
                }
                out.print(Tables.topicHandlers(rows));
            }
            case "service-tests" -> {
                List<String> names = new ArrayList<>();
                for (String pattern : patterns) {
                    for (JsonNode s : client.listServiceTests(pattern)) {
                        names.add(Tables.text(s, "name"));
                    }
                }
                out.print(Tables.serviceTestNames(names));
            }
            default -> throw new CliException("cannot list '" + kind
                    + "' did you mean 'tasks', 'templates', 'topics', 'topic-handlers' or 'service-tests'?");
        }
    }

    private interface Page {
        List<JsonNode> get(int offset) throws CliException;
    }

    private static List<JsonNode> paged(Page page) throws CliException {
        List<JsonNode> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            List<JsonNode> p = page.get(offset);
            all.addAll(p);
            if (p.size() != LIMIT) {
                return all;
            }
            offset += LIMIT;
        }
    }

    // ---- show ----

    void show(List<String> args) throws UsageException, CliException, Help {
        FlagSet f = parse("show", showFlags(), args);
        if (f.args().size() != 1) {
            throw new UsageException("show", "Must specify one task ID");
        }
        JsonNode t = client.task(f.args().get(0), f.string("replay"));
        out.print(Tables.task(t, zone));
    }

    void showTemplate(List<String> args) throws UsageException, CliException {
        if (args.size() != 1) {
            throw new UsageException("show-template", "Must specify one template ID");
        }
        out.print(Tables.template(client.template(args.get(0)), zone));
    }

    void showTopicHandler(List<String> args) throws UsageException, CliException {
        if (args.size() != 2) {
            throw new UsageException("show-topic-handler", "Must specify both topic and handler IDs");
        }
        String topic = args.get(0);
        JsonNode h = client.topicHandler(KapacitorClient.topicHandlerHref(topic, args.get(1)));
        out.print(Tables.topicHandler(topic, h));
    }

    void showTopic(List<String> args) throws UsageException, CliException {
        if (args.size() != 1) {
            throw new UsageException("show-topic", "Must specify one topic ID");
        }
        String id = args.get(0);
        JsonNode topic = client.topic(id);
        List<JsonNode> events = client.listTopicEvents(
                linkHref(topic, "events-link", KapacitorClient.join(KapacitorClient.TOPICS, id, "events")));
        List<JsonNode> handlers = client.listTopicHandlers(
                linkHref(topic, "handlers-link", KapacitorClient.topicHandlersHref(id)), "");
        out.print(Tables.topic(topic, events, handlers, zone));
    }

    // ---- service tests ----

    void serviceTests(List<String> args) throws CliException {
        if (args.isEmpty()) {
            throw new CliException("must provide at least one service name or pattern.");
        }
        List<JsonNode> services = new ArrayList<>();
        for (String pattern : args) {
            services.addAll(client.listServiceTests(pattern));
        }
        List<Tables.TestResult> results = new ArrayList<>();
        for (JsonNode s : services) {
            String name = Tables.text(s, "name");
            JsonNode r = client.doServiceTest(href(s, KapacitorClient.join(KapacitorClient.SERVICE_TESTS, name)),
                    json.createObjectNode());
            results.add(new Tables.TestResult(name, r.path("success").asBoolean(false), Tables.text(r, "message")));
        }
        out.print(Tables.serviceTestResults(results));
    }

    // ---- helpers ----

    /** The resource's {@code link.href}, or {@code fallback} when the server sent none. */
    private static String href(JsonNode resource, String fallback) {
        return linkHref(resource, "link", fallback);
    }

    private static String linkHref(JsonNode resource, String field, String fallback) {
        String h = Tables.text(resource == null ? null : resource.get(field), "href");
        return h.isEmpty() ? fallback : h;
    }

    private static void putIfNotEmpty(ObjectNode body, String key, String value) {
        if (value != null && !value.isEmpty()) {
            body.put(key, value);
        }
    }
}
