package dev.herald.engine.influxdb;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.engine.dispatch.DeliveryLane;
import dev.herald.engine.dispatch.Dispatcher;
import dev.herald.engine.outbox.OutboxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Where one {@code |influxDBOut()} node sends its batches: each batch is appended to the outbox as a record for the
 * node's own delivery lane (kind {@value #KIND}) and delivered from there, so a batch survives a crash and an
 * InfluxDB outage as alert events do. The record is an {@link AlertEvent} with no topic: its message is the line
 * protocol, its details the write's query string ({@code consistency=&db=&precision=&rp=}), its data names the task
 * and node.
 */
public final class InfluxDbOutput implements AutoCloseable {
    /** The handler kind of influxDBOut lanes, for {@code [delivery.influxdb]} retry settings and metrics. */
    public static final String KIND = "influxdb";

    private final Dispatcher dispatcher;
    private final DeliveryLane lane;
    private final String query;
    private final String taskId;
    private final String node;
    private final Clock clock;
    private final Runnable unregister;

    InfluxDbOutput(Dispatcher dispatcher, DeliveryLane lane, String query, String taskId, String node, Clock clock,
            Runnable flush) {
        this.dispatcher = dispatcher;
        this.unregister = dispatcher.beforeCommit(flush);
        this.lane = lane;
        this.query = query;
        this.taskId = taskId;
        this.node = node;
        this.clock = clock;
    }

    /** The lane name of node {@code node} of task {@code taskId}: stable across restarts, so a backlog resumes. */
    static String laneName(String taskId, String node) {
        return "influxDBOut:" + taskId + ":" + node + "/~" + KIND + "-0";
    }

    /**
     * Appends {@code lines} to the outbox (durable at the next commit) and queues them on the lane. When the outbox
     * cannot be written the batch is still queued in memory, as alert events are, and the failed outbox refuses
     * the next write.
     */
    public void submit(String lines) {
        AlertEvent batch = new AlertEvent("", taskId + ":" + node, lines, query, clock.instant(), Duration.ZERO,
                Level.OK, Level.OK, new EventData(node, taskId, "", "", java.util.Map.of(), java.util.Map.of(),
                        false, List.of()));
        long seq;
        try {
            seq = dispatcher.outbox().append(batch, List.of(lane.name()));
        } catch (OutboxException e) {
            seq = -1;
        }
        lane.offer(seq, batch);
    }

    /** Stops taking batches (the node has flushed its last one); what is queued is still delivered. */
    @Override
    public void close() {
        unregister.run();
        lane.close();
    }
}
