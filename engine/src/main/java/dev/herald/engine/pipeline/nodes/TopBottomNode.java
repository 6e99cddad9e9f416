package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code |top(num, 'field', 'fieldOrTag'...)} and {@code |bottom(...)}: the {@code num} points of a batch (or of
 * the stream points of a group that share a time) with the largest (smallest) int or float {@code field}, emitted
 * as a batch, largest (smallest) first, equal values earliest first, as InfluxDB's top/bottom reducers do. Each
 * point has one field, {@code .as()} (default {@code top}/{@code bottom}), and the tags of the point it was taken
 * from; its time is the batch time unless {@code .usePointTimes()}. The extra field and tag names are accepted and,
 * as in Kapacitor, do not change the result.
 */
final class TopBottomNode extends StreamNode {
    private final boolean top;
    private final int num;
    private final String field;
    private final String as;
    private final boolean pointTimes;
    private final TaskContext context;
    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        final List<Point> points = new ArrayList<>();
        Instant time;
    }

    private TopBottomNode(String name, boolean top, int num, String field, String as, boolean pointTimes,
            TaskContext context) {
        super(name);
        this.top = top;
        this.num = num;
        this.field = field;
        this.as = as;
        this.pointTimes = pointTimes;
        this.context = context;
    }

    static StreamNode build(boolean top, PipelineNode node, TaskContext context) {
        String fn = top ? "top" : "bottom";
        if (node.args().size() < 2) {
            throw new TickscriptException(node.position(), fn + " takes a number of points, a field name and "
                    + "optional field or tag names, got " + node.args().size() + " argument"
                    + (node.args().size() == 1 ? "" : "s"));
        }
        Expr n = node.args().get(0);
        if (!(n instanceof Expr.IntLit i)) {
            throw NodeProperties.typeError(node.position(), fn + " num", "an int", n);
        }
        if (i.value() <= 0 || i.value() > 1_000_000) {
            throw new TickscriptException(node.position(), fn + " num must be between 1 and 1000000, got "
                    + i.value());
        }
        String field = Nodes.stringArg(node, 1, "field");
        for (int k = 2; k < node.args().size(); k++) {
            Nodes.stringArg(node, k, "field or tag");
        }
        NodeProperties props = new NodeProperties(node);
        String as = props.string("as").orElse(fn);
        boolean pointTimes = props.flag("usePointTimes");
        props.rejectUnknown();
        if (as.isEmpty()) {
            throw new TickscriptException(Nodes.at(props, "as", node), "as must not be empty");
        }
        return new TopBottomNode(Nodes.name(node), top, (int) i.value(), field, as, pointTimes, context);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.BatchMessage bm) {
            select(bm.name(), bm.group(), bm.tags(), bm.time(), bm.points());
        } else if (message instanceof Message.PointMessage pm) {
            Pending p = pending.computeIfAbsent(pm.group().id(), k -> new Pending());
            Point point = pm.point();
            if (p.time != null && !p.time.equals(point.time())) {
                List<Point> points = new ArrayList<>(p.points);
                p.points.clear();
                Point first = points.get(0);
                select(first.name(), pm.group(), Nodes.groupTags(pm.group(), first.tags()), p.time, points);
            }
            p.time = point.time();
            p.points.add(point);
        }
    }

    private void select(String name, GroupId group, Map<String, String> groupTags, Instant time, List<Point> in) {
        Boolean integer = null;
        List<Point> candidates = new ArrayList<>(in.size());
        for (Point p : in) {
            Object v = p.fields().get(field);
            boolean isInt = v instanceof Long || v instanceof Integer;
            if (v == null || !(isInt || v instanceof Double || v instanceof Float)) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: field {1} missing or not a number", name(),
                        field);
                continue;
            }
            if (integer == null) {
                integer = isInt;
            } else if (integer != isInt) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: field {1} has wrong type", name(), field);
                continue;
            }
            candidates.add(p);
        }
        if (candidates.isEmpty()) {
            return;
        }
        boolean ints = integer;
        // "better" first: larger (top) or smaller (bottom) value; equal values: earlier time first
        Comparator<Point> byValue = (a, b) -> ints ? Long.compare(((Number) a.fields().get(field)).longValue(),
                ((Number) b.fields().get(field)).longValue())
                : Double.compare(((Number) a.fields().get(field)).doubleValue(),
                        ((Number) b.fields().get(field)).doubleValue());
        Comparator<Point> order = (top ? byValue.reversed() : byValue).thenComparing(Point::time);
        List<Point> sorted = new ArrayList<>(candidates);
        sorted.sort(order); // stable: among exact ties the first seen wins, as the reducer keeps it
        List<Point> out = new ArrayList<>(Math.min(num, sorted.size()));
        Instant batchTime = time;
        for (Point p : sorted.subList(0, Math.min(num, sorted.size()))) {
            Instant t = pointTimes ? p.time() : time;
            if (t.isAfter(batchTime)) {
                batchTime = t;
            }
            Map<String, String> tags = new HashMap<>(groupTags);
            tags.putAll(p.tags());
            out.add(new Point(p.database(), p.retentionPolicy(), name, tags, Map.of(as, p.fields().get(field)), t));
        }
        emit(new Message.BatchMessage(name, group, groupTags, batchTime, out));
    }
}
