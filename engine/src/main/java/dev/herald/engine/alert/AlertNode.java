package dev.herald.engine.alert;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import dev.herald.core.handler.Handler;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.PointExpression;
import dev.herald.engine.pipeline.SeriesRows;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The runtime of a TICKscript {@code alert} node: evaluates the level expressions per point (or window), keeps
 * the state of each group, and publishes events to the node's anonymous topic (when it has handlers) and to its
 * named topic, with Kapacitor's rules for what is sent when.
 */
public final class AlertNode extends StreamNode {

    /** The compiled configuration of the node. */
    record Settings(
            PointExpression[] levels,
            PointExpression[] resets,
            MessageTemplate id,
            MessageTemplate message,
            MessageTemplate details,
            int history,
            boolean useFlapping,
            double flapLow,
            double flapHigh,
            boolean stateChangesOnly,
            Duration stateChangesOnlyInterval,
            boolean noRecoveries,
            boolean all,
            String levelTag,
            String levelField,
            String messageField,
            String durationField,
            String idTag,
            String idField,
            Optional<String> topic,
            String category,
            List<Map.Entry<String, List<String>>> inhibits,
            List<Map.Entry<String, Handler>> handlers) {
    }

    /** Level.values() copies its array on every call; this is the hot path. */
    private static final Level[] LEVELS = Level.values();
    private final Settings settings;
    /**
     * Whether the id template may read the point's tags (directly, through the whole data, or a variable); when it
     * cannot, a group's id depends only on the measurement name, so it is rendered once, not once per point whose
     * tags differ (an ungrouped task over many hosts).
     */
    private final boolean idReadsTags;
    private final TaskContext context;
    private final String anonTopic;
    private final Map<String, GroupState> groups = new HashMap<>();
    private final Runnable unregister;

    private static final class GroupState {
        final AlertState state;
        final List<Inhibitors.Inhibitor> inhibitors;
        /** The tags the group was created with (its inhibitors' tag set), kept for a cluster's changelog. */
        Map<String, String> createdTags = Map.of();
        // The id only changes when the name or tags do; rendering it per point is most of the cost of a point.
        String lastName;
        Map<String, String> lastTags;
        String lastId;

        GroupState(AlertState state, List<Inhibitors.Inhibitor> inhibitors) {
            this.state = state;
            this.inhibitors = inhibitors;
        }
    }

    AlertNode(String name, Settings settings, TaskContext context) {
        super(name);
        this.settings = settings;
        String idSource = settings.id().source();
        this.idReadsTags = idSource.contains("Tags") || idSource.contains("$") || idSource.contains("index")
                || java.util.regex.Pattern.compile("\\{\\{-?\\s*\\.\\s*-?}}|[\\s(|]\\.[\\s)|}]")
                .matcher(idSource).find();
        this.context = context;
        this.anonTopic = TaskContext.TASK_MASTER_ID + ":" + context.taskId() + ":" + name;
        this.unregister = settings.handlers().isEmpty() ? () -> {
        } : context.topics().registerAnonymous(anonTopic, settings.handlers());
    }

    /** The anonymous topic ({@code main:<task>:<node>}), used when the node has handlers. */
    public String anonymousTopic() {
        return anonTopic;
    }

