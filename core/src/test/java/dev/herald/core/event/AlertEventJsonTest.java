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

    @Test
    void theStreamedLineIsExactlyTheTreeEncodedForVariedEvents() {
        java.util.Random random = new java.util.Random(20261205L);
        String[] texts = {"", "cpu", "a<b>&\"c\"\\", "é\u2028\n\t", "{{ .ID }}", "ünïcode ☃"};
        for (int n = 0; n < 500; n++) {
            java.util.List<SeriesRow> series = new java.util.ArrayList<>();
            for (int r = random.nextInt(3); r > 0; r--) {
                java.util.Map<String, String> tags = new java.util.HashMap<>();
                for (int k = random.nextInt(4); k > 0; k--) {
                    tags.put(texts[random.nextInt(texts.length)] + k, texts[random.nextInt(texts.length)]);
                }
                java.util.List<String> columns = random.nextBoolean() ? java.util.List.of()
                        : java.util.List.of("time", "value", "note");
                java.util.List<java.util.List<Object>> values = new java.util.ArrayList<>();
                for (int v = columns.isEmpty() ? 0 : random.nextInt(3); v > 0; v--) {
                    values.add(java.util.Arrays.asList(java.time.Instant.ofEpochSecond(random.nextInt(1 << 30),
                            random.nextInt(1_000_000_000)), random.nextBoolean() ? (Object) (random.nextDouble() * 1e6)
                            : (Object) (long) random.nextInt(), random.nextBoolean() ? null : texts[v % texts.length]));
                }
                series.add(new SeriesRow(texts[random.nextInt(texts.length)], tags, columns, values));
            }
            Level[] levels = Level.values();
            AlertEvent event = new AlertEvent("t", texts[random.nextInt(texts.length)] + n,
                    texts[random.nextInt(texts.length)], texts[random.nextInt(texts.length)],
                    java.time.Instant.ofEpochSecond(random.nextInt(1 << 30), random.nextInt(1_000_000_000)),
                    java.time.Duration.ofMillis(random.nextInt(1 << 20)), levels[random.nextInt(levels.length)],
                    levels[random.nextInt(levels.length)], new EventData("cpu", "task", "", "", java.util.Map.of(),
                            java.util.Map.of(), random.nextBoolean(), series));
            StringBuilder streamed = new StringBuilder();
            AlertEventJson.appendJsonLine(streamed, event);
            assertEquals(dev.herald.core.json.GoJson.encodeLine(AlertEventJson.toTree(event)), streamed.toString());
        }
    }
}
