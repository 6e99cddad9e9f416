package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored and cluster form of an alert event: what {@code encode} writes, {@code decode} gives back, exactly. */
class EventCodecTest {
    private static final String[] TEXT = {"", "cpu", "h\u00e9llo \"quoted\"", "tab\tnew\nline", "\u2603 snow",
        "back\\slash", "<b>&amp;</b>", "12", "null"};

    private static String text(Random r) {
        return TEXT[r.nextInt(TEXT.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(1000)));
    }

    private static Object value(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextLong();
            case 1 -> r.nextDouble() * 1e6 - 5e5;
            case 2 -> r.nextBoolean();
            case 3 -> Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1_000_000), r.nextInt(1_000_000_000));
            case 4 -> (double) r.nextInt(100); // a float with no fraction stays a float
            default -> text(r);
        };
    }

    private static Map<String, String> tags(Random r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            out.put("t" + i + text(r), text(r));
        }
        return out;
    }

    private static AlertEvent event(Random r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            Object v = value(r);
            fields.put("f" + i, v instanceof Instant ? "not a time" : v);
        }
        List<SeriesRow> series = new ArrayList<>();
        for (int s = r.nextInt(3); s > 0; s--) {
            List<String> columns = List.of("time", "value", "other");
            List<List<Object>> values = new ArrayList<>();
            for (int v = r.nextInt(3); v > 0; v--) {
                values.add(new ArrayList<>(List.of(value(r), value(r), value(r))));
            }
            series.add(new SeriesRow(text(r), tags(r), columns, values));
        }
        EventData data = new EventData(text(r), text(r), text(r), text(r), tags(r), fields, r.nextBoolean(), series);
        Level[] levels = Level.values();
        return new AlertEvent(text(r), text(r), text(r), text(r), Instant.ofEpochSecond(1_700_000_000L
                + r.nextInt(1_000_000), r.nextInt(1_000_000_000)), Duration.ofNanos(r.nextLong(0, Long.MAX_VALUE / 2)),
                levels[r.nextInt(levels.length)], levels[r.nextInt(levels.length)], data);
    }

    @Test
    void everyEventComesBackAsItWasWritten() {
        Random r = new Random(20261205L);
        for (int i = 0; i < 5_000; i++) {
            AlertEvent e = event(r);
            String doc = EventCodec.encode(e);
            assertEquals(e, EventCodec.decode(doc), doc);
        }
    }

    @Test
    void missingKeysTakeTheirDefaultsAndUnknownOnesAreSkipped() {
        AlertEvent e = EventCodec.decode("{\"future\":{\"a\":[1,{\"b\":2}]},\"topic\":\"cpu\",\"id\":\"h1\","
                + "\"time\":\"2026-12-05T18:00:00Z\",\"level\":\"WARNING\",\"data\":{\"tags\":{\"host\":\"h1\","
                + "\"n\":5},\"later\":[],\"series\":[{\"columns\":[\"time\"],\"values\":[[{\"$time\":"
                + "\"2026-12-05T18:00:00Z\"},{\"other\":1}]]}]}}");
        assertEquals("cpu", e.topic());
        assertEquals("", e.message());
        assertEquals(Level.WARNING, e.level());
        assertEquals(Level.OK, e.previousLevel());
        assertEquals(Duration.ZERO, e.duration());
        assertEquals(Map.of("host", "h1", "n", "5"), e.data().tags());
        assertEquals(true, e.data().recoverable());
        assertEquals(List.of(List.of(Instant.parse("2026-12-05T18:00:00Z"), "")), e.data().series().get(0).values());
    }

    @Test
    void aDocumentThatIsNotAnEventIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode("{\"topic\":"));
    }
}
