package dev.herald.engine;

import dev.herald.engine.task.TaskSpec;
import java.time.Instant;
import java.util.Optional;

/**
 * A task as the engine holds it: its definition and whether it is executing.
 *
 * @param spec      the definition
 * @param executing whether it runs now
 * @param error     why it does not run although enabled, if so
 * @param created   when it was first defined
 * @param modified  when it was last changed
 * @param nodes     node names of the compiled pipeline ({@code stream0, from1, alert2})
 */
public record TaskState(TaskSpec spec, boolean executing, Optional<String> error, Instant created, Instant modified,
        java.util.List<String> nodes) {
}
