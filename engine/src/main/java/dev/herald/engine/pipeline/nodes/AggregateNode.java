package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The InfluxQL aggregate nodes of Kapacitor ({@code mean}, {@code sum}, {@code count}, {@code min}, {@code max},
 * {@code first}, {@code last}, {@code median}, {@code mode}, {@code percentile}, {@code stddev}, {@code spread},
 * {@code distinct}) over one field.
 *
 * <p>On a batch (a window) they emit one point per batch, timed as the batch, with the result under {@code .as()}
 * (default: the function name). Aggregates carry the group's tags; the selectors ({@code min}, {@code max},
 * {@code first}, {@code last}, {@code percentile}) emit the selected point, all its tags and fields, with the field
 * renamed. {@code .usePointTimes()} gives selectors the selected point's time. {@code distinct} emits a batch of
 * one point per distinct value. Empty batches produce {@code count = 0} and {@code sum = 0.0}, nothing for the
 * others. On single points, the points with the same time are aggregated, and emitted when a later time arrives.
 *
 * <p>Types follow InfluxQL: {@code count} is an integer; {@code mean}, {@code median} and {@code stddev} are
 * floats; the others keep the field's type. Points without the field, or whose field has another type than the
 * first point's, are skipped with an error in the log.
 */
final class AggregateNode extends StreamNode {

    private enum Kind {
        FLOAT, INTEGER, STRING, BOOLEAN;

        static Kind of(Object v) {
            if (v instanceof Double || v instanceof Float) {
                return FLOAT;
            }
            if (v instanceof Long || v instanceof Integer) {
                return INTEGER;
            }
            if (v instanceof String) {
                return STRING;
            }
            if (v instanceof Boolean) {
                return BOOLEAN;
            }
            return null;
        }
    }

    /** One function. */
    enum Method {
        COUNT("count", false, true, true, false),
        SUM("sum", false, true, false, false),
        MEAN("mean", false, false, false, false),
        MEDIAN("median", false, false, false, false),
        MODE("mode", false, false, false, false),
        SPREAD("spread", false, false, false, false),
        STDDEV("stddev", false, false, false, false),
        FIRST("first", true, false, true, false),
        LAST("last", true, false, true, false),
        MIN("min", true, false, false, false),
        MAX("max", true, false, false, false),
        PERCENTILE("percentile", true, false, false, false),
        DISTINCT("distinct", false, false, true, true);

        final String tickName;
        final boolean selector;
        final boolean emptyOk;
        final boolean anyType;
        final boolean batchOut;

        Method(String tickName, boolean selector, boolean emptyOk, boolean anyType, boolean batchOut) {
            this.tickName = tickName;
            this.selector = selector;
            this.emptyOk = emptyOk;
            this.anyType = anyType;
            this.batchOut = batchOut;
        }
    }

    private final Method method;
    private final String field;
    private final String as;
    private final double percentile;
    private final boolean pointTimes;
    private final TaskContext context;
    private final Map<String, Pending> pending = new HashMap<>();

    /** Points of one group at one time, for single-point input. */
    private static final class Pending {
        final List<Point> points = new ArrayList<>();
        Instant time;
    }

    private AggregateNode(String name, Method method, String field, String as, double percentile,
            boolean pointTimes, TaskContext context) {
        super(name);
        this.method = method;
        this.field = field;
        this.as = as;
        this.percentile = percentile;
        this.pointTimes = pointTimes;
        this.context = context;
    }

