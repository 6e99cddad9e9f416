package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers shared by the standard nodes. */
final class Nodes {
    private Nodes() {
    }

    /** Kapacitor's runtime name of a node: TICKscript name and id ({@code window3}). */
    static String name(PipelineNode node) {
        return node.name() + node.id();
    }

    /** Fails unless the node was called with between {@code min} and {@code max} arguments. */
    static void arity(PipelineNode node, int min, int max, String signature) {
        int n = node.args().size();
        if (n < min || n > max) {
            throw new TickscriptException(node.position(), node.name() + " takes " + signature + ", got " + n
                    + " argument" + (n == 1 ? "" : "s"));
        }
    }

    /** The string argument {@code index} of the node call. */
    static String stringArg(PipelineNode node, int index, String what) {
        return NodeProperties.asString(node.args().get(index), node.position(), node.name() + " " + what);
    }

    /** The duration argument {@code index} of the node call. */
    static Duration durationArg(PipelineNode node, int index, String what) {
        return NodeProperties.asDuration(node.args().get(index), node.position(), node.name() + " " + what);
    }

    /** The lambda argument {@code index} of the node call. */
    static Expr.Lambda lambdaArg(PipelineNode node, int index, String what) {
        Expr arg = node.args().get(index);
        if (arg instanceof Expr.Lambda l) {
            return l;
        }
        throw NodeProperties.typeError(node.position(), node.name() + " " + what, "a lambda expression", arg);
    }

    /** A positive duration property or argument, else an error at {@code at}. */
    static Duration positive(Duration d, dev.herald.engine.tick.ast.Position at, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new TickscriptException(at, what + " must be greater than zero, got " + d);
        }
        return d;
    }

    /** The property's position, for errors about its value. */
    static dev.herald.engine.tick.ast.Position at(NodeProperties props, String property, PipelineNode node) {
        return props.last(property).map(PipelineNode.Property::position).orElse(node.position());
    }

    /** A literal argument as a field value (Long, Double, String or Boolean). */
    static Object literal(Expr arg, dev.herald.engine.tick.ast.Position at, String property) {
        if (arg instanceof Expr.IntLit i) {
            return i.value();
        }
        if (arg instanceof Expr.FloatLit f) {
            return f.value();
        }
        if (arg instanceof Expr.StringLit s) {
            return s.value();
        }
        if (arg instanceof Expr.BoolLit b) {
            return b.value();
        }
        throw NodeProperties.typeError(at, property, "a number, string or boolean", arg);
    }

    /** {@code point} with other fields. */
    /** The {@code .tag('key', 'value')} properties of an output node (influxDBOut, kapacitorLoopback), in order. */
    static Map<String, String> tagProperties(NodeProperties props) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        for (PipelineNode.Property p : props.all("tag")) {
            NodeProperties.arity(p, 2, 2);
            tags.put(NodeProperties.asString(p.args().get(0), p.position(), "tag"),
                    NodeProperties.asString(p.args().get(1), p.position(), "tag"));
        }
        return Map.copyOf(tags);
    }

    /** {@code tags} added to (and overriding) a point's own; the point's map itself when there are none. */
    static Map<String, String> plusTags(Map<String, String> pointTags, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return pointTags;
        }
        Map<String, String> out = new java.util.HashMap<>(pointTags);
        out.putAll(tags);
        return out;
    }

    /** Each point of a batch with the batch's tags under its own (what an output node writes of a batch). */
    static Map<String, String> batchPointTags(Message.BatchMessage batch, Point p) {
        Map<String, String> t = new java.util.HashMap<>(batch.tags());
        t.putAll(p.tags());
        return t;
    }

    static Point withFields(Point point, Map<String, Object> fields) {
        return new Point(point.database(), point.retentionPolicy(), point.name(), point.tags(), fields, point.time());
    }

    /** {@code point} with other tags and fields. */
    static Point with(Point point, Map<String, String> tags, Map<String, Object> fields) {
        return new Point(point.database(), point.retentionPolicy(), point.name(), tags, fields, point.time());
    }

    /** {@code point} at another time. */
    static Point at(Point point, Instant time) {
        return new Point(point.database(), point.retentionPolicy(), point.name(), point.tags(), point.fields(), time);
    }

    /** A batch with other points. */
    static Message.BatchMessage withPoints(Message.BatchMessage batch, List<Point> points) {
        return new Message.BatchMessage(batch.name(), batch.group(), batch.tags(), batch.time(), points);
    }

    /** The group's tags taken from {@code tags} (the dimension tags only). */
    static Map<String, String> groupTags(GroupId group, Map<String, String> tags) {
        java.util.HashMap<String, String> out = new java.util.HashMap<>();
        for (String dim : group.dimensions()) {
            out.put(dim, tags.getOrDefault(dim, ""));
        }
        return out;
    }

    /** The group without the dimensions in {@code removed}. */
    static GroupId withoutDimensions(GroupId group, java.util.Collection<String> removed, String name,
            Map<String, String> tags) {
        List<String> dims = new ArrayList<>(group.dimensions());
        if (!dims.removeAll(removed)) {
            return group;
        }
        return GroupId.of(dims, group.byName(), name, tags);
    }

    /** Numeric field value as a double, or null when the value is not numeric. */
    static Double number(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Long l) {
            return l.doubleValue();
        }
        if (value instanceof Integer i) {
            return i.doubleValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return null;
    }

    /** Nanoseconds since the epoch. */
    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** The instant {@code nanos} since the epoch. */
    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Seconds from Go's zero time (January 1, year 1) to the Unix epoch. */
    private static final long GO_ZERO_TIME_OFFSET_SECONDS = 62_135_596_800L;

    /** Go's {@code time.Truncate}: rounds {@code t} down to a multiple of {@code d} since the zero time. */
    static Instant truncate(Instant t, Duration d) {
        long unit = d.toNanos();
        if (unit <= 0) {
            return t;
        }
        long n = nanos(t);
        long zeroOffset = java.math.BigInteger.valueOf(GO_ZERO_TIME_OFFSET_SECONDS)
                .multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                .mod(java.math.BigInteger.valueOf(unit)).longValue();
        long remainder = Math.floorMod(Math.floorMod(n, unit) + zeroOffset, unit);
        return instant(n - remainder);
    }

    /** Go's {@code time.Round}: the multiple of {@code d} since the zero time nearest to {@code t}, halves up. */
    static Instant round(Instant t, Duration d) {
        long unit = d.toNanos();
        if (unit <= 0) {
            return t;
        }
        Instant down = truncate(t, d);
        long r = nanos(t) - nanos(down);
        return r + r < unit ? down : down.plusNanos(unit);
    }
}
