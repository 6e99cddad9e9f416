package dev.herald.server;

import dev.herald.engine.tick.Program;
import dev.herald.engine.tick.Tickscript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /kapacitor/v1/tasks} and {@code /kapacitor/v1/templates}, shaped as Kapacitor's task store answers. */
final class TasksApi {
    static final String TASKS = Paths.BASE + "/tasks";
    static final String TEMPLATES = Paths.BASE + "/templates";
    private static final List<String> TASK_FIELDS = List.of("link", "id", "type", "dbrps", "script", "dot",
            "status", "executing", "error", "stats", "created", "modified", "last-enabled", "vars", "template-id");
    private static final List<String> TEMPLATE_FIELDS = List.of("link", "id", "type", "script", "dot", "error",
            "created", "modified");

    private final TaskService service;

    TasksApi(TaskService service) {
        this.service = service;
    }

    void register(Router router) {
        router.add("GET", TASKS, this::listTasks)
                .add("POST", TASKS, r -> Reply.ok(taskView(service.create(r.jsonObject()), "formatted", "attributes")))
                .add("GET", TASKS + "/{id}", this::showTask)
                .add("PATCH", TASKS + "/{id}", r -> Reply.ok(taskView(service.update(r.param("id"),
                        r.jsonObject()), "formatted", "attributes")))
                .add("GET", TASKS + "/{id}/{endpoint}", this::httpOut)
                .add("DELETE", TASKS + "/{id}", r -> {
                    if (!service.delete(r.param("id"))) {
                        throw ApiException.notFound("no task exists with id \"" + r.param("id") + "\"");
                    }
                    return Reply.noContent();
                })
                .add("GET", TEMPLATES, this::listTemplates)
                .add("POST", TEMPLATES, r -> Reply.ok(templateView(service.createTemplate(r.jsonObject()),
                        "formatted")))
                .add("GET", TEMPLATES + "/{id}", this::showTemplate)
                .add("PATCH", TEMPLATES + "/{id}", r -> Reply.ok(templateView(service.updateTemplate(r.param("id"),
                        r.jsonObject()), "formatted")))
                .add("DELETE", TEMPLATES + "/{id}", r -> {
                    if (!service.deleteTemplate(r.param("id"))) {
                        throw ApiException.notFound("no template exists with id \"" + r.param("id") + "\"");
                    }
                    return Reply.noContent();
                });
    }

    /**
     * Kapacitor's httpOut endpoint: the last point or batch of each group, compact JSON as Go's {@code json.Marshal}
     * writes a {@code models.Result}; 404 unless the task runs with that endpoint.
     */
    private Reply httpOut(Request r) {
        String id = r.param("id");
        String endpoint = r.param("endpoint");
        return service.httpOut(id, endpoint)
                .map(rows -> Reply.text(200, "application/json",
                        dev.herald.core.json.GoJson.encode(dev.herald.core.event.AlertEventJson.result(rows))))
                .orElseThrow(() -> ApiException.notFound("no httpOut endpoint \"" + endpoint + "\" in a running task \""
                        + id + "\""));
    }

    private static String scriptFormat(Request r) {
        String f = r.query("script-format");
        return switch (f) {
            case "", "formatted" -> "formatted";
            case "raw" -> "raw";
            default -> throw ApiException.badRequest("invalid script-format parameter \"" + f
                    + "\": use formatted or raw");
        };
    }

    private static String dotView(Request r) {
        String d = r.query("dot-view");
        return switch (d) {
            case "", "attributes" -> "attributes";
            case "labels" -> "labels";
            default -> throw ApiException.badRequest("invalid dot-view parameter \"" + d
                    + "\": use attributes or labels");
        };
    }

