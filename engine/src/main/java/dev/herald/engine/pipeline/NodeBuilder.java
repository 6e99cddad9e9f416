package dev.herald.engine.pipeline;

import dev.herald.engine.tick.PipelineNode;

/** Builds the runtime of one kind of TICKscript node from its parsed form. */
@FunctionalInterface
public interface NodeBuilder {
    /**
     * Builds the node.
     *
     * @throws dev.herald.engine.tick.TickscriptException naming line and column of a bad property
     */
    StreamNode build(PipelineNode node, TaskContext context);
}
