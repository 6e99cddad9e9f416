package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code |default().field('name', value).tag('name', 'value')}: sets fields that are missing and tags that are
 * missing or empty. On batches the batch tags are defaulted too.
 */
final class DefaultNode extends StreamNode {
    private final Map<String, Object> fields;
    private final Map<String, String> tags;

    private DefaultNode(String name, Map<String, Object> fields, Map<String, String> tags) {
        super(name);
        this.fields = fields;
        this.tags = tags;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (PipelineNode.Property p : props.all("field")) {
            NodeProperties.arity(p, 2, 2);
            fields.put(NodeProperties.asString(p.args().get(0), p.position(), "field"),
                    Nodes.literal(p.args().get(1), p.position(), "field"));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (PipelineNode.Property p : props.all("tag")) {
            NodeProperties.arity(p, 2, 2);
            tags.put(NodeProperties.asString(p.args().get(0), p.position(), "tag"),
                    NodeProperties.asString(p.args().get(1), p.position(), "tag"));
        }
        props.rejectUnknown();
        return new DefaultNode(Nodes.name(node), fields, tags);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            emit(new Message.PointMessage(apply(pm.point()), pm.group()));
        } else if (message instanceof Message.BatchMessage bm) {
            List<Point> out = new ArrayList<>(bm.points().size());
            for (Point p : bm.points()) {
                out.add(apply(p));
            }
            emit(new Message.BatchMessage(bm.name(), bm.group(), defaultTags(bm.tags()), bm.time(), out));
        }
    }

    private Map<String, String> defaultTags(Map<String, String> in) {
        Map<String, String> out = in;
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String v = in.get(e.getKey());
            if (v == null || v.isEmpty()) {
                if (out == in) {
                    out = new HashMap<>(in);
                }
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private Point apply(Point p) {
        Map<String, Object> f = p.fields();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (!p.fields().containsKey(e.getKey())) {
                if (f == p.fields()) {
                    f = new HashMap<>(f);
                }
                f.put(e.getKey(), e.getValue());
            }
        }
        Map<String, String> t = defaultTags(p.tags());
        return f == p.fields() && t == p.tags() ? p : Nodes.with(p, t, f);
    }
}
