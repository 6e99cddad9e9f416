package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code |shift(duration)}: moves point and batch times by the (possibly negative) duration. */
final class ShiftNode extends StreamNode {
    private final Duration shift;

    private ShiftNode(String name, Duration shift) {
        super(name);
        this.shift = shift;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 1, 1, "a duration");
        Duration shift = Nodes.durationArg(node, 0, "duration");
        new NodeProperties(node).rejectUnknown();
        return new ShiftNode(Nodes.name(node), shift);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            Point p = pm.point();
            emit(new Message.PointMessage(Nodes.at(p, p.time().plus(shift)), pm.group()));
        } else if (message instanceof Message.BatchMessage bm) {
            List<Point> out = new ArrayList<>(bm.points().size());
            for (Point p : bm.points()) {
                out.add(Nodes.at(p, p.time().plus(shift)));
            }
            emit(new Message.BatchMessage(bm.name(), bm.group(), bm.tags(), bm.time().plus(shift), out));
        }
    }
}
