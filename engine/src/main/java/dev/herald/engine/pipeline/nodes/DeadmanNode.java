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
 * {@code |deadman(threshold, interval)}: the throughput half of Kapacitor's deadman switch. It counts the points
 * of each group it receives (and does not pass them on) and, every {@code interval} on the engine's scheduler
 * (first tick aligned to a multiple of the interval on the engine clock), emits per group a point named
 * {@code stats} with the group's tags and the float field {@code emitted}: the points the group received since the
 * previous tick, timed at the engine clock rounded to the interval.
 *
 * <p>As in Kapacitor (whose deadman is {@code stats(interval).align()|derivative('emitted').unit(interval)
 * .nonNegative()|alert()}), a group is first reported at the second tick after it appeared, and while no group
 * has been seen the nil group is reported with {@code emitted = 0}. Groups that stop sending keep being reported
 * with {@code emitted = 0}.
 *
 * <p>Raising the alert is the job of the alert node that {@code dev.herald.engine.alert.DeadmanAlertNode} puts
 * below it, configured as Kapacitor's deadman configures its own:
 * <pre>{@code
 * |deadman(0.0, 10s)
 * |alert()
 *     .crit(lambda: "emitted" <= 0.0)
 *     .id('{{ .Group }}:from1 for task \'{{ .TaskName }}\'')
 *     .message('{{ .ID }} is {{ if eq .Level "OK" }}alive{{ else }}dead{{ end }}: {{ index .Fields "emitted" | printf "%0.3f" }} points/10s.')
 * }</pre>
 * The threshold and the optional extra lambda expressions ({@code deadman(threshold, interval, lambda...)}) are
 * validated and kept ({@link #threshold()}) but only that alert applies them.
 *
 * <p>Ticks run on the scheduler thread, not the writer's: they hold the task's lock (as writes do) and this node's,
 * so every node of the task sees one thread at a time.
 */
final class DeadmanNode extends StreamNode {
    private final double threshold;
    private final Duration interval;
    private final TaskContext context;
    private final Map<String, GroupCount> groups = new LinkedHashMap<>();
    private final ScheduledFuture<?> timer;
    private boolean seenAny;

    private static final class GroupCount {
        final GroupId group;
        final Map<String, String> tags;
        long count;
        boolean primed;

        GroupCount(GroupId group, Map<String, String> tags) {
            this.group = group;
            this.tags = tags;
        }
    }

    private DeadmanNode(String name, double threshold, Duration interval, TaskContext context) {
        super(name);
        this.threshold = threshold;
        this.interval = interval;
        this.context = context;
        groups.put(GroupId.NIL.id(), new GroupCount(GroupId.NIL, Map.of()));
        long unit = interval.toNanos();
        long now = Nodes.nanos(context.clock().instant());
        long delay = unit - Math.floorMod(now, unit);
        this.timer = context.scheduler().scheduleAtFixedRate(this::tick, delay, unit, TimeUnit.NANOSECONDS);
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 2, Integer.MAX_VALUE, "a threshold, an interval and optional lambda expressions");
        double threshold = NodeProperties.asNumber(node.args().get(0), node.position(), "deadman threshold");
        Duration interval = Nodes.positive(Nodes.durationArg(node, 1, "interval"), node.position(),
                "deadman interval");
        for (int i = 2; i < node.args().size(); i++) {
            Nodes.lambdaArg(node, i, "expression");
        }
        // The properties (.id(), .message(), .slack(), ...) belong to the alert half; see DeadmanAlertNode.
        return new DeadmanNode(Nodes.name(node), threshold, interval, context);
    }

    /** The threshold, for the alert below: the group is dead when {@code emitted <= threshold}. */
    double threshold() {
        return threshold;
    }

    @Override
    public synchronized void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            count(pm.group(), pm.point().tags(), 1);
        } else if (message instanceof Message.BatchMessage bm) {
            count(bm.group(), bm.tags(), bm.points().size());
        }
    }

    private void count(GroupId group, Map<String, String> tags, int n) {
        if (!seenAny) {
            seenAny = true;
            if (!group.isNil()) {
                groups.remove(GroupId.NIL.id());
            }
        }
        groups.computeIfAbsent(group.id(), k -> new GroupCount(group, Nodes.groupTags(group, tags))).count += n;
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
            Instant time = Nodes.truncate(now.plus(interval.dividedBy(2)), interval);
            List<Message> out = new ArrayList<>();
            for (GroupCount g : groups.values()) {
                if (g.primed) {
                    out.add(new Message.PointMessage(new Point("", "", "stats", g.tags,
                            Map.of("emitted", (double) g.count), time), g.group));
                }
                g.primed = true;
                g.count = 0;
            }
            for (Message m : out) {
                emit(m);
            }
        } catch (RuntimeException e) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: deadman tick failed: {1}", name(), e.toString());
        }
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