    static StreamNode build(Method method, PipelineNode node, TaskContext context) {
        double p = 0;
        if (method == Method.PERCENTILE) {
            Nodes.arity(node, 2, 2, "a field name and a percentile");
            p = NodeProperties.asNumber(node.args().get(1), node.position(), "percentile percentile");
        } else {
            Nodes.arity(node, 1, 1, "a field name");
        }
        String field = Nodes.stringArg(node, 0, "field");
        NodeProperties props = new NodeProperties(node);
        String as = props.string("as").orElse(method.tickName);
        boolean pointTimes = props.flag("usePointTimes");
        props.rejectUnknown();
        if (as.isEmpty()) {
            throw new TickscriptException(Nodes.at(props, "as", node), "as must not be empty");
        }
        return new AggregateNode(Nodes.name(node), method, field, as, p, pointTimes, context);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.BatchMessage bm) {
            Map<String, String> groupTags = bm.tags();
            aggregate(bm.name(), bm.group(), groupTags, bm.time(), bm.points());
        } else if (message instanceof Message.PointMessage pm) {
            Pending p = pending.computeIfAbsent(pm.group().id(), k -> new Pending());
            Point point = pm.point();
            if (p.time != null && !p.time.equals(point.time())) {
                List<Point> points = new ArrayList<>(p.points);
                Point first = points.get(0);
                p.points.clear();
                aggregate(first.name(), pm.group(), Nodes.groupTags(pm.group(), first.tags()), p.time, points);
            }
            p.time = point.time();
            p.points.add(point);
        }
    }

    private void aggregate(String name, GroupId group, Map<String, String> groupTags, Instant time,
            List<Point> batch) {
        Kind kind = null;
        List<Point> points = new ArrayList<>(batch.size());
        for (Point p : batch) {
            Object v = p.fields().get(field);
            if (v == null) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: field {1} missing from point cannot "
                        + "aggregate", name(), field);
                continue;
            }
            Kind k = Kind.of(v);
            if (kind == null) {
                kind = k;
                if (!method.anyType && kind != Kind.FLOAT && kind != Kind.INTEGER) {
                    context.logger().log(System.Logger.Level.ERROR, "{0}: invalid influxql func {1} with field "
                            + "{2}: unsupported type {3}", name(), method.tickName, field, kind);
                    return;
                }
            } else if (k != kind) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: field {1} has wrong type: got {2} exp {3}",
                        name(), field, k, kind);
                continue;
            }
            points.add(p);
        }
        if (points.isEmpty() && !method.emptyOk) {
            return;
        }
        if (kind == null) {
            kind = Kind.FLOAT;
        }
        if (method.batchOut) {
            distinct(name, group, groupTags, time, points);
            return;
        }
        if (method.selector) {
            Point selected = select(points, kind);
            if (selected == null) {
                return;
            }
            Map<String, Object> fields = new HashMap<>(selected.fields());
            if (!as.equals(field)) {
                fields.put(as, fields.remove(field));
            }
            Instant t = pointTimes ? selected.time() : time;
            emit(new Message.PointMessage(new Point(selected.database(), selected.retentionPolicy(), name,
                    selected.tags(), fields, t), group));
            return;
        }
        Object value = reduce(points, kind);
        if (value == null) {
            return;
        }
        Point first = batch.isEmpty() ? null : batch.get(0);
        emit(new Message.PointMessage(new Point(first == null ? "" : first.database(),
                first == null ? "" : first.retentionPolicy(), name, groupTags, Map.of(as, value), time), group));
    }

    private static double dbl(Object v) {
        return ((Number) v).doubleValue();
    }

    private static long lng(Object v) {
        return ((Number) v).longValue();
    }

    private Object value(Point p) {
        return p.fields().get(field);
    }

    private Point select(List<Point> points, Kind kind) {
        if (points.isEmpty()) {
            return null;
        }
        switch (method) {
            case FIRST, LAST -> {
                Point best = null;
                for (Point p : points) {
                    if (best == null) {
                        best = p;
                        continue;
                    }
                    int c = p.time().compareTo(best.time());
                    boolean earlier = method == Method.FIRST ? c < 0 : c > 0;
                    if (earlier || (c == 0 && greater(value(p), value(best)))) {
                        best = p;
                    }
                }
                return best;
            }
            case MIN, MAX -> {
                Point best = null;
                for (Point p : points) {
                    if (best == null) {
                        best = p;
                        continue;
                    }
                    int c = compareNumbers(value(p), value(best), kind);
                    boolean better = method == Method.MIN ? c < 0 : c > 0;
                    if (better || (c == 0 && p.time().isBefore(best.time()))) {
                        best = p;
                    }
                }
                return best;
            }
            case PERCENTILE -> {
                List<Point> sorted = new ArrayList<>(points);
                sorted.sort((a, b) -> compareNumbers(value(a), value(b), kind));
                int i = (int) Math.floor(sorted.size() * percentile / 100.0 + 0.5) - 1;
                if (i < 0 || i >= sorted.size()) {
                    return null;
                }
                return sorted.get(i);
            }
            default -> throw new IllegalStateException(method.toString());
        }
    }

    private static boolean greater(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return dbl(a) > dbl(b);
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.compareTo(sb) > 0;
        }
        if (a instanceof Boolean ba && b instanceof Boolean bb) {
            return ba && !bb;
        }
        return false;
    }

    private static int compareNumbers(Object a, Object b, Kind kind) {
        return kind == Kind.INTEGER ? Long.compare(lng(a), lng(b)) : Double.compare(dbl(a), dbl(b));
    }

    private Object reduce(List<Point> points, Kind kind) {
        int n = points.size();
        boolean integer = kind == Kind.INTEGER;
        switch (method) {
            case COUNT -> {
                return (long) n;
            }
            case SUM -> {
                if (integer) {
                    long s = 0;
                    for (Point p : points) {
                        s += lng(value(p));
                    }
                    return s;
                }
                double s = 0;
                for (Point p : points) {
                    s += dbl(value(p));
                }
                return s;
            }
            case MEAN -> {
                if (n == 0) {
                    return null;
                }
                double s = 0;
                for (Point p : points) {
                    s += dbl(value(p));
                }
                return s / n;
            }
            case MEDIAN -> {
                if (n == 0) {
                    return null;
                }
                double[] v = sortedDoubles(points);
                if (n % 2 == 0) {
                    return v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2;
                }
                return v[n / 2];
            }
            case MODE -> {
                if (n == 0) {
                    return null;
                }
                List<Object> values = new ArrayList<>();
                for (Point p : points) {
                    values.add(value(p));
                }
                values.sort((a, b) -> compareNumbers(a, b, kind));
                Object most = values.get(0);
                int mostCount = 0;
                int run = 0;
                Object current = null;
                for (Object v : values) {
                    if (current != null && compareNumbers(v, current, kind) == 0) {
                        run++;
                    } else {
                        current = v;
                        run = 1;
                    }
                    if (run > mostCount) {
                        mostCount = run;
                        most = current;
                    }
                }
                return most;
            }
            case SPREAD -> {
                if (n == 0) {
                    return null;
                }
                if (integer) {
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (Point p : points) {
                        long v = lng(value(p));
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                    return max - min;
                }
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (Point p : points) {
                    double v = dbl(value(p));
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                return max - min;
            }
            case STDDEV -> {
                if (n == 0) {
                    return null;
                }
                if (n < 2) {
                    return 0.0;
                }
                double mean = 0;
                for (Point p : points) {
                    mean += dbl(value(p));
                }
                mean /= n;
                double variance = 0;
                for (Point p : points) {
                    double d = dbl(value(p)) - mean;
                    variance += d * d;
                }
                return Math.sqrt(variance / (n - 1));
            }
            default -> throw new IllegalStateException(method.toString());
        }
    }

    private double[] sortedDoubles(List<Point> points) {
        double[] v = new double[points.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = dbl(value(points.get(i)));
        }
        java.util.Arrays.sort(v);
        return v;
    }

    private void distinct(String name, GroupId group, Map<String, String> groupTags, Instant time,
            List<Point> points) {
        Map<Object, Point> firsts = new LinkedHashMap<>();
        for (Point p : points) {
            firsts.putIfAbsent(value(p), p);
        }
        List<Point> ordered = new ArrayList<>(firsts.values());
        ordered.sort(Comparator.comparing(Point::time));
        List<Point> out = new ArrayList<>(ordered.size());
        for (Point p : ordered) {
            out.add(new Point(p.database(), p.retentionPolicy(), name, groupTags, Map.of(as, value(p)),
                    pointTimes ? p.time() : time));
        }
        emit(new Message.BatchMessage(name, group, groupTags, time, out));
    }
}
