package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code |changeDetect('field', ...)}: passes a point only when one of the fields differs from the last passed
 * point of its group (the first point always passes). A missing field is logged and ignored for that comparison;
 * values of different types differ. The state restarts with each batch.
 */
final class ChangeDetectNode extends StreamNode {
    private final List<String> fields;
    private final TaskContext context;
    private final Map<String, Point> previous = new HashMap<>();

    private ChangeDetectNode(String name, List<String> fields, TaskContext context) {
        super(name);
        this.fields = fields;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        if (node.args().isEmpty()) {
            Nodes.arity(node, 1, Integer.MAX_VALUE, "one or more field names");
        }
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < node.args().size(); i++) {
            fields.add(Nodes.stringArg(node, i, "field"));
        }
        new NodeProperties(node).rejectUnknown();
        return new ChangeDetectNode(Nodes.name(node), List.copyOf(fields), context);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            String key = pm.group().id();
            if (changed(previous.get(key), pm.point())) {
                previous.put(key, pm.point());
                emit(pm);
            }
        } else if (message instanceof Message.BatchMessage bm) {
            Point prev = null;
            List<Point> out = new ArrayList<>();
            for (Point p : bm.points()) {
                if (changed(prev, p)) {
                    prev = p;
                    out.add(p);
                }
            }
            emit(Nodes.withPoints(bm, out));
        }
    }

    private boolean changed(Point prev, Point p) {
        for (String f : fields) {
            Object v = p.fields().get(f);
            if (v == null) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: invalid field in change detect: expected "
                        + "field {1} not found", name(), f);
                continue;
            }
            if (prev == null || !Objects.equals(prev.fields().get(f), v)) {
                return true;
            }
        }
        return false;
    }
}