    /** Live alert groups, for memory measurements. */
    public int groupCount() {
        return groups.size();
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            point(pm.point(), pm.group());
        } else if (message instanceof Message.BatchMessage bm) {
            batch(bm);
        }
    }

    private GroupState group(GroupId group, String id, Instant time, Map<String, String> tags) {
        GroupState existing = groups.get(group.id());
        if (existing != null) {
            return existing;
        }
        GroupState state = new GroupState(new AlertState(settings.history()), inhibitors(tags));
        state.createdTags = tags;
        restore(state.state, id, time);
        groups.put(group.id(), state);
        return state;
    }

    private List<Inhibitors.Inhibitor> inhibitors(Map<String, String> tags) {
        List<Inhibitors.Inhibitor> inhibitors = new ArrayList<>();
        for (Map.Entry<String, List<String>> inhibit : settings.inhibits()) {
            Map<String, String> tagset = new HashMap<>();
            for (String t : inhibit.getValue()) {
                tagset.put(t, tags.getOrDefault(t, ""));
            }
            inhibitors.add(context.inhibitors().add(inhibit.getKey(), tagset));
        }
        return inhibitors;
    }

    /** Groups whose state changed since {@link #drainChanges}; null unless a cluster tracks them. */
    private Map<String, GroupState> changed;

    /** From now on, remembers which groups change, for {@link #drainChanges}. Under the pipeline's lock. */
    public void trackChanges() {
        if (changed == null) {
            changed = new HashMap<>();
        }
    }

    /**
     * Hands {@code out} the state of every group that changed since the last call (group id and the state as
     * bytes {@link #restoreGroup} takes back), and forgets that they changed. Under the pipeline's lock.
     */
    public void drainChanges(java.util.function.BiConsumer<String, byte[]> out) {
        if (changed == null || changed.isEmpty()) {
            return;
        }
        for (Map.Entry<String, GroupState> e : changed.entrySet()) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64);
            try (java.io.DataOutputStream data = new java.io.DataOutputStream(bytes)) {
                data.writeByte(1); // format
                data.writeShort(e.getValue().createdTags.size());
                for (Map.Entry<String, String> t : e.getValue().createdTags.entrySet()) {
                    data.writeUTF(t.getKey());
                    data.writeUTF(t.getValue());
                }
                e.getValue().state.write(data);
            } catch (java.io.IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            }
            out.accept(e.getKey(), bytes.toByteArray());
        }
        changed.clear();
    }

    /**
     * Makes group {@code groupId} what {@link #drainChanges} handed out for it (on another node): its levels,
     * flapping, and trigger times. Under the pipeline's lock.
     *
     * @throws IllegalArgumentException when the bytes are not such a state
     */
    public void restoreGroup(String groupId, byte[] state) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(state))) {
            if (in.readUnsignedByte() != 1) {
                throw new IllegalArgumentException("unknown alert state format");
            }
            Map<String, String> tags = new HashMap<>();
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                tags.put(in.readUTF(), in.readUTF());
            }
            GroupState gs = new GroupState(AlertState.read(in, settings.history()), inhibitors(tags));
            gs.createdTags = Map.copyOf(tags);
            GroupState previous = groups.put(groupId, gs);
            if (previous != null) {
                previous.inhibitors.forEach(context.inhibitors()::remove);
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable alert state: " + e.getMessage(), e);
        }
    }

    private void restore(AlertState state, String id, Instant time) {
        Optional<AlertEvent> previous = Optional.empty();
        if (!settings.handlers().isEmpty()) {
            previous = context.topics().topic(anonTopic).flatMap(t -> t.event(id));
        }
        if (previous.isEmpty() && settings.topic().isPresent()) {
            previous = context.topics().topic(settings.topic().get()).flatMap(t -> t.event(id));
        }
        previous.filter(e -> e.level() != Level.OK).ifPresent(e -> state.restore(time, e.level(),
                e.time().minus(e.duration()), settings.stateChangesOnlyInterval()));
    }

    private Level determine(Point point, GroupId group, Level current) {
        Optional<Level> higher = firstMatch(Level.CRITICAL.ordinal(), current.ordinal(), point, group);
        if (higher.isPresent()) {
            return higher.get();
        }
        PointExpression reset = settings.resets()[current.ordinal()];
        if (reset != null) {
            try {
                if (!reset.test(point, group)) {
                    return current;
                }
            } catch (LambdaException e) {
                context.logger().log(System.Logger.Level.WARNING, "error evaluating reset expression for level {0}: "
                        + "{1}", current, e.getMessage());
                return current;
            }
        }
        return firstMatch(current.ordinal(), Level.OK.ordinal(), point, group).orElse(Level.OK);
    }

    private Optional<Level> firstMatch(int start, int stopExclusive, Point point, GroupId group) {
        for (int l = start; l > Math.max(stopExclusive, 0); l--) {
            PointExpression e = settings.levels()[l];
            if (e == null) {
                continue;
            }
            try {
                if (e.test(point, group)) {
                    return Optional.of(LEVELS[l]);
                }
            } catch (LambdaException ex) {
                context.logger().log(System.Logger.Level.DEBUG, "error evaluating expression for level {0}: {1}",
                        LEVELS[l], ex.getMessage());
            }
        }
        return Optional.empty();
    }

    private String id(GroupState gs, String name, GroupId group, Map<String, String> tags) {
        if (gs.lastId != null && name.equals(gs.lastName) && (!idReadsTags || tags.equals(gs.lastTags))) {
            return gs.lastId;
        }
        gs.lastName = name;
        gs.lastTags = tags;
        gs.lastId = renderId(name, group, tags);
        return gs.lastId;
    }

    /** Whether events are consumed by anything (handlers or a topic); otherwise only children see the outcome. */
    private boolean publishes() {
        return !settings.handlers().isEmpty() || settings.topic().isPresent();
    }

    private void point(Point point, GroupId group) {
        GroupState gs = groups.get(group.id());
        String id = gs != null ? id(gs, point.name(), group, point.tags()) : renderId(point.name(), group, point.tags());
        if (gs == null) {
            gs = group(group, id, point.time(), point.tags());
            gs.lastName = point.name();
            gs.lastTags = point.tags();
            gs.lastId = id;
        }
        AlertState state = gs.state;
        Level level = determine(point, group, state.current());
        state.add(point.time(), level, settings.useFlapping(), settings.flapLow(), settings.flapHigh(),
                settings.stateChangesOnlyInterval());
        if (changed != null) {
            changed.put(group.id(), gs);
        }
        if ((settings.useFlapping() && state.flapping())
                || (settings.stateChangesOnly() && !state.changed() && !state.expired())) {
            return;
        }
        if (level == Level.OK && !state.changed()) {
            return;
        }
        setInhibitors(gs, state.triggered(point.time()));
        if (settings.noRecoveries() && level == Level.OK) {
            return;
        }
        if (!publishes()) {
            // Nothing stores or delivers the event: skip rendering it, pass the outcome down only.
            if (!children().isEmpty()) {
                emit(new Message.PointMessage(augment(point, id, level, state.duration(),
                        settings.messageField().isEmpty() ? "" : message(id, point.name(), group, point.tags(),
                                point.fields(), level, point.time(), state.duration())), group));
            }
            return;
        }
        SeriesRow row = SeriesRows.of(point);
        AlertEvent event = event(id, point.name(), group, point.tags(), point.fields(), level, point.time(),
                state.duration(), List.of(row));
        if (event == null) {
            return;
        }
        handle(event);
        emit(new Message.PointMessage(augment(point, event.id(), event.level(), event.duration(), event.message()),
                group));
    }

    private void batch(Message.BatchMessage batch) {
        if (batch.points().isEmpty()) {
            return;
        }
        String id = renderId(batch.name(), batch.group(), batch.tags());
        GroupState gs = group(batch.group(), id, batch.time(), batch.tags());
        AlertState state = gs.state;
        Level lowest = Level.CRITICAL;
        Level highest = Level.OK;
        Point highestPoint = null;
        Level current = state.current();
        for (Point p : batch.points()) {
            Level l = determine(p, batch.group(), current);
            if (l.compareTo(lowest) < 0) {
                lowest = l;
            }
            if (l.compareTo(highest) > 0 || highestPoint == null) {
                highest = l;
                highestPoint = p;
            }
        }
        Level level = settings.all() ? lowest : highest;
        Instant time = settings.all() || level == Level.OK ? batch.time() : highestPoint.time();
        state.add(time, level, settings.useFlapping(), settings.flapLow(), settings.flapHigh(),
                settings.stateChangesOnlyInterval());
        if (changed != null) {
            changed.put(batch.group().id(), gs);
        }
        boolean send = (state.changed() && level == Level.OK) || (level != Level.OK
                && !((settings.useFlapping() && state.flapping())
                || (settings.stateChangesOnly() && !state.changed() && !state.expired())));
        if (!send) {
            return;
        }
        setInhibitors(gs, state.triggered(time));
        if (settings.noRecoveries() && level == Level.OK) {
            return;
        }
        if (!publishes()) {
            if (!children().isEmpty()) {
                String message = settings.messageField().isEmpty() ? "" : message(id, batch.name(), batch.group(),
                        batch.tags(), highestPoint.fields(), level, time, state.duration());
                List<Point> augmented = new ArrayList<>(batch.points().size());
                for (Point p : batch.points()) {
                    augmented.add(augment(p, id, level, state.duration(), message));
                }
                emit(new Message.BatchMessage(batch.name(), batch.group(), batch.tags(), batch.time(), augmented));
            }
            return;
        }
        AlertEvent event = event(id, batch.name(), batch.group(), batch.tags(), highestPoint.fields(), level, time,
                state.duration(), List.of(SeriesRows.of(batch)));
        if (event == null) {
            return;
        }
        handle(event);
        List<Point> augmented = new ArrayList<>(batch.points().size());
        for (Point p : batch.points()) {
            augmented.add(augment(p, event.id(), event.level(), event.duration(), event.message()));
        }
        emit(new Message.BatchMessage(batch.name(), batch.group(), batch.tags(), batch.time(), augmented));
    }

    private void setInhibitors(GroupState gs, boolean active) {
        for (Inhibitors.Inhibitor inhibitor : gs.inhibitors) {
            inhibitor.active = active;
        }
    }

    private void handle(AlertEvent event) {
        if (context.inhibitors().isInhibited(event.data().category(), event.data().tags())) {
            return;
        }
        if (!settings.handlers().isEmpty()) {
            context.topics().publish(anonTopic, event);
        }
        settings.topic().ifPresent(topic -> context.topics().publish(topic, event));
    }

    private Point augment(Point point, String id, Level level, Duration duration, String message) {
        Map<String, String> tags = point.tags();
        if (!settings.levelTag().isEmpty() || !settings.idTag().isEmpty()) {
            tags = new HashMap<>(tags);
            if (!settings.levelTag().isEmpty()) {
                tags.put(settings.levelTag(), level.name());
            }
            if (!settings.idTag().isEmpty()) {
                tags.put(settings.idTag(), id);
            }
        }
        Map<String, Object> fields = point.fields();
        if (!settings.levelField().isEmpty() || !settings.idField().isEmpty() || !settings.durationField().isEmpty()
                || !settings.messageField().isEmpty()) {
            fields = new HashMap<>(fields);
            if (!settings.levelField().isEmpty()) {
                fields.put(settings.levelField(), level.name());
            }
            if (!settings.messageField().isEmpty()) {
                fields.put(settings.messageField(), message);
            }
            if (!settings.idField().isEmpty()) {
                fields.put(settings.idField(), id);
            }
            if (!settings.durationField().isEmpty()) {
                fields.put(settings.durationField(), duration.toNanos());
            }
        }
        if (tags == point.tags() && fields == point.fields()) {
            return point;
        }
        return new Point(point.database(), point.retentionPolicy(), point.name(), tags, fields, point.time());
    }

    private Map<String, Object> idData(String name, GroupId group, Map<String, String> tags) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Name", name);
        data.put("TaskName", context.taskId());
        data.put("Group", group.isNil() ? "nil" : group.id());
        data.put("Tags", new TreeMap<>(tags));
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("Hostname", ServerInfo.HOSTNAME);
        server.put("ClusterID", ServerInfo.CLUSTER_ID);
        server.put("ServerID", ServerInfo.SERVER_ID);
        data.put("ServerInfo", server);
        return data;
    }

    private String renderId(String name, GroupId group, Map<String, String> tags) {
        try {
            return settings.id().render(idData(name, group, tags));
        } catch (TemplateException e) {
            context.logger().log(System.Logger.Level.ERROR, "failed to render alert id: {0}", e.getMessage());
            return name + ":" + (group.isNil() ? "nil" : group.id());
        }
    }

    private String message(String id, String name, GroupId group, Map<String, String> tags,
            Map<String, Object> fields, Level level, Instant time, Duration duration) {
        Map<String, Object> data = idData(name, group, tags);
        data.put("ID", id);
        data.put("Fields", new TreeMap<>(fields));
        data.put("Level", level.name());
        data.put("Time", time);
        data.put("Duration", duration);
        try {
            return settings.message().render(data);
        } catch (TemplateException e) {
            context.logger().log(System.Logger.Level.ERROR, "failed to render alert message for {0}: {1}", id,
                    e.getMessage());
            return "";
        }
    }

    private AlertEvent event(String id, String name, GroupId group, Map<String, String> tags,
            Map<String, Object> fields, Level level, Instant time, Duration duration, List<SeriesRow> rows) {
        Map<String, Object> data = idData(name, group, tags);
        data.put("ID", id);
        data.put("Fields", new TreeMap<>(fields));
        data.put("Level", level.name());
        data.put("Time", time);
        data.put("Duration", duration);
        String message;
        String details;
        try {
            message = settings.message().render(data);
            data.put("Message", message);
            details = settings.details().render(data);
        } catch (TemplateException e) {
            context.logger().log(System.Logger.Level.ERROR, "failed to render alert message for {0}: {1}", id,
                    e.getMessage());
            return null;
        }
        EventData eventData = new EventData(name, context.taskId(), settings.category(), group.id(), tags, fields,
                !settings.noRecoveries(), rows);
        return new AlertEvent(anonTopic, id, message, details, time, duration, level, Level.OK, eventData);
    }

    @Override
    public void close() {
        unregister.run();
        for (GroupState gs : groups.values()) {
            for (Inhibitors.Inhibitor inhibitor : gs.inhibitors) {
                context.inhibitors().remove(inhibitor);
            }
        }
    }

    /**
     * Forgets every group's state: the next point of a group starts it again from its topic's latest event, as after
     * a restart. A cluster node does this when the partitions it evaluates change, so a group it evaluated before
     * continues from where the node that had it since left it. Call under the pipeline's lock.
     */
    public void forgetGroups() {
        for (GroupState gs : groups.values()) {
            for (Inhibitors.Inhibitor inhibitor : gs.inhibitors) {
                context.inhibitors().remove(inhibitor);
            }
        }
        groups.clear();
    }

    /** Deletes the anonymous topic (when the task is deleted, as Kapacitor's delete hook does). */
    public void deleteAnonymousTopic() {
        context.topics().delete(anonTopic);
    }

    /** The topics this node publishes to. */
    public List<String> topics() {
        List<String> out = new ArrayList<>();
        if (!settings.handlers().isEmpty()) {
            out.add(anonTopic);
        }
        settings.topic().ifPresent(out::add);
        return out;
    }

}
