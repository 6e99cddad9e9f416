package dev.herald.core.testkit;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alert events for handler tests, taken from Kapacitor's own tests so that expected payloads can be compared with
 * the ones the spec records.
 */
public final class SampleEvents {
    private SampleEvents() {
    }

    /**
     * The event of Kapacitor's {@code TestServer_AlertHandlers}: point {@code alert value=1} at t=0, id {@code id},
     * message {@code message}, details {@code details}, CRITICAL, previous level OK.
     */
    public static AlertEvent critical() {
        return event(Level.CRITICAL, "message");
    }

    /** As {@link #critical()} with another level and message. */
    public static AlertEvent event(Level level, String message) {
        SeriesRow row = new SeriesRow("alert", Map.of(), List.of("time", "value"),
                List.of(List.of(Instant.EPOCH, 1.0)));
        EventData data = new EventData("alert", "testAlertHandlers", "", "", Map.of(), Map.of("value", 1.0), true,
                List.of(row));
        return new AlertEvent("test", "id", message, "details", Instant.EPOCH, Duration.ZERO, level, Level.OK,
                data);
    }

    /**
     * The event of Kapacitor's {@code streamer_test} chat-handler cases: task {@code TestStream_Alert}-style CPU
     * alert, id {@code kapacitor/cpu/serverA}, message {@code kapacitor/cpu/serverA is CRITICAL}.
     */
    public static AlertEvent cpuCritical() {
        SeriesRow row = new SeriesRow("cpu", Map.of("host", "serverA"), List.of("time", "count"),
                List.of(List.of(Instant.parse("1971-01-01T00:00:10Z"), 10L)));
        EventData data = new EventData("cpu", "testStreamAlert", "", "host=serverA", Map.of("host", "serverA"),
                Map.of("count", 10L), true, List.of(row));
        return new AlertEvent("cpu", "kapacitor/cpu/serverA", "kapacitor/cpu/serverA is CRITICAL", "",
                Instant.parse("1971-01-01T00:00:10Z"), Duration.ZERO, Level.CRITICAL, Level.OK, data);
    }
}
