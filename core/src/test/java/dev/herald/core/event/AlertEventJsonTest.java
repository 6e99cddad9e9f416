package dev.herald.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.core.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertEventJsonTest {

    @Test
    void matchesKapacitorsAlertHandlersExampleByteForByte() {
        // handlers-ops.md 0.1: the body/stdin/log line of TestServer_AlertHandlers.
        String expected = "{\"id\":\"id\",\"message\":\"message\",\"details\":\"details\","
                + "\"time\":\"1970-01-01T00:00:00Z\",\"duration\":0,\"level\":\"CRITICAL\","
                + "\"data\":{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
                + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]},\"previousLevel\":\"OK\",\"recoverable\":true}";
        assertEquals(expected, AlertEventJson.toJson(SampleEvents.critical()));
        assertEquals(expected + "\n", AlertEventJson.toJsonLine(SampleEvents.critical()));
    }

    @Test
    void resultAloneMatchesTheSpec() {
        assertEquals("{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
                        + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]}",
                dev.herald.core.json.GoJson.encode(AlertEventJson.result(SampleEvents.critical().data())));
    }

    @Test
    void emptySeriesIsNullAndTagsAreSortedAndHtmlIsEscaped() {
        EventData data = new EventData("cpu", "t", "", "", Map.of(), Map.of(), false, List.of());
        AlertEvent event = new AlertEvent("t", "a<b>&c", "m", "<p>details</p>",
                Instant.parse("1970-01-01T00:00:00.002Z"), Duration.ofSeconds(10), Level.WARNING, Level.CRITICAL,
                data);
        assertEquals("{\"id\":\"a\\u003cb\\u003e\\u0026c\",\"message\":\"m\","
                + "\"details\":\"\\u003cp\\u003edetails\\u003c/p\\u003e\",\"time\":\"1970-01-01T00:00:00.002Z\","
                + "\"duration\":10000000000,\"level\":\"WARNING\",\"data\":{\"series\":null},"
                + "\"previousLevel\":\"CRITICAL\",\"recoverable\":false}", AlertEventJson.toJson(event));

        SeriesRow row = new SeriesRow("cpu", Map.of("z", "1", "a", "2", "m", "3"), List.of("time", "v"),
                List.of(List.of(Instant.EPOCH, 2.5)));
        EventData tagged = new EventData("cpu", "t", "", "", Map.of(), Map.of(), true, List.of(row));
        AlertEvent withTags = new AlertEvent("t", "i", "m", "", Instant.EPOCH, Duration.ZERO, Level.OK, Level.OK,
                tagged);
        assertEquals("{\"series\":[{\"name\":\"cpu\",\"tags\":{\"a\":\"2\",\"m\":\"3\",\"z\":\"1\"},"
                        + "\"columns\":[\"time\",\"v\"],\"values\":[[\"1970-01-01T00:00:00Z\",2.5]]}]}",
                dev.herald.core.json.GoJson.encode(AlertEventJson.result(withTags.data())));
    }

    @Test
    void levelsAreOrderedAndParsedExactly() {
        assertEquals(List.of(Level.OK, Level.INFO, Level.WARNING, Level.CRITICAL), List.of(Level.values()));
        assertEquals(Level.CRITICAL, Level.WARNING.max(Level.CRITICAL));
        assertEquals(java.util.Optional.of(Level.WARNING), Level.parse("WARNING"));
        assertEquals(java.util.Optional.empty(), Level.parse("critical"));
        assertEquals(java.util.Optional.empty(), Level.parse("OKINFO"));
    }

    @Test
    void changedComparesWithThePreviousLevel() {
        AlertEvent event = SampleEvents.critical();
        assertEquals(true, event.changed());
        assertEquals(false, event.withPreviousLevel(Level.CRITICAL).changed());
    }
}
