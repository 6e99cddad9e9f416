package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code |delete().field('name').tag('name')}: removes fields and tags. A deleted tag that is a group dimension is
 * removed from the group of points too (as in Kapacitor); on batches the batch tags lose it.
 */
final class DeleteNode extends StreamNode {
    private final List<String> fields;
    private final List<String> tags;

    private DeleteNode(String name, List<String> fields, List<String> tags) {
        super(name);
        this.fields = fields;
        this.tags = tags;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        List<String> fields = one(props, "field");
        List<String> tags = one(props, "tag");
        props.rejectUnknown();
        return new DeleteNode(Nodes.name(node), fields, tags);
    }

    private static List<String> one(NodeProperties props, String name) {
        List<String> out = new ArrayList<>();
        for (PipelineNode.Property p : props.all(name)) {
            NodeProperties.arity(p, 1, 1);
            out.add(NodeProperties.asString(p.args().get(0), p.position(), name));
        }
        return List.copyOf(out);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            Point p = apply(pm.point());
            emit(new Message.PointMessage(p, Nodes.withoutDimensions(pm.group(), tags, p.name(), p.tags())));
        } else if (message instanceof Message.BatchMessage bm) {
            List<Point> out = new ArrayList<>(bm.points().size());
            for (Point p : bm.points()) {
                out.add(apply(p));
            }
            emit(new Message.BatchMessage(bm.name(), bm.group(), deleteTags(bm.tags()), bm.time(), out));
        }
    }

    private Map<String, String> deleteTags(Map<String, String> in) {
        Map<String, String> out = in;
        for (String tag : tags) {
            if (in.containsKey(tag)) {
                if (out == in) {
                    out = new HashMap<>(in);
                }
                out.remove(tag);
            }
        }
        return out;
    }

    private Point apply(Point p) {
        Map<String, Object> f = p.fields();
        for (String field : fields) {
            if (p.fields().containsKey(field)) {
                if (f == p.fields()) {
                    f = new HashMap<>(f);
                }
                f.remove(field);
            }
        }
        Map<String, String> t = deleteTags(p.tags());
        return f == p.fields() && t == p.tags() ? p : Nodes.with(p, t, f);
    }
}
