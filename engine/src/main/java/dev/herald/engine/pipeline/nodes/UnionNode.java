package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code a|union(b, ...)}: passes on what any parent sends, in arrival order, with the measurement renamed to
 * {@code .rename()} when given. Unlike Kapacitor, it does not buffer to merge the parents in time order.
 */
final class UnionNode extends StreamNode {
    private final String rename;

    private UnionNode(String name, String rename) {
        super(name);
        this.rename = rename;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        NodeProperties props = new NodeProperties(node);
        String rename = props.string("rename").orElse("");
        props.rejectUnknown();
        return new UnionNode(Nodes.name(node), rename);
    }

    private Point renamed(Point p) {
        return new Point(p.database(), p.retentionPolicy(), rename, p.tags(), p.fields(), p.time());
    }

    @Override
    public void receive(Message message) {
        if (rename.isEmpty()) {
            emit(message);
        } else if (message instanceof Message.PointMessage pm) {
            emit(new Message.PointMessage(renamed(pm.point()), pm.group()));
        } else if (message instanceof Message.BatchMessage bm) {
            List<Point> out = new ArrayList<>(bm.points().size());
            for (Point p : bm.points()) {
                out.add(renamed(p));
            }
            emit(new Message.BatchMessage(rename, bm.group(), bm.tags(), bm.time(), out));
        }
    }
}
