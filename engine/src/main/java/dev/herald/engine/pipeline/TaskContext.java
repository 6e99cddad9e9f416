package dev.herald.engine.pipeline;

import dev.herald.engine.alert.Inhibitors;
import dev.herald.engine.handler.HandlerRegistry;
import dev.herald.engine.topic.TopicRegistry;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a task's nodes may use of the engine.
 *
 * @param taskId     the task id
 * @param handlers   installed handler plugins
 * @param topics     topics and their handlers
 * @param inhibitors alert inhibitors shared by all tasks
 * @param clock      the engine clock (deadman checks)
 * @param scheduler  timers
 * @param logger     the task's log
 * @param dbrps      the databases and retention policies the task reads
 * @param loopback   writes a point back into the engine, after the current write (kapacitorLoopback)
 * @param influxdb   the {@code [[influxdb]]} clusters influxDBOut writes to
 */
public record TaskContext(String taskId, HandlerRegistry handlers, TopicRegistry topics, Inhibitors inhibitors,
        Clock clock, ScheduledExecutorService scheduler, System.Logger logger,
        java.util.List<dev.herald.engine.task.Dbrp> dbrps, java.util.function.Consumer<dev.herald.engine.Point> loopback,
        dev.herald.engine.influxdb.InfluxDbClusters influxdb) {

    /** Kapacitor's task master id, the first part of anonymous topic names. */
    public static final String TASK_MASTER_ID = "main";
}
