package dev.herald.engine.pipeline;

import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/** {@code |groupBy('host', ...)} (or {@code *}), with {@code .byMeasurement()}: regroups points. */
final class GroupByNode extends StreamNode {
    private final Grouping grouping;

    private GroupByNode(String name, Grouping grouping) {
        super(name);
        this.grouping = grouping;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        List<String> dims = new ArrayList<>();
        boolean all = false;
        for (Expr arg : node.args()) {
            if (arg instanceof Expr.Star) {
                all = true;
            } else {
                dims.add(NodeProperties.asString(arg, node.position(), "groupBy"));
            }
        }
        NodeProperties props = new NodeProperties(node);
        boolean byName = props.flag("byMeasurement");
        props.rejectUnknown();
        return new GroupByNode(node.name() + node.id(), new Grouping(dims, all, byName));
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            emit(new Message.PointMessage(pm.point(), grouping.groupOf(pm.point())));
        } else {
            emit(message);
        }
    }
}
