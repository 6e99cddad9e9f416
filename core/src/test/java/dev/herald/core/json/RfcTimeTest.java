package dev.herald.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RfcTimeTest {
    @Test
    void writesGoRfc3339NanoInUtc() {
        assertEquals("1970-01-01T00:00:00Z", GoJson.formatTime(Instant.EPOCH));
        assertEquals("1970-01-01T00:00:00.002Z", GoJson.formatTime(Instant.ofEpochMilli(2)));
        assertEquals("2026-12-05T14:03:09.1Z", GoJson.formatTime(Instant.parse("2026-12-05T14:03:09.100Z")));
        assertEquals("1969-12-31T23:59:59.999999999Z", GoJson.formatTime(Instant.ofEpochSecond(0, -1)));
        assertEquals("0000-01-01T00:00:00Z", GoJson.formatTime(Instant.parse("0000-01-01T00:00:00Z")));
        assertEquals("9999-12-31T23:59:59.5Z", GoJson.formatTime(Instant.parse("9999-12-31T23:59:59.5Z")));
    }

    @Test
    void theDigitWriterMatchesTheFormatterEverywhereItIsUsed() {
        Random r = new Random(11);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long second = min + Math.floorMod(r.nextLong(), max - min + 1);
            int nanos = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nanos);
            assertEquals(RfcTime.formatted(t), RfcTime.format(t), t.toString());
        }
        Instant far = Instant.parse("+12345-06-07T08:09:10.5Z");
        assertEquals(RfcTime.formatted(far), RfcTime.format(far));
    }
}