    private static int intParam(Request r, String name, int dflt) {
        String v = r.query(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid " + name + " parameter \"" + v + "\" must be a non-negative "
                    + "integer");
        }
    }

    private Reply showTask(Request r) {
        StoredTask t = service.task(r.param("id"))
                .orElseThrow(() -> ApiException.notFound("no task exists with id \"" + r.param("id") + "\""));
        return Reply.ok(taskView(t, scriptFormat(r), dotView(r)));
    }

    private Reply listTasks(Request r) {
        String pattern = r.query("pattern");
        List<String> fields = selected(r, TASK_FIELDS);
        String format = scriptFormat(r);
        String view = dotView(r);
        int offset = intParam(r, "offset", 0);
        int limit = intParam(r, "limit", 100);
        List<Object> out = new ArrayList<>();
        int seen = 0;
        for (StoredTask t : service.tasks()) {
            if (!Glob.matches(pattern, t.id())) {
                continue;
            }
            if (seen++ < offset) {
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            Map<String, Object> all = taskView(t, format, view);
            Map<String, Object> picked = new LinkedHashMap<>();
            for (String f : fields) {
                if (all.containsKey(f)) {
                    picked.put(f, all.get(f));
                }
            }
            out.add(picked);
        }
        return Reply.ok(Map.of("tasks", out));
    }

    private static List<String> selected(Request r, List<String> known) {
        List<String> fields = r.queryAll("fields");
        if (fields.isEmpty()) {
            return known;
        }
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            for (String one : f.split(",")) {
                if (!known.contains(one) && !one.equals("vars")) {
                    throw ApiException.badRequest("unsupported field \"" + one + "\"; fields: "
                            + String.join(", ", known));
                }
                out.add(one);
            }
        }
        out.add("id");
        out.add("link");
        return out;
    }

    Map<String, Object> taskView(StoredTask t, String scriptFormat, String dotView) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(TASKS + "/" + t.id()));
        m.put("id", t.id());
        m.put("template-id", t.templateId());
        m.put("type", t.type());
        m.put("dbrps", StoredTask.dbrpsJson(t.dbrps()));
        m.put("script", script(t.script(), scriptFormat));
        m.put("vars", t.vars());
        m.put("dot", TaskService.dot(t.id(), t.script(), TaskVars.toExprs(t.vars())));
        m.put("status", t.enabled() ? "enabled" : "disabled");
        boolean executing = service.executing(t.id());
        m.put("executing", executing);
        m.put("error", t.error());
        m.put("stats", Map.of());
        m.put("created", TimeText.format(t.created()));
        m.put("modified", TimeText.format(t.modified()));
        m.put("last-enabled", t.lastEnabled() == null ? "0001-01-01T00:00:00Z" : TimeText.format(t.lastEnabled()));
        return m;
    }

    private static String script(String script, String format) {
        if (format.equals("raw")) {
            return script;
        }
        try {
            return Tickscript.format(script);
        } catch (RuntimeException e) {
            return script;
        }
    }

    private Reply showTemplate(Request r) {
        StoredTemplate t = service.template(r.param("id"))
                .orElseThrow(() -> ApiException.notFound("no template exists with id \"" + r.param("id") + "\""));
        return Reply.ok(templateView(t, scriptFormat(r)));
    }

    private Reply listTemplates(Request r) {
        String pattern = r.query("pattern");
        List<String> fields = selected(r, TEMPLATE_FIELDS);
        String format = scriptFormat(r);
        int offset = intParam(r, "offset", 0);
        int limit = intParam(r, "limit", 100);
        List<Object> out = new ArrayList<>();
        int seen = 0;
        for (StoredTemplate t : service.templates()) {
            if (!Glob.matches(pattern, t.id())) {
                continue;
            }
            if (seen++ < offset) {
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            Map<String, Object> all = templateView(t, format);
            Map<String, Object> picked = new LinkedHashMap<>();
            for (String f : fields) {
                if (all.containsKey(f)) {
                    picked.put(f, all.get(f));
                }
            }
            out.add(picked);
        }
        return Reply.ok(Map.of("templates", out));
    }

    Map<String, Object> templateView(StoredTemplate t, String scriptFormat) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(TEMPLATES + "/" + t.id()));
        m.put("id", t.id());
        m.put("type", t.type());
        m.put("script", script(t.script(), scriptFormat));
        String error = "";
        Object vars = Map.of();
        try {
            Program p = Tickscript.parse(t.script());
            vars = TaskVars.ofProgram(p);
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        m.put("vars", vars);
        m.put("dot", TaskService.dot(t.id(), t.script(), Map.of()));
        m.put("error", error);
        m.put("created", TimeText.format(t.created()));
        m.put("modified", TimeText.format(t.modified()));
        return m;
    }
}
