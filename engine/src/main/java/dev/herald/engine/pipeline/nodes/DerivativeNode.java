package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code |derivative('field')}: the rate of change of a numeric field between consecutive points of a group, per
 * {@code .unit()} (default 1s), stored under {@code .as()} (default: the field itself, replacing it) as a float.
 * The first point of a group (and of each batch) only primes the state; with {@code .nonNegative()} decreases are
 * dropped; points with the same time as the previous one are dropped with an error; points whose field is missing
 * or not numeric are dropped and do not become the previous point.
 */
final class DerivativeNode extends StreamNode {
    private final String field;
    private final String as;
    private final Duration unit;
    private final boolean nonNegative;
    private final TaskContext context;
    private final Map<String, Point> previous = new HashMap<>();

    private DerivativeNode(String name, String field, String as, Duration unit, boolean nonNegative,
            TaskContext context) {
        super(name);
        this.field = field;
        this.as = as;
        this.unit = unit;
        this.nonNegative = nonNegative;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 1, 1, "a field name");
        String field = Nodes.stringArg(node, 0, "field");
        NodeProperties props = new NodeProperties(node);
        String as = props.string("as").orElse(field);
        Duration unit = props.duration("unit").orElse(Duration.ofSeconds(1));
        boolean nonNegative = props.flag("nonNegative");
        props.rejectUnknown();
        Nodes.positive(unit, Nodes.at(props, "unit", node), "unit");
        return new DerivativeNode(Nodes.name(node), field, as, unit, nonNegative, context);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            String key = pm.group().id();
            Point[] prev = {previous.get(key)};
            Point out = derive(prev, pm.point());
            if (prev[0] != null) {
                previous.put(key, prev[0]);
            }
            if (out != null) {
                emit(new Message.PointMessage(out, pm.group()));
            }
        } else if (message instanceof Message.BatchMessage bm) {
            Point[] prev = {null};
            List<Point> out = new ArrayList<>();
            for (Point p : bm.points()) {
                Point d = derive(prev, p);
                if (d != null) {
                    out.add(d);
                }
            }
            emit(Nodes.withPoints(bm, out));
        }
    }

    /** The derived point or null; updates {@code prev[0]} when the point becomes the previous one. */
    private Point derive(Point[] prev, Point p) {
        Double f1 = Nodes.number(p.fields().get(field));
        if (f1 == null) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: cannot perform derivative: field {1} is the "
                    + "wrong type", name(), field);
            return null;
        }
        Point before = prev[0];
        prev[0] = p;
        if (before == null) {
            return null;
        }
        double f0 = Nodes.number(before.fields().get(field));
        long elapsed = Nodes.nanos(p.time()) - Nodes.nanos(before.time());
        if (elapsed == 0) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: cannot perform derivative: elapsed time was 0",
                    name());
            return null;
        }
        double diff = f1 - f0;
        if (nonNegative && diff < 0) {
            return null;
        }
        double value = diff / ((double) elapsed / (double) unit.toNanos());
        Map<String, Object> fields = new HashMap<>(p.fields());
        fields.put(as, value);
        return Nodes.withFields(p, fields);
    }
}
