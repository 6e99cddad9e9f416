package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code |barrier().idle(d)} or {@code |barrier().period(d)}: passes data on and, per group, emits barriers that let
 * windows below emit without waiting for more data. {@code idle}: when a group has received nothing for {@code d}
 * (engine scheduler), a barrier at the group's last point time plus {@code d}, repeated every {@code d} while idle.
 * {@code period}: every {@code d}, a barrier at the engine clock. Data older than the group's last barrier is dropped.
 * As in Kapacitor, exactly one of the two must be set and greater than zero.
 *
 * <p>Timers run on the scheduler thread: they hold the task's lock (as writes do) and this node's, so every node of
 * the task, also one that joins this branch with another, sees one thread at a time.
 */
final class BarrierNode extends StreamNode {
    private final long idle;
    private final long period;
    private final TaskContext context;
    private final Map<String, Group> groups = new HashMap<>();
    private boolean closed;

    private final class Group {
        final GroupId group;
        Instant lastPoint;
        Instant lastBarrier = Instant.MIN;
        ScheduledFuture<?> timer;

        Group(GroupId group) {
            this.group = group;
            this.lastPoint = context.clock().instant();
        }

        void arm() {
            if (timer != null) {
                timer.cancel(false);
            }
            if (closed) {
                return;
            }
            if (idle > 0) {
                timer = context.scheduler().schedule(() -> fire(this), idle, TimeUnit.NANOSECONDS);
            } else if (timer == null) {
                timer = context.scheduler().scheduleAtFixedRate(() -> fire(this), period, period,
                        TimeUnit.NANOSECONDS);
            }
        }
    }

    private BarrierNode(String name, Duration idle, Duration period, TaskContext context) {
        super(name);
        this.idle = idle.toNanos();
        this.period = period.toNanos();
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        Duration idle = props.duration("idle").orElse(Duration.ZERO);
        Duration period = props.duration("period").orElse(Duration.ZERO);
        if (props.last("delete").isPresent()) {
            throw new TickscriptException(props.last("delete").get().position(), "barrier .delete() is not "
                    + "supported: Herald nodes keep the state of each group");
        }
        props.rejectUnknown();
        if (!idle.isZero() && !period.isZero()) {
            throw new TickscriptException(node.position(), "cannot specify both idle and period");
        }
        if (period.isZero() && (idle.isNegative() || idle.isZero())) {
            throw new TickscriptException(node.position(), "idle must be greater than zero");
        }
        if (idle.isZero() && period.isNegative()) {
            throw new TickscriptException(node.position(), "period must be greater than zero");
        }
        return new BarrierNode(Nodes.name(node), idle, period, context);
    }

    @Override
    public synchronized void receive(Message message) {
        Group g = groups.get(message.group().id());
        if (g == null) {
            g = new Group(message.group());
            groups.put(message.group().id(), g);
            g.arm();
        }
        Instant t = message instanceof Message.PointMessage pm ? pm.point().time()
                : message instanceof Message.BatchMessage bm ? bm.time() : ((Message.BarrierMessage) message).time();
        if (t.isBefore(g.lastBarrier)) {
            return;
        }
        if (idle > 0) {
            g.arm();
            g.lastPoint = t;
        }
        if (message instanceof Message.BarrierMessage) {
            g.lastBarrier = t;
        }
        emit(message);
    }

    @Override
    protected synchronized void barrier(Message.BarrierMessage barrier) {
        receive(barrier);
    }

    private void fire(Group g) {
        synchronized (taskLock()) {
            fireLocked(g);
        }
    }

    private synchronized void fireLocked(Group g) {
        if (closed) {
            return;
        }
        try {
            Instant t;
            if (idle > 0) {
                t = g.lastPoint.plusNanos(idle);
                g.lastPoint = t;
                g.arm();
            } else {
                t = context.clock().instant();
            }
            g.lastBarrier = t;
            emit(new Message.BarrierMessage(g.group, t));
        } catch (RuntimeException e) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: barrier failed: {1}", name(), e.toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Group g : groups.values()) {
            if (g.timer != null) {
                g.timer.cancel(false);
            }
        }
    }
}
