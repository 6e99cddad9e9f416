package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.task.Dbrp;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code |kapacitorLoopback().database('db').retentionPolicy('rp').measurement('m').tag('k', 'v')}: writes every
 * point (and every point of a batch, with the batch's tags) back into the engine as if it had been written to
 * {@code db.rp}, so that other tasks reading that database see it. As Kapacitor, a task may not loop back into a
 * database and retention policy it reads itself ({@code loop detected on dbrp}).
 */
final class KapacitorLoopbackNode extends StreamNode {
    private final String database;
    private final String retentionPolicy;
    private final String measurement;
    private final Map<String, String> tags;
    private final Consumer<Point> loopback;

    private KapacitorLoopbackNode(String name, String database, String retentionPolicy, String measurement,
            Map<String, String> tags, Consumer<Point> loopback) {
        super(name);
        this.database = database;
        this.retentionPolicy = retentionPolicy;
        this.measurement = measurement;
        this.tags = tags;
        this.loopback = loopback;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        String database = props.string("database").orElse("");
        String retentionPolicy = props.string("retentionPolicy").orElse("");
        String measurement = props.string("measurement").orElse("");
        Map<String, String> tags = Nodes.tagProperties(props);
        props.rejectUnknown();
        if (database.isEmpty()) {
            throw new TickscriptException(node.position(), "must specify a database");
        }
        if (retentionPolicy.isEmpty()) {
            throw new TickscriptException(node.position(), "must specify a retention policy");
        }
        for (Dbrp dbrp : context.dbrps()) {
            if (dbrp.db().equals(database) && dbrp.rp().equals(retentionPolicy)) {
                throw new TickscriptException(node.position(), "loop detected on dbrp: \"" + database + "\".\""
                        + retentionPolicy + "\"");
            }
        }
        return new KapacitorLoopbackNode(Nodes.name(node), database, retentionPolicy, measurement, tags,
                context.loopback());
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            loopback.accept(rewrite(pm.point(), pm.point().tags()));
        } else if (message instanceof Message.BatchMessage bm) {
            for (Point p : bm.points()) {
                loopback.accept(rewrite(p, Nodes.batchPointTags(bm, p)));
            }
        }
        emit(message);
    }

    private Point rewrite(Point p, Map<String, String> pointTags) {
        Map<String, String> t = Nodes.plusTags(pointTags, tags);
        return new Point(database, retentionPolicy, measurement.isEmpty() ? p.name() : measurement, t, p.fields(),
                p.time());
    }
}
