package dev.herald.engine.pipeline;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.ast.Expr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code stream|from()}: selects points by database, retention policy and measurement, filters them with
 * {@code .where()}, truncates their time and groups them.
 */
final class FromNode extends StreamNode {
    private final Optional<String> database;
    private final Optional<String> retentionPolicy;
    private final Optional<String> measurement;
    private final Optional<PointExpression> where;
    private final Duration truncate;
    private final Grouping grouping;
    private final TaskContext context;

    private FromNode(String name, Optional<String> database, Optional<String> retentionPolicy,
            Optional<String> measurement, Optional<PointExpression> where, Duration truncate, Grouping grouping,
            TaskContext context) {
        super(name);
        this.database = database;
        this.retentionPolicy = retentionPolicy;
        this.measurement = measurement;
        this.where = where;
        this.truncate = truncate;
        this.grouping = grouping;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        NodeProperties props = new NodeProperties(node);
        Optional<String> db = props.string("database");
        Optional<String> rp = props.string("retentionPolicy");
        Optional<String> m = props.string("measurement");
        Optional<PointExpression> where = props.lambda("where").map(PointExpression::predicate);
        Duration truncate = props.duration("truncate").orElse(Duration.ZERO);
        List<String> dims = new ArrayList<>();
        boolean all = false;
        for (PipelineNode.Property p : props.all("groupBy")) {
            for (Expr arg : p.args()) {
                if (arg instanceof Expr.Star) {
                    all = true;
                } else {
                    dims.add(NodeProperties.asString(arg, p.position(), "groupBy"));
                }
            }
        }
        boolean byName = props.flag("groupByMeasurement");
        props.rejectUnknown();
        return new FromNode(node.name() + node.id(), db, rp, m, where, truncate, new Grouping(dims, all, byName),
                context);
    }

    @Override
    public void receive(Message message) {
        if (!(message instanceof Message.PointMessage pm)) {
            return;
        }
        Point point = pm.point();
        if (database.isPresent() && !database.get().equals(point.database())) {
            return;
        }
        if (retentionPolicy.isPresent() && !retentionPolicy.get().equals(point.retentionPolicy())) {
            return;
        }
        if (measurement.isPresent() && !measurement.get().equals(point.name())) {
            return;
        }
        if (where.isPresent()) {
            try {
                if (!where.get().test(point)) {
                    return;
                }
            } catch (LambdaException e) {
                context.logger().log(System.Logger.Level.DEBUG, "from where expression failed: {0}", e.getMessage());
                return;
            }
        }
        if (!truncate.isZero()) {
            long unit = truncate.toNanos();
            long nanos = point.time().getEpochSecond() * 1_000_000_000L + point.time().getNano();
            long truncated = Math.floorDiv(nanos, unit) * unit;
            point = new Point(point.database(), point.retentionPolicy(), point.name(), point.tags(), point.fields(),
                    Instant.ofEpochSecond(0, truncated));
        }
        emit(new Message.PointMessage(point, grouping.groupOf(point)));
    }
}
