package dev.herald.engine.pipeline;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/** {@code |where(lambda: ...)}: passes the points (or batch points) for which the expression is true. */
final class WhereNode extends StreamNode {
    private final PointExpression predicate;
    private final TaskContext context;

    private WhereNode(String name, PointExpression predicate, TaskContext context) {
        super(name);
        this.predicate = predicate;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        if (node.args().size() != 1 || !(node.args().get(0) instanceof Expr.Lambda lambda)) {
            throw new TickscriptException(node.position(), "where takes one lambda expression");
        }
        new NodeProperties(node).rejectUnknown();
        return new WhereNode(node.name() + node.id(), PointExpression.predicate(lambda), context);
    }

    private boolean passes(Point point, GroupId group) {
        try {
            return predicate.test(point, group);
        } catch (LambdaException e) {
            context.logger().log(System.Logger.Level.DEBUG, "where expression failed: {0}", e.getMessage());
            return false;
        }
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            if (passes(pm.point(), pm.group())) {
                emit(pm);
            }
        } else if (message instanceof Message.BatchMessage bm) {
            List<Point> kept = new ArrayList<>();
            for (Point p : bm.points()) {
                if (passes(p, bm.group())) {
                    kept.add(p);
                }
            }
            emit(new Message.BatchMessage(bm.name(), bm.group(), bm.tags(), bm.time(), kept));
        }
    }
}
