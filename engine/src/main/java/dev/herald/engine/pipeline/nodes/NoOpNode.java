package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;

/** {@code |noOp()}: passes everything on unchanged, as Kapacitor's NoOpNode. */
final class NoOpNode extends StreamNode {
    private NoOpNode(String name) {
        super(name);
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        new NodeProperties(node).rejectUnknown();
        return new NoOpNode(Nodes.name(node));
    }

    @Override
    public void receive(Message message) {
        emit(message);
    }
}
