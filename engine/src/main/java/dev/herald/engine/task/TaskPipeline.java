package dev.herald.engine.task;

import dev.herald.engine.Point;
import dev.herald.engine.alert.AlertNode;
import dev.herald.engine.pipeline.CompositeNode;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeBuilder;
import dev.herald.engine.pipeline.NodeCatalog;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.Program;
import dev.herald.engine.tick.TickscriptException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled, running task: the node graph built from its TICKscript. Points are written by one thread at a time
 * (the engine serializes per task).
 */
public final class TaskPipeline implements AutoCloseable {
    private final List<StreamNode> roots;
    private final List<StreamNode> nodes;
    private final List<Dbrp> dbrps;

    private TaskPipeline(List<StreamNode> roots, List<StreamNode> nodes, List<Dbrp> dbrps) {
        this.roots = roots;
        this.nodes = nodes;
        this.dbrps = dbrps;
    }

    /** The root that passes every point down (TICKscript {@code stream}). */
    private static final class StreamRoot extends StreamNode {
        StreamRoot(String name) {
            super(name);
        }

        @Override
        public void receive(Message message) {
            emit(message);
        }
    }

    /**
     * Builds the pipeline of {@code program}.
     *
     * @throws TickscriptException naming line and column of what cannot be built
     */
    public static TaskPipeline compile(Program program, TaskSpec spec, TaskContext context) {
        Map<PipelineNode, StreamNode> built = new HashMap<>();
        List<StreamNode> roots = new ArrayList<>();
        List<StreamNode> all = new ArrayList<>();
        try {
            for (PipelineNode node : program.nodes()) {
                StreamNode runtime;
                if (node.isRoot()) {
                    if (node.name().equals("batch")) {
                        throw new TickscriptException(node.position(), "batch tasks are not supported: Herald has no "
                                + "InfluxDB to query; use stream tasks");
                    }
                    if (!node.name().equals("stream")) {
                        throw new TickscriptException(node.position(), "a pipeline must start with stream, not "
                                + node.name());
                    }
                    runtime = new StreamRoot("stream" + node.id());
                    roots.add(runtime);
                } else {
                    NodeBuilder builder = NodeCatalog.builder(node.name()).orElseThrow(() -> new TickscriptException(
                            node.position(), "unknown node \"" + node.name() + "\"; known nodes: "
                            + String.join(", ", NodeCatalog.names())));
                    runtime = builder.build(node, context);
                    for (PipelineNode parent : node.parents()) {
                        StreamNode p = built.get(parent);
                        if (p == null) {
                            throw new TickscriptException(node.position(), "node " + node.name()
                                    + " is chained on a node that is not built yet");
                        }
                        (p instanceof CompositeNode c ? c.tail() : p).addChild(runtime);
                    }
                }
                built.put(node, runtime);
                all.add(runtime);
            }
        } catch (RuntimeException e) {
            all.forEach(StreamNode::close);
            throw e;
        }
        if (roots.isEmpty()) {
            throw new TickscriptException(dev.herald.engine.tick.ast.Position.NONE,
                    "the script has no stream pipeline");
        }
        TaskPipeline pipeline = new TaskPipeline(roots, all, spec.dbrps());
        // Herald synchronizes writes on the pipeline; timer-driven nodes take the same lock
        for (StreamNode n : all) {
            n.taskLock(pipeline);
            if (n instanceof CompositeNode c) {
                c.parts().forEach(part -> part.taskLock(pipeline));
            }
        }
        return pipeline;
    }

    /** Whether the task reads points written to {@code db}/{@code rp}. */
    public boolean reads(String db, String rp) {
        if (dbrps.isEmpty()) {
            return true;
        }
        for (Dbrp d : dbrps) {
            if (d.db().equals(db) && d.rp().equals(rp)) {
                return true;
            }
        }
        return false;
    }

    /** Feeds one point to every root. */
    public void write(Point point) {
        Message message = new Message.PointMessage(point, GroupId.NIL);
        for (StreamNode root : roots) {
            root.receive(message);
        }
    }

    /** The alert nodes of the task. */
    public List<AlertNode> alertNodes() {
        return nodes.stream().flatMap(n -> n instanceof CompositeNode c ? c.parts().stream()
                : java.util.stream.Stream.of(n)).filter(n -> n instanceof AlertNode).map(n -> (AlertNode) n).toList();
    }

    /** Node names in build order, e.g. {@code [stream0, from1, alert2]}. */
    public List<String> nodeNames() {
        return nodes.stream().map(StreamNode::name).toList();
    }

    @Override
    public void close() {
        nodes.forEach(StreamNode::close);
    }
}
