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
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code |eval(lambda: ..., ...)}: evaluates each expression on every point and stores the result under the
 * matching {@code .as()} name. Later expressions see the results of earlier ones (a field of the point with the
 * same name wins, as in Kapacitor). {@code .tags()} turns results into tags, {@code .keep()} keeps the point's
 * fields (all, or the listed ones), {@code .quiet()} silences evaluation errors. A point whose evaluation fails is
 * dropped.
 */
final class EvalNode extends StreamNode {
    private final List<PointExpression> expressions;
    private final List<String> as;
    private final Set<String> tags;
    private final boolean keep;
    private final List<String> keepList;
    private final boolean quiet;
    private final TaskContext context;

    private EvalNode(String name, List<PointExpression> expressions, List<String> as, Set<String> tags,
            boolean keep, List<String> keepList, boolean quiet, TaskContext context) {
        super(name);
        this.expressions = expressions;
        this.as = as;
        this.tags = tags;
        this.keep = keep;
        this.keepList = keepList;
        this.quiet = quiet;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        if (node.args().isEmpty()) {
            throw new TickscriptException(node.position(), "eval takes one or more lambda expressions");
        }
        List<PointExpression> expressions = new ArrayList<>();
        for (int i = 0; i < node.args().size(); i++) {
            expressions.add(PointExpression.of(Nodes.lambdaArg(node, i, "argument " + (i + 1))));
        }
        NodeProperties props = new NodeProperties(node);
        List<String> as = props.last("as").map(p -> strings(p)).orElse(List.of());
        List<String> tagList = props.last("tags").map(p -> strings(p)).orElse(List.of());
        Optional<PipelineNode.Property> keepProp = props.last("keep");
        boolean quiet = props.flag("quiet");
        props.rejectUnknown();
        if (as.size() != expressions.size()) {
            throw new TickscriptException(props.last("as").map(PipelineNode.Property::position)
                    .orElse(node.position()), "must specify same number of expressions and .as() names: got "
                    + as.size() + " as names, and " + expressions.size() + " expressions.");
        }
        for (String tag : tagList) {
            if (!as.contains(tag)) {
                throw new TickscriptException(props.last("tags").get().position(), "invalid tag name \"" + tag
                        + "\", name is not present is .as() names");
            }
        }
        return new EvalNode(Nodes.name(node), expressions, as, new LinkedHashSet<>(tagList), keepProp.isPresent(),
                keepProp.map(EvalNode::strings).orElse(List.of()), quiet, context);
    }

    private static List<String> strings(PipelineNode.Property p) {
        List<String> out = new ArrayList<>();
        for (Expr arg : p.args()) {
            out.add(NodeProperties.asString(arg, p.position(), p.name()));
        }
        return out;
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            Point out = eval(pm.point(), pm.group());
            if (out != null) {
                emit(new Message.PointMessage(out, pm.group()));
            }
        } else if (message instanceof Message.BatchMessage bm) {
            List<Point> points = new ArrayList<>(bm.points().size());
            for (Point p : bm.points()) {
                Point out = eval(p, bm.group());
                if (out != null) {
                    points.add(out);
                }
            }
            emit(Nodes.withPoints(bm, points));
        }
    }

    /** The evaluated point, or null when evaluation failed. */
    private Point eval(Point point, GroupId group) {
        Map<String, Object> vars = new LinkedHashMap<>();
        try {
            for (int i = 0; i < expressions.size(); i++) {
                Point scope = point;
                if (!vars.isEmpty()) {
                    Map<String, Object> fields = new HashMap<>(vars);
                    fields.putAll(point.fields());
                    scope = Nodes.withFields(point, fields);
                }
                Object value = expressions.get(i).eval(scope, group);
                vars.put(as.get(i), fieldValue(value));
            }
            Map<String, String> newTags = point.tags();
            if (!tags.isEmpty()) {
                newTags = new HashMap<>(newTags);
                for (String tag : tags) {
                    Object v = vars.get(tag);
                    if (!(v instanceof String s)) {
                        throw new LambdaException("result of a tag expression must be of type string, got "
                                + (v == null ? "nil" : v.getClass().getSimpleName()));
                    }
                    newTags.put(tag, s);
                }
            }
            Map<String, Object> newFields;
            if (keep) {
                if (!keepList.isEmpty()) {
                    newFields = new HashMap<>();
                    for (String f : keepList) {
                        Object v = vars.containsKey(f) ? vars.get(f) : point.fields().get(f);
                        if (v == null) {
                            throw new LambdaException("cannot keep field \"" + f + "\", field does not exist");
                        }
                        newFields.put(f, v);
                    }
                } else {
                    newFields = new HashMap<>(point.fields());
                    newFields.putAll(vars);
                }
            } else {
                newFields = new HashMap<>();
                for (Map.Entry<String, Object> e : vars.entrySet()) {
                    if (!tags.contains(e.getKey())) {
                        newFields.put(e.getKey(), e.getValue());
                    }
                }
            }
            return Nodes.with(point, newTags, newFields);
        } catch (LambdaException e) {
            if (!quiet) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: error evaluating expression: {1}", name(),
                        e.getMessage());
            }
            return null;
        }
    }

    /** Lambda results as field values: durations become their nanoseconds, like Go's int64 durations. */
    private static Object fieldValue(Object value) {
        if (value instanceof Duration d) {
            return d.toNanos();
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }
}
