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
 * {@code |sample(n)} keeps every n-th point of each group (the first, the n+1-th, ...); {@code |sample(duration)}
 * keeps the points whose time is a multiple of the duration. Batches are sampled point by point, the count
 * restarting with each batch.
 */
final class SampleNode extends StreamNode {
    private final long n;
    private final Duration every;
    private final Map<String, long[]> counts = new HashMap<>();

    private SampleNode(String name, long n, Duration every) {
        super(name);
        this.n = n;
        this.every = every;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 1, 1, "a count or a duration");
        Expr arg = node.args().get(0);
        long n = 0;
        Duration d = Duration.ZERO;
        if (arg instanceof Expr.IntLit i) {
            n = i.value();
            if (n <= 0) {
                throw new TickscriptException(node.position(), "sample count must be greater than zero, got " + n);
            }
        } else if (arg instanceof Expr.DurationLit dl) {
            d = Nodes.positive(dl.duration(), node.position(), "sample duration");
        } else {
            throw NodeProperties.typeError(node.position(), "sample rate", "an integer or a duration", arg);
        }
        new NodeProperties(node).rejectUnknown();
        return new SampleNode(Nodes.name(node), n, d);
    }

    private boolean keep(long count, Point p) {
        if (!every.isZero()) {
            return Nodes.truncate(p.time(), every).equals(p.time());
        }
        return count % n == 0;
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            long[] count = counts.computeIfAbsent(pm.group().id(), k -> new long[1]);
            boolean keep = keep(count[0], pm.point());
            count[0]++;
            if (keep) {
                emit(pm);
            }
        } else if (message instanceof Message.BatchMessage bm) {
            List<Point> out = new ArrayList<>();
            long count = 0;
            for (Point p : bm.points()) {
                if (keep(count++, p)) {
                    out.add(p);
                }
            }
            emit(Nodes.withPoints(bm, out));
        }
    }
}
