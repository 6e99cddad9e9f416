package dev.herald.core.event;

import dev.herald.core.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert event as handlers receive it: Kapacitor's {@code alert.Event} (state, previous level and data).
 *
 * <p>Its JSON form, exactly as Kapacitor's {@code post}, {@code tcp}, {@code log}, {@code exec} and
 * {@code kafka} handlers emit it, is written by {@link AlertEventJson}.
 *
 * @param topic         the topic the event was published to (named, or the anonymous topic of an alert node)
 * @param id            alert id, from the alert node's {@code .id()} template
 * @param message       one-line text, from {@code .message()}
 * @param details       longer HTML text, from {@code .details()}
 * @param time          time of the triggering point
 * @param duration      how long the alert has been in a non-OK state
 * @param level         the level of this event
 * @param previousLevel the level of the previous event with the same id in the same topic; OK when none
 * @param data          the triggering data
 */
@Api(status = Api.Status.STABLE)
public record AlertEvent(
        String topic,
        String id,
        String message,
        String details,
        Instant time,
        Duration duration,
        Level level,
        Level previousLevel,
        EventData data) {

    public AlertEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(previousLevel, "previousLevel");
        Objects.requireNonNull(data, "data");
    }

    /** This event as published to {@code topicId}. */
    public AlertEvent withTopic(String topicId) {
        return new AlertEvent(topicId, id, message, details, time, duration, level, previousLevel, data);
    }

    /** This event with {@code previous} as its previous level. */
    public AlertEvent withPreviousLevel(Level previous) {
        return new AlertEvent(topic, id, message, details, time, duration, level, previous, data);
    }

    /**
     * What Kapacitor's handler templates see ({@code alert.TemplateData}): {@code .ID}, {@code .Message},
     * {@code .Level}, {@code .Time}, {@code .Duration}, {@code .Details}, {@code .Name}, {@code .TaskName},
     * {@code .Group}, {@code .Tags}, {@code .Fields}; tags and fields sorted, as Go prints a map.
     */
    public java.util.Map<String, Object> templateData() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("ID", id);
        out.put("Message", message);
        out.put("Level", level.name());
        out.put("Time", time);
        out.put("Duration", duration);
        out.put("Details", details);
        out.put("Name", data().name());
        out.put("TaskName", data().taskName());
        out.put("Group", data().group());
        out.put("Tags", new java.util.TreeMap<>(data().tags()));
        out.put("Fields", new java.util.TreeMap<>(data().fields()));
        return out;
    }

    /**
     * A stable identity of this event, the same every time it is delivered (a redelivery after a crash included):
     * alert id, time and level, as {@code cpu:host=a@2026-12-04T10:00:00Z/CRITICAL}. Services that deduplicate
     * take it as their key where one event must not count twice; where a recovery must close what a problem
     * opened (PagerDuty's {@code dedup_key}, an Opsgenie alias) the alert {@link #id()} is the key instead.
     */
    public String identity() {
        return id + "@" + time + "/" + level.name();
    }

    /** Whether the level changed from the previous event of the same id. */
    public boolean changed() {
        return level != previousLevel;
    }
}
