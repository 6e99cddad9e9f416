package dev.herald.core.topic;

import dev.herald.core.Api;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named stream of alert events, as in Kapacitor: it keeps the latest event of each alert id that is not OK (a
 * recovery removes the alert, as Kapacitor 1.7+ does), and its level is
 * the most severe level among them. The engine publishes into it; the API reads it.
 *
 * <p>Thread-safe: publishing the same alert id concurrently is serialized per id.
 */
@Api(status = Api.Status.INTERNAL)
public final class Topic {
    private final String id;
    private final ConcurrentHashMap<String, AlertEvent> events = new ConcurrentHashMap<>();

    public Topic(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /** The topic id: a name ({@code cpu}) or an alert node's anonymous topic ({@code main:task:alert2}). */
    public String id() {
        return id;
    }

    /**
     * Stores {@code event} as the latest of its alert id and returns it as published: with this topic as its
     * topic and the level of the previous event of the same id as its previous level ({@code OK} when none).
     */
    public AlertEvent publish(AlertEvent event) {
        AlertEvent[] published = new AlertEvent[1];
        events.compute(event.id(), (alertId, previous) -> {
            Level previousLevel = previous == null ? Level.OK : previous.level();
            published[0] = event.withTopic(id).withPreviousLevel(previousLevel);
            // As Kapacitor 1.7+: a recovered alert leaves the topic (its handlers still get the OK event).
            return published[0].level() == Level.OK ? null : published[0];
        });
        return published[0];
    }

    /** Restores an event read back from a store, as it was, without changing its previous level. */
    public void restore(AlertEvent event) {
        if (event.level() == Level.OK) {
            events.remove(event.id());
        } else {
            events.put(event.id(), event.withTopic(id));
        }
    }

    /** The most severe level among the latest events; {@code OK} when there are none. */
    public Level level() {
        Level max = Level.OK;
        for (AlertEvent event : events.values()) {
            max = max.max(event.level());
        }
        return max;
    }

    /** The latest event of alert {@code alertId}. */
    public Optional<AlertEvent> event(String alertId) {
        return Optional.ofNullable(events.get(alertId));
    }

    /** The latest event of each alert id whose level is at least {@code minLevel}, sorted by alert id. */
    public List<AlertEvent> events(Level minLevel) {
        List<AlertEvent> out = new ArrayList<>();
        for (AlertEvent event : events.values()) {
            if (event.level().compareTo(minLevel) >= 0) {
                out.add(event);
            }
        }
        out.sort(Comparator.comparing(AlertEvent::id));
        return out;
    }

    /** Forgets the latest event of alert {@code alertId}, if any. */
    public void remove(String alertId) {
        events.remove(alertId);
    }

    /** Forgets every event. */
    public void clear() {
        events.clear();
    }

    @Override
    public String toString() {
        return "Topic[" + id + ", level=" + level() + ", events=" + events.size() + "]";
    }
}
