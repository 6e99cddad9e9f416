package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.influxdb.InfluxDbClusters;
import dev.herald.engine.influxdb.InfluxDbConfig;
import dev.herald.engine.influxdb.InfluxDbOutput;
import dev.herald.engine.influxdb.LineProtocolWriter;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code |influxDBOut().cluster('c').database('db').retentionPolicy('rp').measurement('m').tag('k', 'v')
 * .precision('s').buffer(1000).flushInterval(10s).create().writeConsistency('any')}: writes every point (and every
 * point of a batch) to an InfluxDB 1.x server as Kapacitor does, buffered: a batch goes out when {@code buffer}
 * points are waiting, every {@code flushInterval}, when the task stops and, unlike Kapacitor, at the end of every
 * write request, so that points are in the durable outbox before the write is acknowledged (Kapacitor holds up to
 * {@code buffer} points in memory and loses them in a crash). Batches are delivered by the node's own lane
 * ({@link InfluxDbOutput}). {@code .create()} issues {@code CREATE DATABASE} (with the retention policy) when the
 * task starts.
 */
final class InfluxDbOutNode extends StreamNode {
    private static final Set<String> PRECISIONS = Set.of("", "n", "ns", "u", "ms", "s", "m", "h");

    private final InfluxDbOutput output;
    private final String measurement;
    private final Map<String, String> tags;
    private final String precision;
    private final long bufferSize;
    private final StringBuilder buffer = new StringBuilder();
    private final ScheduledFuture<?> flusher;
    private long buffered;

    private InfluxDbOutNode(String name, TaskContext context, InfluxDbConfig cluster, String database,
            String retentionPolicy, String measurement, Map<String, String> tags, String precision,
            String consistency, long bufferSize, Duration flushInterval) {
        super(name);
        this.measurement = measurement;
        this.tags = tags;
        this.precision = precision;
        this.bufferSize = bufferSize;
        this.output = context.influxdb().output(context.taskId(), name, cluster, database, retentionPolicy, precision,
                consistency, this::flush);
        long every = Math.max(1, flushInterval.toMillis());
        this.flusher = context.scheduler().scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        String clusterName = props.string("cluster").orElse("");
        String database = props.string("database").orElse("");
        String retentionPolicy = props.string("retentionPolicy").orElse("");
        String measurement = props.string("measurement").orElse("");
        String precision = props.string("precision").orElse("");
        String consistency = props.string("writeConsistency").orElse("");
        long bufferSize = props.integer("buffer").orElse(1000L);
        Duration flushInterval = props.duration("flushInterval").orElse(Duration.ofSeconds(10));
        boolean create = props.flag("create");
        Map<String, String> tags = Nodes.tagProperties(props);
        props.rejectUnknown();
        if (database.isEmpty()) {
            throw new TickscriptException(node.position(), "must specify a database");
        }
        if (!PRECISIONS.contains(precision)) {
            throw new TickscriptException(node.position(), "invalid precision \"" + precision
                    + "\": use n, u, ms, s, m or h");
        }
        if (bufferSize <= 0) {
            throw new TickscriptException(node.position(), "buffer must be positive, got " + bufferSize);
        }
        InfluxDbConfig cluster = context.influxdb().cluster(clusterName).orElseThrow(() -> new TickscriptException(
                node.position(), clusterName.isEmpty() ? "no default InfluxDB cluster: configure [[influxdb]] or "
                + "name one with .cluster()" : "unknown InfluxDB cluster \"" + clusterName + "\""));
        if (create) {
            String command = "CREATE DATABASE " + InfluxDbClusters.quoteIdent(database)
                    + (retentionPolicy.isEmpty() ? "" : " WITH NAME " + InfluxDbClusters.quoteIdent(retentionPolicy));
            context.influxdb().query(cluster, command);
        }
        return new InfluxDbOutNode(Nodes.name(node), context, cluster, database, retentionPolicy, measurement,
                tags, precision.equals("ns") ? "n" : precision, consistency, bufferSize, flushInterval);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            add(pm.point(), pm.point().tags());
        } else if (message instanceof Message.BatchMessage bm) {
            for (Point p : bm.points()) {
                add(p, Nodes.batchPointTags(bm, p));
            }
        }
        emit(message);
    }

    private void add(Point p, Map<String, String> pointTags) {
        Map<String, String> t = Nodes.plusTags(pointTags, tags);
        boolean full;
        synchronized (buffer) {
            LineProtocolWriter.append(buffer, measurement.isEmpty() ? p.name() : measurement, t, p.fields(),
                    p.time(), precision);
            buffered++;
            full = buffered >= bufferSize;
        }
        if (full) {
            flush();
        }
    }

    private void flush() {
        String lines;
        synchronized (buffer) {
            if (buffered == 0) {
                return;
            }
            lines = buffer.toString();
            buffer.setLength(0);
            buffered = 0;
        }
        output.submit(lines);
    }

    @Override
    public void close() {
        flusher.cancel(false);
        flush();
        output.close();
    }
}
