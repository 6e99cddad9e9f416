package dev.herald.engine.pipeline.nodes;

import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.topic.TopicRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * {@code |httpOut('endpoint')}: keeps the last point or batch of each group in memory, in InfluxQL result shape
 * (one {@link SeriesRow} per group, in the order the groups appeared), for the server to serve at
 * {@code /kapacitor/v1/tasks/<task>/<endpoint>}; passes everything on unchanged.
 *
 * <p>The server finds the node of a running task with {@link #find(TopicRegistry, String, String)}, passing the
 * engine's {@code herald.topics()} (which identifies the engine), and reads {@link #result()}. A node is findable
 * from when its task starts until the task stops or is redefined.
 */
public final class HttpOutNode extends StreamNode {
    /** Live nodes by engine and task/endpoint; the last built is served (a redefinition replaces the task). */
    private static final Map<TopicRegistry, Map<String, List<HttpOutNode>>> REGISTRY = new WeakHashMap<>();

    private final String taskId;
    private final String endpoint;
    private final TopicRegistry engine;
    private final Map<String, SeriesRow> rows = new LinkedHashMap<>();

    private HttpOutNode(String name, String taskId, String endpoint, TopicRegistry engine) {
        super(name);
        this.taskId = taskId;
        this.endpoint = endpoint;
        this.engine = engine;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 1, 1, "an endpoint name");
        String endpoint = Nodes.stringArg(node, 0, "endpoint");
        new NodeProperties(node).rejectUnknown();
        if (endpoint.isEmpty() || endpoint.contains("/")) {
            throw new TickscriptException(node.position(), "invalid httpOut endpoint \"" + endpoint
                    + "\": use a non-empty name without '/'");
        }
        HttpOutNode out = new HttpOutNode(Nodes.name(node), context.taskId(), endpoint, context.topics());
        synchronized (REGISTRY) {
            REGISTRY.computeIfAbsent(context.topics(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(key(context.taskId(), endpoint), k -> new ArrayList<>()).add(out);
        }
        return out;
    }

    private static String key(String taskId, String endpoint) {
        return taskId + "/" + endpoint;
    }

    /**
     * The httpOut node serving {@code endpoint} of the running task {@code taskId} in the engine whose topic
     * registry is {@code topics} ({@code herald.topics()}).
     */
    public static Optional<HttpOutNode> find(TopicRegistry topics, String taskId, String endpoint) {
        synchronized (REGISTRY) {
            Map<String, List<HttpOutNode>> nodes = REGISTRY.get(topics);
            List<HttpOutNode> live = nodes == null ? null : nodes.get(key(taskId, endpoint));
            return live == null || live.isEmpty() ? Optional.empty() : Optional.of(live.get(live.size() - 1));
        }
    }

    /** The task id. */
    public String taskId() {
        return taskId;
    }

    /** The endpoint name, the last part of {@code /kapacitor/v1/tasks/<task>/<endpoint>}. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The current result: the last row of each group, in the order the groups appeared (Kapacitor's
     * {@code {"series": [...]}}); a point gives a row of one value, a batch a row per point. Columns are
     * {@code time} then the field names sorted (for batches also the point tags that are not batch tags); the first
     * cell of each value list is the time as an {@link Instant}. Thread-safe.
     */
    public synchronized List<SeriesRow> result() {
        return List.copyOf(rows.values());
    }

    @Override
    public void receive(Message message) {
        SeriesRow row;
        if (message instanceof Message.PointMessage pm) {
            row = dev.herald.engine.pipeline.SeriesRows.of(pm.point());
        } else if (message instanceof Message.BatchMessage bm) {
            row = dev.herald.engine.pipeline.SeriesRows.of(bm);
        } else {
            return;
        }
        synchronized (this) {
            rows.put(message.group().id(), row);
        }
        emit(message);
    }

    @Override
    public void close() {
        synchronized (REGISTRY) {
            Map<String, List<HttpOutNode>> nodes = REGISTRY.get(engine);
            List<HttpOutNode> live = nodes == null ? null : nodes.get(key(taskId, endpoint));
            if (live != null) {
                live.removeIf(n -> n == this);
                if (live.isEmpty()) {
                    nodes.remove(key(taskId, endpoint));
                }
                if (nodes.isEmpty()) {
                    REGISTRY.remove(engine);
                }
            }
        }
    }
}
