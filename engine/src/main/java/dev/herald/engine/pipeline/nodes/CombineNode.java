package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.PointExpression;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code |combine(lambda: ..., lambda: ...).as('a', 'b')}: combines the points of a group that share a time
 * (rounded to {@code .tolerance()}) into one point per combination of k of them (k = the number of expressions,
 * combinations in Kapacitor's order), where the i-th expression picks, in the combination's order, the first point
 * it matches. Fields and non-dimension tags are prefixed with the {@code .as} name and {@code .delimiter()}
 * (default {@code .}). A time is combined when a later time arrives (batches: at their end). More than
 * {@code .max()} (default 1000000) combinations are refused with an error.
 */
final class CombineNode extends StreamNode {
    private final List<PointExpression> expressions;
    private final List<String> names;
    private final String delimiter;
    private final Duration tolerance;
    private final long max;
    private final TaskContext context;
    private final Map<String, Buffer> groups = new HashMap<>();

    private static final class Buffer {
        Instant time;
        final List<Point> points = new ArrayList<>();
    }

    private CombineNode(String name, List<PointExpression> expressions, List<String> names, String delimiter,
            Duration tolerance, long max, TaskContext context) {
        super(name);
        this.expressions = expressions;
        this.names = names;
        this.delimiter = delimiter;
        this.tolerance = tolerance;
        this.max = max;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        if (node.args().isEmpty()) {
            throw new TickscriptException(node.position(), "combine takes one or more lambda expressions, got 0");
        }
        List<PointExpression> expressions = new ArrayList<>();
        for (int i = 0; i < node.args().size(); i++) {
            expressions.add(PointExpression.predicate(Nodes.lambdaArg(node, i, "argument " + (i + 1))));
        }
        NodeProperties props = new NodeProperties(node);
        List<String> names = props.strings("as");
        String delimiter = props.string("delimiter").orElse(".");
        Duration tolerance = props.duration("tolerance").orElse(Duration.ZERO);
        long max = props.integer("max").orElse(1_000_000L);
        props.rejectUnknown();
        if (names.isEmpty()) {
            throw new TickscriptException(node.position(),
                    "a call to combine.as() is required to specify the output stream prefixes.");
        }
        if (names.size() != expressions.size()) {
            throw new TickscriptException(Nodes.at(props, "as", node), "number of prefixes specified by combine.as() "
                    + "must match the number of combine expressions");
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n.isEmpty()) {
                throw new TickscriptException(Nodes.at(props, "as", node),
                        "must provide a prefix name for the combine node, see .as() property method");
            }
            if (n.contains(delimiter)) {
                throw new TickscriptException(Nodes.at(props, "as", node), "cannot use name " + n
                        + " as field prefix, it contains the delimiter character " + delimiter);
            }
            if (!seen.add(n)) {
                throw new TickscriptException(Nodes.at(props, "as", node),
                        "cannot use the same prefix name see .as() property method");
            }
        }
        return new CombineNode(Nodes.name(node), List.copyOf(expressions), List.copyOf(names), delimiter, tolerance,
                max, context);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            Buffer b = groups.get(pm.group().id());
            if (b == null) {
                b = new Buffer();
                b.time = pm.point().time();
                groups.put(pm.group().id(), b);
            }
            add(b, pm.point(), pm.group());
        } else if (message instanceof Message.BatchMessage bm) {
            Buffer b = new Buffer();
            for (Point p : bm.points()) {
                add(b, p, bm.group());
            }
            combine(b, bm.group());
        }
    }

    private void add(Buffer b, Point p, GroupId group) {
        Instant t = Nodes.round(p.time(), tolerance);
        Point rounded = t.equals(p.time()) ? p : Nodes.at(p, t);
        if (t.equals(b.time)) {
            b.points.add(rounded);
        } else {
            combine(b, group);
            b.time = t;
            b.points.clear();
            b.points.add(rounded);
        }
    }

    private void combine(Buffer b, GroupId group) {
        int n = b.points.size();
        int k = expressions.size();
        if (n == 0 || n < k) {
            return;
        }
        long count = 1;
        for (int i = 0; i < k; i++) {
            count = count * (n - i) / (i + 1);
            if (count > max) {
                break;
            }
        }
        if (count > max) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: refusing to perform combination as total "
                    + "combinations exceeds max combinations {1}", name(), max);
            return;
        }
        boolean[][] matches = new boolean[k][n];
        for (int idx = 0; idx < n; idx++) {
            for (int s = 0; s < k; s++) {
                try {
                    matches[s][idx] = expressions.get(s).test(b.points.get(idx), group);
                } catch (LambdaException e) {
                    context.logger().log(System.Logger.Level.ERROR, "{0}: error evaluating expression: {1}", name(),
                            e.getMessage());
                }
            }
        }
        Set<String> dimensions = new HashSet<>(group.dimensions());
        int[] indices = new int[k];
        for (int i = 0; i < k; i++) {
            indices[i] = i;
        }
        Point[] set = new Point[k];
        while (true) {
            List<Integer> remaining = new ArrayList<>(k);
            for (int i : indices) {
                remaining.add(i);
            }
            boolean valid = true;
            for (int s = 0; s < k && valid; s++) {
                valid = false;
                for (int j = 0; j < remaining.size(); j++) {
                    if (matches[s][remaining.get(j)]) {
                        set[s] = b.points.get(remaining.remove(j));
                        valid = true;
                        break;
                    }
                }
            }
            if (valid) {
                emit(new Message.PointMessage(merge(set, dimensions), group));
            }
            int i = k - 1;
            while (i >= 0 && indices[i] == i + n - k) {
                i--;
            }
            if (i < 0) {
                return;
            }
            indices[i]++;
            for (int j = i + 1; j < k; j++) {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }

    private Point merge(Point[] set, Set<String> dimensions) {
        Map<String, Object> fields = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < set.length; i++) {
            String prefix = names.get(i) + delimiter;
            for (Map.Entry<String, Object> f : set[i].fields().entrySet()) {
                fields.put(prefix + f.getKey(), f.getValue());
            }
            for (Map.Entry<String, String> t : set[i].tags().entrySet()) {
                tags.put(dimensions.contains(t.getKey()) ? t.getKey() : prefix + t.getKey(), t.getValue());
            }
        }
        Point first = set[0];
        return new Point(first.database(), first.retentionPolicy(), first.name(), tags, fields,
                Nodes.round(first.time(), tolerance));
    }
}
