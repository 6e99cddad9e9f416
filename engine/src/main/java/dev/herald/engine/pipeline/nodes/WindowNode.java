package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code |window()}: buffers the points of each group and emits them as a {@link Message.BatchMessage}, driven by
 * point time as Kapacitor's stream windows are.
 *
 * <p>By time ({@code .period()}, {@code .every()}, {@code .align()}, {@code .fillPeriod()}): with {@code every > 0}
 * a window {@code [end - period, end)} is emitted when a point at or after {@code end} arrives (before that point
 * is added), and the next end is that point's time plus {@code every} (truncated to {@code every} when aligned);
 * with {@code every == 0} every point emits the window {@code (t - period, t]}. By count ({@code .periodCount()},
 * {@code .everyCount()}): the last {@code periodCount} points every {@code everyCount} points, timed as the last
 * point. Windows can be empty; batch input is not supported (as in Kapacitor).
 */
final class WindowNode extends StreamNode {
    private final Duration period;
    private final Duration every;
    private final boolean align;
    private final boolean fillPeriod;
    private final int periodCount;
    private final int everyCount;
    private final TaskContext context;
    private final Map<String, Window> windows = new HashMap<>();

    private WindowNode(String name, Duration period, Duration every, boolean align, boolean fillPeriod,
            int periodCount, int everyCount, TaskContext context) {
        super(name);
        this.period = period;
        this.every = every;
        this.align = align;
        this.fillPeriod = fillPeriod;
        this.periodCount = periodCount;
        this.everyCount = everyCount;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        Optional<Duration> period = props.duration("period");
        Optional<Duration> every = props.duration("every");
        boolean align = props.flag("align");
        boolean fillPeriod = props.flag("fillPeriod");
        Optional<Long> periodCount = props.integer("periodCount");
        Optional<Long> everyCount = props.integer("everyCount");
        props.rejectUnknown();
        long pc = periodCount.orElse(0L);
        long ec = everyCount.orElse(0L);
        Duration p = period.orElse(Duration.ZERO);
        Duration e = every.orElse(Duration.ZERO);
        if (p.isNegative()) {
            throw new TickscriptException(Nodes.at(props, "period", node), "period must not be negative");
        }
        if (e.isNegative()) {
            throw new TickscriptException(Nodes.at(props, "every", node), "every must not be negative");
        }
        if (pc != 0 && !p.isZero()) {
            throw new TickscriptException(Nodes.at(props, "periodCount", node),
                    "cannot specify both period and periodCount");
        }
        if (pc != 0 && align) {
            throw new TickscriptException(Nodes.at(props, "align", node),
                    "can only align windows based off time, not count");
        }
        if (pc != 0 && ec <= 0) {
            throw new TickscriptException(Nodes.at(props, "periodCount", node),
                    "everyCount must be greater than zero");
        }
        if (pc < 0 || pc > Integer.MAX_VALUE) {
            throw new TickscriptException(Nodes.at(props, "periodCount", node), "periodCount out of range: " + pc);
        }
        if (p.isZero() && pc == 0) {
            throw new TickscriptException(node.position(),
                    "window node must have either a non zero period or non zero period count");
        }
        return new WindowNode(Nodes.name(node), p, e, align, fillPeriod, (int) pc, (int) Math.min(ec,
                Integer.MAX_VALUE), context);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            Window w = windows.get(pm.group().id());
            if (w == null) {
                w = periodCount > 0 ? new CountWindow(pm.point(), pm.group())
                        : new TimeWindow(pm.point(), pm.group());
                windows.put(pm.group().id(), w);
            }
            Message.BatchMessage out = w.point(pm.point());
            if (out != null) {
                emit(out);
            }
        } else {
            context.logger().log(System.Logger.Level.ERROR, "{0}: window does not support batch data", name());
        }
    }

    @Override
    protected void barrier(Message.BarrierMessage barrier) {
        Window w = windows.get(barrier.group().id());
        if (w instanceof TimeWindow tw) {
            Message.BatchMessage out = tw.barrier(barrier.time());
            if (out != null) {
                emit(out);
            }
        } else {
            emit(barrier); // count windows and unknown groups pass it on, as Kapacitor's do
        }
    }

    private abstract static class Window {
        final String name;
        final GroupId group;
        final Map<String, String> tags;

        Window(Point first, GroupId group) {
            this.name = first.name();
            this.group = group;
            this.tags = Nodes.groupTags(group, first.tags());
        }

        abstract Message.BatchMessage point(Point p);

        Message.BatchMessage batch(Instant time, List<Point> points) {
            return new Message.BatchMessage(name, group, tags, time, points);
        }
    }

    private final class TimeWindow extends Window {
        private final ArrayDeque<Point> buffer = new ArrayDeque<>();
        private Instant nextEmit;

        TimeWindow(Point first, GroupId group) {
            super(first, group);
            Instant t = first.time();
            if (fillPeriod) {
                nextEmit = t.plus(period);
                if (align) {
                    Instant firstPeriod = nextEmit;
                    nextEmit = Nodes.truncate(nextEmit, every);
                    if (!nextEmit.isAfter(firstPeriod)) {
                        nextEmit = nextEmit.plus(every);
                    }
                }
            } else {
                nextEmit = t.plus(every);
                if (align) {
                    nextEmit = Nodes.truncate(nextEmit, every);
                }
            }
        }

        @Override
        Message.BatchMessage point(Point p) {
            Message.BatchMessage out = null;
            if (every.isZero()) {
                buffer.addLast(p);
                if (!p.time().isBefore(nextEmit)) {
                    Instant oldest = p.time().minus(period);
                    while (!buffer.isEmpty() && !buffer.peekFirst().time().isAfter(oldest)) {
                        buffer.removeFirst();
                    }
                    out = batch(p.time(), new ArrayList<>(buffer));
                    nextEmit = p.time();
                }
            } else {
                if (!p.time().isBefore(nextEmit)) {
                    Instant oldest = nextEmit.minus(period);
                    while (!buffer.isEmpty() && buffer.peekFirst().time().isBefore(oldest)) {
                        buffer.removeFirst();
                    }
                    out = batch(nextEmit, new ArrayList<>(buffer));
                    nextEmit = p.time().plus(every);
                    if (align) {
                        nextEmit = Nodes.truncate(nextEmit, every);
                    }
                }
                buffer.addLast(p);
            }
            return out;
        }

        /** Kapacitor's windowByTime.Barrier: emits the window ending at or before t. */
        Message.BatchMessage barrier(Instant t) {
            if (t.isBefore(nextEmit)) {
                return null;
            }
            Message.BatchMessage out;
            if (every.isZero()) {
                Instant oldest = t.minus(period);
                while (!buffer.isEmpty() && !buffer.peekFirst().time().isAfter(oldest)) {
                    buffer.removeFirst();
                }
                out = batch(t, new ArrayList<>(buffer));
                nextEmit = t;
            } else {
                Instant oldest = nextEmit.minus(period);
                while (!buffer.isEmpty() && buffer.peekFirst().time().isBefore(oldest)) {
                    buffer.removeFirst();
                }
                out = batch(nextEmit, new ArrayList<>(buffer));
                nextEmit = t.plus(every);
                if (align) {
                    nextEmit = Nodes.truncate(nextEmit, every);
                }
            }
            return out;
        }
    }

    private final class CountWindow extends Window {
        private final ArrayDeque<Point> buffer = new ArrayDeque<>();
        private long count;
        private long nextEmit;

        CountWindow(Point first, GroupId group) {
            super(first, group);
            nextEmit = fillPeriod ? periodCount : everyCount;
        }

        @Override
        Message.BatchMessage point(Point p) {
            buffer.addLast(p);
            if (buffer.size() > periodCount) {
                buffer.removeFirst();
            }
            count++;
            if (count == nextEmit) {
                nextEmit += everyCount;
                return batch(p.time(), new ArrayList<>(buffer));
            }
            return null;
        }
    }
}
