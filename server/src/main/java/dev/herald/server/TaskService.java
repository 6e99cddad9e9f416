package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.Herald;
import dev.herald.engine.TaskState;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.task.Dbrp;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.Program;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Tasks and templates: Kapacitor's task store. Definitions are validated by the engine before they are stored;
 * the store is the source of truth, the engine runs what is enabled.
 */
final class TaskService {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.tasks");
    private static final Pattern VALID_ID = Pattern.compile("^[-._\\p{L}0-9]+$");

    private final Herald herald;
    private final Store store;
    private final TopicState topicState;
    private final Clock clock;
    private final Map<String, StoredTask> tasks = new TreeMap<>();
    private final Map<String, StoredTemplate> templates = new TreeMap<>();

    TaskService(Herald herald, Store store, TopicState topicState, Clock clock) {
        this.herald = herald;
        this.store = store;
        this.topicState = topicState;
        this.clock = clock;
    }

    // ---- start-up --------------------------------------------------------------------------------------------

    /** Loads stored templates and tasks and starts the enabled tasks; a task that cannot start keeps its error. */
    synchronized void restore() {
        for (Store.Row row : store.list(Store.Table.TEMPLATES)) {
            StoredTemplate t = StoredTemplate.fromDoc(row.doc());
            templates.put(t.id(), t);
        }
        for (Store.Row row : store.list(Store.Table.TASKS)) {
            StoredTask t = StoredTask.fromDoc(row.doc());
            try {
                herald.defineTask(spec(t));
                t = t.withError("");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "task " + t.id() + " cannot start: " + e.getMessage());
                t = t.withError(e.getMessage());
            }
            tasks.put(t.id(), t);
        }
    }

    // ---- tasks -----------------------------------------------------------------------------------------------

    synchronized Optional<StoredTask> task(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    synchronized List<StoredTask> tasks() {
        return List.copyOf(tasks.values());
    }

    boolean executing(String id) {
        return herald.task(id).map(TaskState::executing).orElse(false);
    }

    /** What the running task's {@code |httpOut(endpoint)} holds now; empty when the task has no such endpoint running. */
    Optional<List<dev.herald.core.event.SeriesRow>> httpOut(String id, String endpoint) {
        if (!executing(id)) {
            return Optional.empty();
        }
        return dev.herald.engine.pipeline.nodes.HttpOutNode.find(herald.topics(), id, endpoint)
                .map(dev.herald.engine.pipeline.nodes.HttpOutNode::result);
    }

    /** Kapacitor's {@code POST /tasks}. */
    synchronized StoredTask create(ObjectNode body) {
        String id = text(body, "id");
        if (id.isEmpty()) {
            id = UUID.randomUUID().toString();
        }
        if (!VALID_ID.matcher(id).matches()) {
            throw ApiException.badRequest("task ID must contain only letters, numbers, '-', '.' and '_'. \"" + id
                    + "\"");
        }
        if (tasks.containsKey(id)) {
            throw ApiException.badRequest("task " + id + " already exists");
        }
        String templateId = text(body, "template-id");
        String script;
        if (!templateId.isEmpty()) {
            StoredTemplate template = templates.get(templateId);
            if (template == null) {
                throw ApiException.badRequest("unknown template " + templateId
                        + ": define it first with POST /kapacitor/v1/templates");
            }
            script = template.script();
        } else {
            script = text(body, "script");
            if (script.isEmpty()) {
                throw ApiException.badRequest("must provide TICKscript (field \"script\")");
            }
        }
        boolean enabled = status(body).orElse(false);
        ObjectNode vars = body.path("vars").isObject() ? (ObjectNode) body.get("vars")
                : Json.MAPPER.createObjectNode();
        Map<String, Expr> exprs = TaskVars.toExprs(vars);
        Program program = Tickscript.parse(script, exprs);
        List<Dbrp> dbrps = resolveDbrps(program, StoredTask.dbrps(body.get("dbrps")), List.of(), true);
        Instant now = clock.instant();
        StoredTask task = new StoredTask(id, templateId, typeOf(program), dbrps, script, vars, enabled, now, now,
                enabled ? now : null, "");
        herald.defineTask(spec(task));
        try {
            store.put(Store.Table.TASKS, "", id, task.toDoc());
        } catch (RuntimeException e) {
            herald.deleteTask(id);
            throw e;
        }
        tasks.put(id, task);
        LOG.log(System.Logger.Level.INFO, "defined task " + id + (enabled ? " (enabled)" : " (disabled)"));
        return task;
    }

    /** Kapacitor's {@code PATCH /tasks/<id>}: change script, dbrps, vars, template, id or status. */
    synchronized StoredTask update(String id, ObjectNode body) {
        StoredTask original = tasks.get(id);
        if (original == null) {
            throw ApiException.notFound("task " + id + " does not exist, cannot update");
        }
        String newId = text(body, "id").isEmpty() ? id : text(body, "id");
        if (!VALID_ID.matcher(newId).matches()) {
            throw ApiException.badRequest("task ID must contain only letters, numbers, '-', '.' and '_'. \""
                    + newId + "\"");
        }
        if (!newId.equals(id) && tasks.containsKey(newId)) {
            throw ApiException.badRequest("task " + newId + " already exists");
        }
        String templateId = text(body, "template-id").isEmpty() ? original.templateId() : text(body, "template-id");
        String script = original.script();
        if (!templateId.isEmpty()) {
            StoredTemplate template = templates.get(templateId);
            if (template == null) {
                throw ApiException.badRequest("unknown template " + templateId);
            }
            script = template.script();
        } else if (!text(body, "script").isEmpty()) {
            script = text(body, "script");
        }
        ObjectNode vars = original.vars();
        if (body.path("vars").isObject() && body.get("vars").size() > 0) {
            vars = (ObjectNode) body.get("vars");
        }
        Program program = Tickscript.parse(script, TaskVars.toExprs(vars));
        List<Dbrp> dbrps = resolveDbrps(program, StoredTask.dbrps(body.get("dbrps")), original.dbrps(), false);
        boolean enabled = status(body).orElse(original.enabled());
        Instant now = clock.instant();
        Instant lastEnabled = enabled && !original.enabled() ? now : original.lastEnabled();
        StoredTask updated = new StoredTask(newId, templateId, typeOf(program), dbrps, script, vars, enabled,
                original.created(), now, lastEnabled, "");
        herald.defineTask(spec(updated));
        if (!newId.equals(id)) {
            herald.deleteTask(id);
        }
        store.write(w -> {
            if (!newId.equals(id)) {
                w.delete(Store.Table.TASKS, "", id);
            }
            w.put(Store.Table.TASKS, "", newId, updated.toDoc());
        });
        tasks.remove(id);
        tasks.put(newId, updated);
        LOG.log(System.Logger.Level.INFO, "updated task " + newId + (enabled ? " (enabled)" : " (disabled)"));
        return updated;
    }

    /** Deletes a task, its anonymous topics and their stored state; false when there was none. */
    synchronized boolean delete(String id) {
        StoredTask task = tasks.remove(id);
        if (task == null) {
            return false;
        }
        herald.deleteTask(id);
        store.delete(Store.Table.TASKS, "", id);
        topicState.deleteTopicsWithPrefix(TaskContext.TASK_MASTER_ID + ":" + id + ":");
        LOG.log(System.Logger.Level.INFO, "deleted task " + id);
        return true;
    }

    /** Defines or replaces a task from a load directory (enabled), keeping its creation time. */
    synchronized StoredTask load(ObjectNode body) {
        String id = text(body, "id");
        if (tasks.containsKey(id)) {
            ObjectNode patch = body.deepCopy();
            patch.put("status", "enabled");
            return update(id, patch);
        }
        body.put("status", "enabled");
        return create(body);
    }

    private Optional<Boolean> status(ObjectNode body) {
        String s = text(body, "status");
        return switch (s) {
            case "" -> Optional.empty();
            case "enabled" -> Optional.of(true);
            case "disabled" -> Optional.of(false);
            default -> throw ApiException.badRequest("invalid status \"" + s + "\": use \"enabled\" or \"disabled\"");
        };
    }

    private static List<Dbrp> resolveDbrps(Program program, List<Dbrp> given, List<Dbrp> previous,
            boolean creating) {
        List<Dbrp> fromScript = new ArrayList<>();
        for (Statement.Dbrp d : program.dbrps()) {
            fromScript.add(new Dbrp(d.database(), d.retentionPolicy()));
        }
        if (!fromScript.isEmpty() && !given.isEmpty()) {
            throw ApiException.badRequest("cannot specify dbrp in both implicitly (dbrp statement in the script) "
                    + "and explicitly (\"dbrps\" field)");
        }
        if (!fromScript.isEmpty()) {
            return fromScript;
        }
        if (!given.isEmpty()) {
            return given;
        }
        if (creating || previous.isEmpty()) {
            throw ApiException.badRequest("must specify dbrp: add \"dbrps\": [{\"db\": \"telegraf\", \"rp\": "
                    + "\"autogen\"}] or a dbrp \"telegraf\".\"autogen\" statement to the script");
        }
        return previous;
    }

    private static String typeOf(Program program) {
        for (PipelineNode root : program.roots()) {
            if (root.name().equals("batch")) {
                return "batch";
            }
        }
        return "stream";
    }

    private static TaskSpec spec(StoredTask t) {
        return new TaskSpec(t.id(), t.type(), t.dbrps(), t.script(), t.enabled(), TaskVars.toExprs(t.vars()));
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field \"" + field + "\" must be a string, got " + v);
        }
        return v.asText();
    }

    /** Graphviz text of a script's pipeline, as Kapacitor's {@code dot} field. */
    static String dot(String id, String script, Map<String, Expr> vars) {
        Program program;
        try {
            program = Tickscript.parse(script, vars);
        } catch (RuntimeException e) {
            return "";
        }
        StringBuilder sb = new StringBuilder("digraph ").append(id).append(" {\n");
        for (PipelineNode node : program.nodes()) {
            for (PipelineNode child : node.children()) {
                sb.append(node.name()).append(node.id()).append(" -> ").append(child.name()).append(child.id())
                        .append(";\n");
            }
        }
        return sb.append('}').toString();
    }

    // ---- templates -------------------------------------------------------------------------------------------

    synchronized Optional<StoredTemplate> template(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    synchronized List<StoredTemplate> templates() {
        return List.copyOf(templates.values());
    }

    synchronized StoredTemplate createTemplate(ObjectNode body) {
        String id = text(body, "id");
        if (id.isEmpty()) {
            id = UUID.randomUUID().toString();
        }
        if (!VALID_ID.matcher(id).matches()) {
            throw ApiException.badRequest("template ID must contain only letters, numbers, '-', '.' and '_'. \""
                    + id + "\"");
        }
        if (templates.containsKey(id)) {
            throw ApiException.badRequest("template " + id + " already exists");
        }
        String script = text(body, "script");
        if (script.isEmpty()) {
            throw ApiException.badRequest("must provide TICKscript (field \"script\")");
        }
        Program program = Tickscript.parse(script);
        Instant now = clock.instant();
        StoredTemplate t = new StoredTemplate(id, typeOf(program), script, now, now);
        store.put(Store.Table.TEMPLATES, "", id, t.toDoc());
        templates.put(id, t);
        return t;
    }

    /** Changes a template and re-defines every task made from it; nothing changes if one of them fails. */
    synchronized StoredTemplate updateTemplate(String id, ObjectNode body) {
        StoredTemplate original = templates.get(id);
        if (original == null) {
            throw ApiException.notFound("template " + id + " does not exist, cannot update");
        }
        String newId = text(body, "id").isEmpty() ? id : text(body, "id");
        if (!VALID_ID.matcher(newId).matches()) {
            throw ApiException.badRequest("template ID must contain only letters, numbers, '-', '.' and '_'. \""
                    + newId + "\"");
        }
        if (!newId.equals(id) && templates.containsKey(newId)) {
            throw ApiException.badRequest("template " + newId + " already exists");
        }
        String script = text(body, "script").isEmpty() ? original.script() : text(body, "script");
        Program program = Tickscript.parse(script);
        StoredTemplate updated = new StoredTemplate(newId, typeOf(program), script, original.created(),
                clock.instant());
        List<StoredTask> changed = new ArrayList<>();
        List<StoredTask> previous = new ArrayList<>();
        try {
            for (StoredTask t : tasks.values()) {
                if (!t.templateId().equals(id)) {
                    continue;
                }
                Program p = Tickscript.parse(script, TaskVars.toExprs(t.vars()));
                List<Dbrp> dbrps = p.dbrps().isEmpty() ? t.dbrps() : p.dbrps().stream()
                        .map(d -> new Dbrp(d.database(), d.retentionPolicy())).toList();
                StoredTask nt = new StoredTask(t.id(), newId, typeOf(p), dbrps, script, t.vars(), t.enabled(),
                        t.created(), updated.modified(), t.lastEnabled(), "");
                previous.add(t);
                herald.defineTask(spec(nt));
                changed.add(nt);
            }
        } catch (RuntimeException e) {
            for (StoredTask t : previous) {
                try {
                    herald.defineTask(spec(t));
                } catch (RuntimeException again) {
                    LOG.log(System.Logger.Level.ERROR, "rolling back task " + t.id() + " failed: " + again);
                }
            }
            String which = previous.isEmpty() ? "" : "task " + previous.get(previous.size() - 1).id() + ": ";
            throw ApiException.badRequest("template update rejected, " + which + e.getMessage());
        }
        store.write(w -> {
            if (!newId.equals(id)) {
                w.delete(Store.Table.TEMPLATES, "", id);
            }
            w.put(Store.Table.TEMPLATES, "", newId, updated.toDoc());
            for (StoredTask t : changed) {
                w.put(Store.Table.TASKS, "", t.id(), t.toDoc());
            }
        });
        templates.remove(id);
        templates.put(newId, updated);
        changed.forEach(t -> tasks.put(t.id(), t));
        return updated;
    }

    synchronized boolean deleteTemplate(String id) {
        if (templates.remove(id) == null) {
            return false;
        }
        store.delete(Store.Table.TEMPLATES, "", id);
        return true;
    }

    // ---- cluster mode ------------------------------------------------------------------------------------------

    /**
     * Makes task {@code id} what another node stored ({@code doc}), or deletes it ({@code doc} empty): defined or
     * replaced in the engine, stored here. A task this node cannot start keeps the error, as at start-up.
     */
    synchronized void applyShared(String id, Optional<String> doc) {
        if (doc.isEmpty()) {
            delete(id);
            return;
        }
        StoredTask t = StoredTask.fromDoc(doc.get());
        try {
            herald.defineTask(spec(t));
            t = t.withError("");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "shared task " + id + " cannot start here: " + e.getMessage());
            t = t.withError(e.getMessage());
        }
        store.put(Store.Table.TASKS, "", id, doc.get());
        tasks.put(id, t);
        LOG.log(System.Logger.Level.INFO, "task " + id + " defined by another node");
    }

    /** Makes template {@code id} what another node stored, or deletes it; its tasks come as their own changes. */
    synchronized void applySharedTemplate(String id, Optional<String> doc) {
        if (doc.isEmpty()) {
            deleteTemplate(id);
            return;
        }
        StoredTemplate t = StoredTemplate.fromDoc(doc.get());
        store.put(Store.Table.TEMPLATES, "", id, doc.get());
        templates.put(id, t);
    }

    /** Defines or replaces a template from a load directory. */
    synchronized StoredTemplate loadTemplate(String id, String script) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", id).put("script", script);
        return templates.containsKey(id) ? updateTemplate(id, body) : createTemplate(body);
    }
}
