package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code node|stats(interval)}: every {@code interval} on the engine's scheduler, emits per group of its source
 * node a point named {@code stats} with the group's tags and the int field {@code emitted}, the number of messages
 * (points or batches) the source has sent in that group since the task started, timed at the engine clock (with
 * {@code .align()}: first tick at a multiple of the interval, time rounded to it). Before the source sent anything
 * the nil group is reported with {@code emitted = 0}, as in Kapacitor. The source's data is not passed on.
 *
 * <p>Ticks run on the scheduler thread: they hold the task's lock (as writes do) and this node's.
 */
final class StatsNode extends StreamNode {
    private final Duration interval;
    private final boolean align;
    private final TaskContext context;
    private final Map<String, GroupCount> groups = new LinkedHashMap<>();
    private final ScheduledFuture<?> timer;

    private static final class GroupCount {
        final GroupId group;
        final Map<String, String> tags;
        long count;

        GroupCount(GroupId group, Map<String, String> tags) {
            this.group = group;
            this.tags = tags;
        }
    }

    private StatsNode(String name, Duration interval, boolean align, TaskContext context) {
        super(name);
        this.interval = interval;
        this.align = align;
        this.context = context;
        long unit = interval.toNanos();
        long delay = unit;
        if (align) {
            long now = Nodes.nanos(context.clock().instant());
            delay = unit - Math.floorMod(now, unit);
        }
        this.timer = context.scheduler().scheduleAtFixedRate(this::tick, delay, unit, TimeUnit.NANOSECONDS);
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 1, 1, "an interval");
        Duration interval = Nodes.positive(Nodes.durationArg(node, 0, "interval"), node.position(),
                "stats interval");
        NodeProperties props = new NodeProperties(node);
        boolean align = props.flag("align");
        props.rejectUnknown();
        return new StatsNode(Nodes.name(node), interval, align, context);
    }

    @Override
    public synchronized void receive(Message message) {
        GroupId group = message.group();
        Map<String, String> tags = message instanceof Message.PointMessage pm ? pm.point().tags()
                : ((Message.BatchMessage) message).tags();
        groups.computeIfAbsent(group.id(), k -> new GroupCount(group, Nodes.groupTags(group, tags))).count++;
    }

    /** One interval elapsed: report every group (holding the task's lock, as writes do). */
    void tick() {
        synchronized (taskLock()) {
            tickLocked();
        }
    }

    private synchronized void tickLocked() {
        try {
            Instant now = context.clock().instant();
            Instant time = align ? Nodes.round(now, interval) : now;
            List<Message> out = new ArrayList<>();
            if (groups.isEmpty()) {
                out.add(new Message.PointMessage(new Point("", "", "stats", Map.of(), Map.of("emitted", 0L), time),
                        GroupId.NIL));
            }
            for (GroupCount g : groups.values()) {
                out.add(new Message.PointMessage(new Point("", "", "stats", g.tags, Map.of("emitted", g.count),
                        time), g.group));
            }
            for (Message m : out) {
                emit(m);
            }
        } catch (RuntimeException e) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: stats tick failed: {1}", name(), e.toString());
        }
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
