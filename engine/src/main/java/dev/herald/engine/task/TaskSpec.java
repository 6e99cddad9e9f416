package dev.herald.engine.task;

import dev.herald.engine.tick.ast.Expr;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task definition: what Kapacitor's {@code POST /tasks} takes.
 *
 * @param id      task id
 * @param type    {@code stream} or {@code batch}
 * @param dbrps   databases/retention policies the task reads
 * @param script  the TICKscript
 * @param enabled whether it runs
 * @param vars    values for template variables (an empty map for ordinary tasks)
 */
public record TaskSpec(String id, String type, List<Dbrp> dbrps, String script, boolean enabled,
        Map<String, Expr> vars) {
    public TaskSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        dbrps = List.copyOf(dbrps);
        Objects.requireNonNull(script, "script");
        vars = Map.copyOf(vars);
    }

    /** An enabled stream task with no vars. */
    public static TaskSpec stream(String id, String script, Dbrp... dbrps) {
        return new TaskSpec(id, "stream", List.of(dbrps), script, true, Map.of());
    }

    /** This spec enabled or disabled. */
    public TaskSpec withEnabled(boolean on) {
        return new TaskSpec(id, type, dbrps, script, on, vars);
    }
}
