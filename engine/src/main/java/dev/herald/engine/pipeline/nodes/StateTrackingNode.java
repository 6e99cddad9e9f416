package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.PointExpression;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code |stateDuration(lambda)} and {@code |stateCount(lambda)}: how long (in {@code .unit()}s, default 1s, a
 * float) or for how many consecutive points (an integer) the expression has been true in the group, stored under
 * {@code .as()} (defaults {@code state_duration}, {@code state_count}); {@code -1} while it is false. The state
 * restarts with each batch. A point whose expression fails is dropped with an error.
 */
final class StateTrackingNode extends StreamNode {
    private final PointExpression expression;
    private final String as;
    private final Duration unit;
    private final boolean duration;
    private final TaskContext context;
    private final Map<String, Tracker> trackers = new HashMap<>();

    private static final class Tracker {
        Instant start;
        long count;

        void reset() {
            start = null;
            count = 0;
        }
    }

    private StateTrackingNode(String name, PointExpression expression, String as, Duration unit, boolean duration,
            TaskContext context) {
        super(name);
        this.expression = expression;
        this.as = as;
        this.unit = unit;
        this.duration = duration;
        this.context = context;
    }

    static StreamNode buildDuration(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 1, 1, "one lambda expression");
        PointExpression e = PointExpression.of(Nodes.lambdaArg(node, 0, "expression"));
        NodeProperties props = new NodeProperties(node);
        String as = props.string("as").orElse("state_duration");
        Duration unit = props.duration("unit").orElse(Duration.ofSeconds(1));
        props.rejectUnknown();
        Nodes.positive(unit, Nodes.at(props, "unit", node), "unit");
        return new StateTrackingNode(Nodes.name(node), e, as, unit, true, context);
    }

    static StreamNode buildCount(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 1, 1, "one lambda expression");
        PointExpression e = PointExpression.of(Nodes.lambdaArg(node, 0, "expression"));
        NodeProperties props = new NodeProperties(node);
        String as = props.string("as").orElse("state_count");
        props.rejectUnknown();
        return new StateTrackingNode(Nodes.name(node), e, as, Duration.ZERO, false, context);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            Tracker t = trackers.computeIfAbsent(pm.group().id(), k -> new Tracker());
            Point out = track(t, pm.point(), pm.group());
            if (out != null) {
                emit(new Message.PointMessage(out, pm.group()));
            }
        } else if (message instanceof Message.BatchMessage bm) {
            Tracker t = trackers.computeIfAbsent(bm.group().id(), k -> new Tracker());
            t.reset();
            List<Point> out = new ArrayList<>();
            for (Point p : bm.points()) {
                Point o = track(t, p, bm.group());
                if (o != null) {
                    out.add(o);
                }
            }
            emit(Nodes.withPoints(bm, out));
        }
    }

    private Point track(Tracker t, Point p, GroupId group) {
        boolean in;
        try {
            in = expression.test(p, group);
        } catch (LambdaException e) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: error while evaluating expression: {1}", name(),
                    e.getMessage());
            return null;
        }
        Object value;
        if (!in) {
            t.reset();
            value = duration ? (Object) (-1.0) : (Object) (-1L);
        } else if (duration) {
            if (t.start == null) {
                t.start = p.time();
            }
            value = (double) (Nodes.nanos(p.time()) - Nodes.nanos(t.start)) / (double) unit.toNanos();
        } else {
            t.count++;
            value = t.count;
        }
        Map<String, Object> fields = new HashMap<>(p.fields());
        fields.put(as, value);
        return Nodes.withFields(p, fields);
    }
}
