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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code |holtWinters('field', h, m, interval)} and {@code |holtWintersWithFit(...)}: InfluxDB's Holt-Winters
 * forecast of an int or float field over each batch (window): {@code h} values past the last point, {@code interval}
 * apart, seasonal with period {@code m} when {@code m >= 2}; {@code WithFit} also returns the fitted values from the
 * first point on. Emitted as a batch of points with one field, {@code .as()} (default {@code holtWinters}), the
 * group's tags and their own times. Stream points are forecast per group over the points sharing a time.
 */
final class HoltWintersNode extends StreamNode {
    private final String field;
    private final int h;
    private final int m;
    private final Duration interval;
    private final boolean withFit;
    private final String as;
    private final TaskContext context;
    private final Map<String, List<Point>> pending = new HashMap<>();

    private HoltWintersNode(String name, String field, int h, int m, Duration interval, boolean withFit, String as,
            TaskContext context) {
        super(name);
        this.field = field;
        this.h = h;
        this.m = m;
        this.interval = interval;
        this.withFit = withFit;
        this.as = as;
        this.context = context;
    }

    static StreamNode build(boolean withFit, PipelineNode node, TaskContext context) {
        Nodes.arity(node, 4, 4, "a field name, a horizon h, a season m and an interval");
        String field = Nodes.stringArg(node, 0, "field");
        long h = intArg(node, 1, "h");
        long m = intArg(node, 2, "m");
        Duration interval = Nodes.positive(Nodes.durationArg(node, 3, "interval"), node.position(),
                node.name() + " interval");
        if (h > 100_000 || m > 100_000 || m < 0) {
            throw new TickscriptException(node.position(), node.name() + " h and m must be between 0 and 100000");
        }
        NodeProperties props = new NodeProperties(node);
        String as = props.string("as").orElse("holtWinters");
        props.flag("usePointTimes"); // always point times, as in Kapacitor
        props.rejectUnknown();
        return new HoltWintersNode(Nodes.name(node), field, (int) h, (int) m, interval, withFit, as, context);
    }

    private static long intArg(PipelineNode node, int index, String what) {
        Expr arg = node.args().get(index);
        if (arg instanceof Expr.IntLit i) {
            return i.value();
        }
        throw NodeProperties.typeError(node.position(), node.name() + " " + what, "an int", arg);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.BatchMessage bm) {
            forecast(bm.name(), bm.group(), bm.tags(), bm.time(), bm.points());
        } else if (message instanceof Message.PointMessage pm) {
            List<Point> points = pending.computeIfAbsent(pm.group().id(), k -> new ArrayList<>());
            if (!points.isEmpty() && !points.get(0).time().equals(pm.point().time())) {
                Point first = points.get(0);
                List<Point> batch = new ArrayList<>(points);
                points.clear();
                forecast(first.name(), pm.group(), Nodes.groupTags(pm.group(), first.tags()), first.time(), batch);
            }
            points.add(pm.point());
        }
    }

    private void forecast(String name, GroupId group, Map<String, String> tags, Instant time, List<Point> points) {
        HoltWinters hw = new HoltWinters(h, m, withFit, interval.toNanos());
        int n = 0;
        for (Point p : points) {
            Object v = p.fields().get(field);
            if (v instanceof Double || v instanceof Float || v instanceof Long || v instanceof Integer) {
                hw.add(Nodes.nanos(p.time()), ((Number) v).doubleValue());
                n++;
            } else {
                context.logger().log(System.Logger.Level.ERROR, "{0}: field {1} missing or not a number", name(),
                        field);
            }
        }
        if (n == 0) {
            return;
        }
        HoltWinters.Result r = hw.emit();
        List<Point> out = new ArrayList<>();
        Instant batchTime = time;
        if (r != null) {
            Point first = points.get(0);
            for (int i = 0; i < r.times().length; i++) {
                Instant t = Nodes.instant(r.times()[i]);
                if (t.isAfter(batchTime)) {
                    batchTime = t;
                }
                out.add(new Point(first.database(), first.retentionPolicy(), name, tags,
                        Map.of(as, r.values()[i]), t));
            }
        }
        emit(new Message.BatchMessage(name, group, tags, batchTime, out));
    }
}
