package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kapacitor's streaming InfluxQL transformations: {@code cumulativeSum('f')}, {@code difference('f')},
 * {@code elapsed('f', unit)} and {@code movingAverage('f', window)}. Each point of a group goes through the
 * group's reducer (InfluxDB's), and each result is emitted at once at the point's time with the group's tags and
 * one field, {@code .as()} (default: the function name). A batch gets a fresh reducer and comes out as a batch.
 *
 * <p>Types follow InfluxQL: {@code cumulativeSum} and {@code difference} keep an int or float field's type,
 * {@code movingAverage} is a float, {@code elapsed} an int (of any field type). The first value of a group fixes
 * its type; later values of another type are skipped with an error.
 */
final class TransformNode extends StreamNode {

    enum Function {
        CUMULATIVE_SUM("cumulativeSum"), DIFFERENCE("difference"), ELAPSED("elapsed"),
        MOVING_AVERAGE("movingAverage");

        final String tickName;

        Function(String tickName) {
            this.tickName = tickName;
        }
    }

    private final Function function;
    private final String field;
    private final String as;
    private final long unitNanos;
    private final int window;
    private final TaskContext context;
    private final Map<String, Reducer> groups = new HashMap<>();

    private TransformNode(String name, Function function, String field, String as, long unitNanos, int window,
            TaskContext context) {
        super(name);
        this.function = function;
        this.field = field;
        this.as = as;
        this.unitNanos = unitNanos;
        this.window = window;
        this.context = context;
    }

    static StreamNode build(Function function, PipelineNode node, TaskContext context) {
        long unit = 0;
        int window = 0;
        switch (function) {
            case ELAPSED -> {
                Nodes.arity(node, 2, 2, "a field name and a time unit");
                unit = Nodes.positive(Nodes.durationArg(node, 1, "unit"), node.position(), "elapsed unit").toNanos();
            }
            case MOVING_AVERAGE -> {
                Nodes.arity(node, 2, 2, "a field name and a window size");
                Expr w = node.args().get(1);
                if (!(w instanceof Expr.IntLit i)) {
                    throw NodeProperties.typeError(node.position(), "movingAverage window", "an int", w);
                }
                if (i.value() <= 0 || i.value() > 1_000_000) {
                    throw new TickscriptException(node.position(),
                            "movingAverage window must be between 1 and 1000000, got " + i.value());
                }
                window = (int) i.value();
            }
            default -> Nodes.arity(node, 1, 1, "a field name");
        }
        String field = Nodes.stringArg(node, 0, "field");
        NodeProperties props = new NodeProperties(node);
        String as = props.string("as").orElse(function.tickName);
        props.flag("usePointTimes"); // always point times, as in Kapacitor
        props.rejectUnknown();
        if (as.isEmpty()) {
            throw new TickscriptException(Nodes.at(props, "as", node), "as must not be empty");
        }
        return new TransformNode(Nodes.name(node), function, field, as, unit, window, context);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            Reducer r = groups.computeIfAbsent(pm.group().id(), k -> new Reducer());
            Point out = r.next(pm.point(), Nodes.groupTags(pm.group(), pm.point().tags()));
            if (out != null) {
                emit(new Message.PointMessage(out, pm.group()));
            }
        } else if (message instanceof Message.BatchMessage bm) {
            Reducer r = new Reducer();
            List<Point> out = new ArrayList<>();
            for (Point p : bm.points()) {
                Point o = r.next(p, bm.tags());
                if (o != null) {
                    out.add(o);
                }
            }
            emit(Nodes.withPoints(bm, out));
        }
    }

    /** One group's reducer state (InfluxDB's reducers for these functions). */
    private final class Reducer {
        /** Whether the values are ints (fixed by the first value; elapsed ignores it). */
        Boolean integer;
        double sum;
        long isum;
        boolean hasCurrent;
        long currentTime;
        double current;
        long icurrent;
        double[] buffer;
        int filled;
        int pos;

        Point next(Point p, Map<String, String> tags) {
            Object v = p.fields().get(field);
            if (v == null) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: field {1} missing from point", name(), field);
                return null;
            }
            long t = Nodes.nanos(p.time());
            Object result;
            if (function == Function.ELAPSED) {
                result = hasCurrent ? (t - currentTime) / unitNanos : null;
                hasCurrent = true;
                currentTime = t;
                return out(p, tags, result);
            }
            boolean isInt = v instanceof Long || v instanceof Integer;
            if (!isInt && !(v instanceof Double || v instanceof Float)) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: invalid influxql func {1} with field {2}: "
                        + "unsupported type", name(), function.tickName, field);
                return null;
            }
            if (integer == null) {
                integer = isInt;
            } else if (integer != isInt) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: field {1} has wrong type", name(), field);
                return null;
            }
            double d = ((Number) v).doubleValue();
            long l = ((Number) v).longValue();
            switch (function) {
                case CUMULATIVE_SUM -> {
                    if (integer) {
                        isum += l;
                        result = isum;
                    } else {
                        sum += d;
                        result = sum;
                    }
                }
                case DIFFERENCE -> {
                    if (hasCurrent && currentTime == t) {
                        return null; // a point that does not advance time is ignored
                    }
                    boolean hadPrevious = hasCurrent;
                    double before = current;
                    long ibefore = icurrent;
                    hasCurrent = true;
                    currentTime = t;
                    current = d;
                    icurrent = l;
                    result = !hadPrevious ? null : integer ? (Object) (l - ibefore) : (Object) (d - before);
                }
                default -> {
                    if (buffer == null) {
                        buffer = new double[window];
                    }
                    if (filled < window) {
                        buffer[filled++] = d;
                    } else {
                        sum -= buffer[pos];
                        buffer[pos] = d;
                    }
                    sum += d;
                    pos = (pos + 1) % window;
                    result = filled < window ? null : sum / filled;
                }
            }
            return out(p, tags, result);
        }

        private Point out(Point p, Map<String, String> tags, Object value) {
            if (value == null) {
                return null;
            }
            return new Point(p.database(), p.retentionPolicy(), p.name(), tags, Map.of(as, value), p.time());
        }
    }
}
