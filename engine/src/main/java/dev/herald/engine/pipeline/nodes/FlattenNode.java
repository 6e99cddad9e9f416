package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.tick.PipelineNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code |flatten().on('tag'...)}: the points of a group with the same time (rounded to {@code .tolerance()}, Go's
 * {@code Round}) become one point whose fields are named by the points' {@code .on} tag values and the field name,
 * joined with {@code .delimiter()} (default {@code .}); {@code .dropOriginalFieldName()} leaves the field name out.
 * A point without one of the {@code .on} tags is left out. As in Kapacitor, a time's point is emitted when a point
 * of a later time arrives (batches: at the end of the batch), with the group's tags and no database.
 */
final class FlattenNode extends StreamNode {
    private final List<String> on;
    private final String delimiter;
    private final Duration tolerance;
    private final boolean dropOriginalFieldName;
    private final Map<String, Buffer> groups = new HashMap<>();

    private static final class Buffer {
        Instant time;
        String name;
        final List<Point> points = new ArrayList<>();
    }

    private FlattenNode(String name, List<String> on, String delimiter, Duration tolerance, boolean drop) {
        super(name);
        this.on = on;
        this.delimiter = delimiter;
        this.tolerance = tolerance;
        this.dropOriginalFieldName = drop;
    }

    static StreamNode build(PipelineNode node, dev.herald.engine.pipeline.TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        List<String> on = props.strings("on");
        String delimiter = props.string("delimiter").orElse(".");
        Duration tolerance = props.duration("tolerance").orElse(Duration.ZERO);
        boolean drop = props.flag("dropOriginalFieldName");
        props.rejectUnknown();
        return new FlattenNode(Nodes.name(node), List.copyOf(on), delimiter, tolerance, drop);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            Point p = pm.point();
            Instant t = Nodes.round(p.time(), tolerance);
            Buffer b = groups.get(pm.group().id());
            if (b == null) {
                b = new Buffer();
                b.time = t;
                groups.put(pm.group().id(), b);
            }
            Point out = add(b, p, t, Nodes.groupTags(pm.group(), p.tags()));
            b.name = p.name();
            if (out != null) {
                emit(new Message.PointMessage(out, pm.group()));
            }
        } else if (message instanceof Message.BatchMessage bm) {
            Buffer b = new Buffer();
            b.name = bm.name();
            List<Point> out = new ArrayList<>();
            for (Point p : bm.points()) {
                Point o = add(b, p, Nodes.round(p.time(), tolerance), bm.tags());
                if (o != null) {
                    out.add(o);
                }
            }
            if (!b.points.isEmpty()) {
                out.add(flattened(b, bm.tags()));
            }
            emit(new Message.BatchMessage(bm.name(), bm.group(), bm.tags(), bm.time(), out));
        }
    }

    /** Kapacitor's flattenBuffer.Barrier: a barrier after the buffered time flushes it, then passes on. */
    @Override
    protected void barrier(Message.BarrierMessage barrier) {
        Buffer b = groups.get(barrier.group().id());
        if (b != null && !b.points.isEmpty() && barrier.time().isAfter(b.time)) {
            Point first = b.points.get(0);
            Point out = flattened(b, Nodes.groupTags(barrier.group(), first.tags()));
            b.points.clear();
            emit(new Message.PointMessage(out, barrier.group()));
        }
        emit(barrier);
    }

    /** Adds p (time t) to b; the flattened previous time when t starts a new one. */
    private Point add(Buffer b, Point p, Instant t, Map<String, String> groupTags) {
        Point out = null;
        if (!t.equals(b.time)) {
            if (!b.points.isEmpty()) {
                out = flattened(b, groupTags);
                b.points.clear();
            }
            b.time = t;
        }
        if (b.name == null) {
            b.name = p.name();
        }
        b.points.add(p);
        return out;
    }

    private Point flattened(Buffer b, Map<String, String> groupTags) {
        Map<String, Object> fields = new TreeMap<>();
        points:
        for (Point p : b.points) {
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < on.size(); i++) {
                String v = p.tags().get(on.get(i));
                if (v == null) {
                    continue points;
                }
                if (i > 0) {
                    prefix.append(delimiter);
                }
                prefix.append(v);
            }
            for (Map.Entry<String, Object> f : p.fields().entrySet()) {
                String key;
                if (dropOriginalFieldName) {
                    key = prefix.toString();
                } else {
                    key = prefix.length() > 0 ? prefix + delimiter + f.getKey() : f.getKey();
                }
                fields.put(key, f.getValue());
            }
        }
        Point first = b.points.get(0);
        return new Point(first.database(), first.retentionPolicy(), b.name, groupTags, fields, b.time);
    }
}
