package dev.herald.engine.handlers;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the {@code post} templates (URL and alert body) see as dot: Kapacitor's {@code alert.Data}. Fields resolve
 * as in Go ({@code .ID}, {@code .Message}, {@code .Details}, {@code .Time}, {@code .Duration}, {@code .Level},
 * {@code .Data.Series}, {@code .PreviousLevel}, {@code .Recoverable}); {@code json .} writes exactly the alert JSON
 * of {@link AlertEventJson}.
 */
record AlertData(String id, String message, String details, Instant time, Duration duration, Level level,
        Result data, Level previousLevel, boolean recoverable) {

    /** Go's zero {@code time.Time}, as an empty event carries it. */
    static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    static AlertData of(AlertEvent event) {
        return new AlertData(event.id(), event.message(), event.details(), event.time(), event.duration(),
                event.level(), new Result(event.data().series()), event.previousLevel(), event.data().recoverable());
    }

    /** Kapacitor's {@code alert.Event{}}: what the {@code httppost} service test sends. */
    static AlertEvent emptyEvent() {
        return new AlertEvent("", "", "", "", ZERO_TIME, Duration.ZERO, Level.OK, Level.OK,
                new EventData("", "", "", "", Map.of(), Map.of(), false, List.of()));
    }

    /** The JSON form: the alert JSON, byte for byte. */
    @JsonValue
    Map<String, Object> json() {
        return AlertEventJson.toTree(new AlertEvent("", id, message, details, time, duration, level, previousLevel,
                new EventData("", "", "", "", Map.of(), Map.of(), recoverable, data.series())));
    }

    /** {@code .Data}: the rows ({@code .Data.Series}); its JSON is {@code {"series":[...]}}. */
    record Result(List<SeriesRow> series) {
        @JsonValue
        Map<String, Object> json() {
            return AlertEventJson.result(new EventData("", "", "", "", Map.of(), Map.of(), true, series));
        }
    }
}
