package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code a|join(b, ...)}: joins the points (or batches) of its parents that belong to the same group and have the
 * same time rounded to {@code .tolerance()} into one point whose fields are prefixed with the parent's
 * {@code .as()} name and {@code .delimiter()} (default {@code .}), named {@code .streamName()} (default: the first
 * parent's measurement). A set is emitted once every parent has sent something later, as Kapacitor's join does;
 * incomplete sets are then dropped, or completed with {@code .fill('null')} / {@code .fill(number)}.
 * {@code .on('tag'...)} joins a parent grouped by more tags with parents grouped by only those tags.
 */
final class JoinNode extends StreamNode {
    private static final long ZERO = Long.MIN_VALUE;

    private enum Fill { NONE, NULL, NUMBER }

    private final List<String> names;
    private final List<String> on;
    private final String delimiter;
    private final String streamName;
    private final long tolerance;
    private final Fill fill;
    private final Object fillValue;
    private final TaskContext context;
    private final List<StreamNode> parents = new ArrayList<>();
    private final Map<String, JoinGroup> groups = new HashMap<>();
    // .on state, by the group id on the .on dimensions
    private final Map<String, Long> lowMarks = new HashMap<>();
    private final Map<String, Deque<Src>> matchBuffers = new HashMap<>();
    private final Map<String, Deque<Src>> specificBuffers = new HashMap<>();
    private final Set<Integer> reported = new HashSet<>();

    /** A message and the index of the parent it came from. */
    private record Src(int src, Message message) {
    }

    private JoinNode(String name, List<String> names, List<String> on, String delimiter, String streamName,
            Duration tolerance, Fill fill, Object fillValue, TaskContext context) {
        super(name);
        this.names = names;
        this.on = on;
        this.delimiter = delimiter;
        this.streamName = streamName;
        this.tolerance = tolerance.toNanos();
        this.fill = fill;
        this.fillValue = fillValue;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        if (!node.args().isEmpty()) {
            throw new TickscriptException(node.position(), "join takes the nodes to join, got "
                    + NodeProperties.describe(node.args().get(0)));
        }
        NodeProperties props = new NodeProperties(node);
        List<String> names = props.strings("as");
        List<String> on = props.strings("on");
        String delimiter = props.string("delimiter").orElse(".");
        String streamName = props.string("streamName").orElse("");
        Duration tolerance = props.duration("tolerance").orElse(Duration.ZERO);
        Fill fill = Fill.NONE;
        Object fillValue = null;
        var fillProp = props.last("fill");
        props.rejectUnknown();
        if (fillProp.isPresent()) {
            NodeProperties.arity(fillProp.get(), 1, 1);
            Expr arg = fillProp.get().args().get(0);
            if (arg instanceof Expr.StringLit s && s.value().equals("null")) {
                fill = Fill.NULL;
            } else if (arg instanceof Expr.StringLit s && s.value().equals("none")) {
                fill = Fill.NONE;
            } else if (arg instanceof Expr.IntLit i) {
                fill = Fill.NUMBER;
                fillValue = i.value();
            } else if (arg instanceof Expr.FloatLit f) {
                fill = Fill.NUMBER;
                fillValue = f.value();
            } else {
                throw new TickscriptException(fillProp.get().position(), "unexpected fill option "
                        + (arg instanceof Expr.StringLit s ? s.value() : NodeProperties.describe(arg)));
            }
        }
        dev.herald.engine.tick.ast.Position asAt = Nodes.at(props, "as", node);
        if (names.isEmpty()) {
            throw new TickscriptException(node.position(),
                    "a call to join.as() is required to specify the output stream prefixes.");
        }
        if (names.size() != node.parents().size()) {
            throw new TickscriptException(asAt,
                    "number of prefixes specified by join.as() must match the number of joined streams");
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n.isEmpty()) {
                throw new TickscriptException(asAt,
                        "must provide a prefix name for the join node, see .as() property method");
            }
            if (!delimiter.isEmpty() && n.contains(delimiter)) {
                throw new TickscriptException(asAt, "cannot use name " + n + " as field prefix, it contains the "
                        + "delimiter \"" + delimiter + "\"");
            }
            if (!seen.add(n)) {
                throw new TickscriptException(asAt, "cannot use the same prefix name see .as() property method");
            }
        }
        return new JoinNode(Nodes.name(node), List.copyOf(names), List.copyOf(on), delimiter, streamName, tolerance,
                fill, fillValue, context);
    }

    @Override
    protected void parentAdded(StreamNode parent) {
        parents.add(parent);
    }

    @Override
    public void receive(Message message) {
        receive(parents.isEmpty() ? null : parents.get(0), message);
    }

    @Override
    protected void receive(StreamNode parent, Message message) {
        int src = Math.max(0, parents.indexOf(parent));
        if (message instanceof Message.BarrierMessage b) {
            JoinGroup g = groups.get(b.group().id());
            if (g != null) {
                g.barrier(src, round(Nodes.nanos(b.time())));
            }
            emit(b);
            return;
        }
        if (!on.isEmpty()) {
            matchPoints(new Src(src, message));
        } else {
            group(message.group().id()).collect(src, message);
        }
    }

    private JoinGroup group(String id) {
        return groups.computeIfAbsent(id, k -> new JoinGroup());
    }

    private long time(Message m) {
        return round(Nodes.nanos(m instanceof Message.PointMessage pm ? pm.point().time()
                : ((Message.BatchMessage) m).time()));
    }

    private long round(long nanos) {
        return tolerance <= 0 ? nanos : Nodes.nanos(Nodes.round(Nodes.instant(nanos), Duration.ofNanos(tolerance)));
    }

    private static String name(Message m) {
        return m instanceof Message.PointMessage pm ? pm.point().name() : ((Message.BatchMessage) m).name();
    }

    private static Map<String, String> groupTags(Message m) {
        if (m instanceof Message.PointMessage pm) {
            return Nodes.groupTags(pm.group(), pm.point().tags());
        }
        return ((Message.BatchMessage) m).tags();
    }

    // ------------------------------------------------------------------ .on: Kapacitor's matchPoints

    private void matchPoints(Src p) {
        boolean allReported = reported.size() == parents.size();
        if (!allReported) {
            reported.add(p.src());
            allReported = reported.size() == parents.size();
        }
        long t = time(p.message());
        Map<String, String> tags = groupTags(p.message());
        GroupId onGroup = GroupId.of(new ArrayList<>(new java.util.TreeSet<>(on)), p.message().group().byName(),
                name(p.message()), tags);
        String gid = onGroup.id();
        lowMarks.put(p.src() + "\n" + gid, t);
        long lowMark = ZERO;
        if (allReported) {
            for (int s = 0; s < parents.size(); s++) {
                long lm = lowMarks.getOrDefault(s + "\n" + gid, ZERO);
                if (lowMark == ZERO || lm < lowMark) {
                    lowMark = lm;
                }
            }
            Deque<Src> buf = specificBuffers.get(gid);
            if (buf != null) {
                while (!buf.isEmpty() && time(buf.peekFirst().message()) < lowMark) {
                    sendSpecific(buf.pollFirst());
                }
            }
        }
        if (p.message().group().dimensions().size() > on.size()) {
            Deque<Src> matches = matchBuffers.get(gid);
            boolean matched = false;
            if (matches != null) {
                int i = 0;
                for (Src match : matches) {
                    long mt = time(match.message());
                    if (mt == t) {
                        sendMatch(p, match);
                        matched = true;
                    }
                    if (mt >= lowMark) {
                        break;
                    }
                    i++;
                }
                if (allReported) {
                    for (int k = 0; k < i && !matches.isEmpty(); k++) {
                        matches.pollFirst();
                    }
                }
            }
            if (!matched) {
                if (allReported && t < lowMark) {
                    sendSpecific(p);
                } else {
                    specificBuffers.computeIfAbsent(gid, k -> new ArrayDeque<>()).addLast(p);
                }
            }
        } else {
            matchBuffers.computeIfAbsent(gid, k -> new ArrayDeque<>()).addLast(p);
            Deque<Src> buf = specificBuffers.get(gid);
            if (buf != null) {
                while (!buf.isEmpty() && time(buf.peekFirst().message()) == t) {
                    sendMatch(buf.pollFirst(), p);
                }
            }
        }
    }

    private void sendMatch(Src specific, Src matched) {
        Message m = matched.message();
        GroupId group = specific.message().group();
        Map<String, String> tags = groupTags(specific.message());
        Message renamed;
        if (m instanceof Message.PointMessage pm) {
            renamed = new Message.PointMessage(Nodes.with(pm.point(), tags, pm.point().fields()), group);
        } else {
            Message.BatchMessage bm = (Message.BatchMessage) m;
            renamed = new Message.BatchMessage(bm.name(), group, tags, bm.time(), bm.points());
        }
        JoinGroup g = group(group.id());
        g.collect(specific.src(), specific.message());
        g.collect(matched.src(), renamed);
    }

    private void sendSpecific(Src specific) {
        group(specific.message().group().id()).collect(specific.src(), specific.message());
    }

    // ------------------------------------------------------------------ one group's sets

    /** The messages of one time from each parent. */
    private final class JoinSet {
        final long time;
        final Message[] values = new Message[names.size()];
        int size;
        int first = names.size();

        JoinSet(long time) {
            this.time = time;
        }

        boolean ready() {
            return size == values.length;
        }

        void set(int src, Message m) {
            first = Math.min(first, src);
            values[src] = m;
            size++;
        }
    }

    private final class JoinGroup {
        final TreeMap<Long, Deque<JoinSet>> sets = new TreeMap<>();
        final long[] head = new long[names.size()];
        long oldest = ZERO;

        JoinGroup() {
            java.util.Arrays.fill(head, ZERO);
        }

        void collect(int src, Message m) {
            long t = time(m);
            if (oldest == ZERO || t < oldest) {
                oldest = t;
            }
            Deque<JoinSet> at = sets.computeIfAbsent(t, k -> new ArrayDeque<>());
            JoinSet set = null;
            for (JoinSet s : at) {
                if (s.values[src] == null) {
                    set = s;
                    break;
                }
            }
            if (set == null) {
                set = new JoinSet(t);
                at.addLast(set);
            }
            set.set(src, m);
            head[src] = t;
            emit(onlyReady());
        }

        /** Kapacitor's joinGroup.Barrier: the parent will send nothing older than t. */
        void barrier(int src, long t) {
            head[src] = t;
            if (!sets.isEmpty()) {
                emit(onlyReady());
            }
        }

        boolean onlyReady() {
            for (long h : head) {
                if (h <= oldest) {
                    return true;
                }
            }
            return false;
        }

        void emit(boolean onlyReady) {
            while (!sets.isEmpty()) {
                Deque<JoinSet> at = sets.get(oldest);
                Iterator<JoinSet> it = at.iterator();
                while (it.hasNext()) {
                    JoinSet set = it.next();
                    if (set.ready() || !onlyReady) {
                        emitJoined(set);
                        it.remove();
                    } else {
                        break;
                    }
                }
                if (at.isEmpty()) {
                    sets.remove(oldest);
                }
                oldest = sets.isEmpty() ? ZERO : sets.firstKey();
                if (onlyReady) {
                    return;
                }
                onlyReady = onlyReady();
            }
        }
    }

    private void emitJoined(JoinSet set) {
        Message first = set.values[set.first];
        String outName = streamName.isEmpty() ? name(first) : streamName;
        Instant time = Nodes.instant(set.time);
        if (first instanceof Message.PointMessage fp) {
            Map<String, Object> fields = new HashMap<>();
            for (int i = 0; i < set.values.length; i++) {
                Message v = set.values[i];
                String prefix = names.get(i) + delimiter;
                if (v == null) {
                    if (fill == Fill.NONE) {
                        return;
                    }
                    if (fill == Fill.NUMBER) {
                        for (String k : fp.point().fields().keySet()) {
                            fields.put(prefix + k, fillValue);
                        }
                    }
                } else if (v instanceof Message.PointMessage pm) {
                    for (Map.Entry<String, Object> f : pm.point().fields().entrySet()) {
                        fields.put(prefix + f.getKey(), f.getValue());
                    }
                } else {
                    context.logger().log(System.Logger.Level.ERROR, "{0}: cannot join a batch with a point", name());
                    return;
                }
            }
            Point p = fp.point();
            emit(new Message.PointMessage(new Point(p.database(), p.retentionPolicy(), outName,
                    Nodes.groupTags(fp.group(), p.tags()), fields, time), fp.group()));
        } else {
            Message.BatchMessage fb = (Message.BatchMessage) first;
            List<Point> out = joinBatches(set, fb, outName);
            if (out != null) {
                emit(new Message.BatchMessage(outName, fb.group(), fb.tags(), time, out));
            }
        }
    }

    /** Kapacitor's JoinIntoBatch: the batches' points matched by rounded time, in time order. */
    private List<Point> joinBatches(JoinSet set, Message.BatchMessage first, String outName) {
        int n = set.values.length;
        List<Point>[] batches = new List[n];
        for (int i = 0; i < n; i++) {
            Message v = set.values[i];
            if (v instanceof Message.BatchMessage bm) {
                batches[i] = bm.points();
            } else if (v != null) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: cannot join a point with a batch", name());
                return null;
            }
        }
        int[] indexes = new int[n];
        boolean[] empty = new boolean[n];
        int emptyCount = 0;
        List<String> fieldNames = null;
        List<Point> out = new ArrayList<>();
        points:
        while (emptyCount < n) {
            Point[] row = new Point[n];
            long setTime = ZERO;
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (empty[i]) {
                    continue;
                }
                if (batches[i] == null || indexes[i] == batches[i].size()) {
                    emptyCount++;
                    empty[i] = true;
                    continue;
                }
                Point bp = batches[i].get(indexes[i]);
                long t = round(Nodes.nanos(bp.time()));
                if (setTime == ZERO) {
                    setTime = t;
                }
                if (t < setTime) {
                    setTime = t;
                    for (int j = 0; j < n; j++) {
                        if (row[j] != null) {
                            indexes[j]--;
                        }
                        row[j] = null;
                    }
                    row[i] = bp;
                    indexes[i]++;
                    count = 1;
                } else if (t == setTime) {
                    if (fieldNames == null) {
                        fieldNames = new ArrayList<>(bp.fields().keySet());
                    }
                    row[i] = bp;
                    indexes[i]++;
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            Map<String, Object> fields = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String prefix = names.get(i) + delimiter;
                if (row[i] == null) {
                    if (fill == Fill.NONE) {
                        continue points;
                    }
                    if (fill == Fill.NUMBER && fieldNames != null) {
                        for (String k : fieldNames) {
                            fields.put(prefix + k, fillValue);
                        }
                    }
                } else {
                    for (Map.Entry<String, Object> f : row[i].fields().entrySet()) {
                        fields.put(prefix + f.getKey(), f.getValue());
                    }
                }
            }
            out.add(new Point(first.points().isEmpty() ? "" : first.points().get(0).database(),
                    first.points().isEmpty() ? "" : first.points().get(0).retentionPolicy(), outName, first.tags(),
                    fields, Nodes.instant(setTime)));
        }
        return out;
    }
}
