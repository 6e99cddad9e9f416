package dev.herald.engine.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneHistoryTest {
    private static final long T0 = Instant.parse("2026-12-05T10:00:30Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    @Test
    void countsPerMinuteOldestFirstWithEmptyMinutesAsZeros() {
        LaneHistory h = new LaneHistory();
        h.delivered(T0, 3, 2_000_000);
        h.delivered(T0 + 1_000, 1, 6_000_000);
        h.retried(T0 + 2 * MINUTE);
        h.deadLettered(T0 + 2 * MINUTE + 5);
        List<LaneMinute> hour = h.lastHour(T0 + 2 * MINUTE + 10);
        assertEquals(60, hour.size());
        assertEquals(new LaneMinute(Instant.parse("2026-12-05T10:00:00Z"), 4, 0, 0, 4.0, 6.0), hour.get(57));
        assertEquals(new LaneMinute(Instant.parse("2026-12-05T10:01:00Z"), 0, 0, 0, 0, 0), hour.get(58));
        assertEquals(new LaneMinute(Instant.parse("2026-12-05T10:02:00Z"), 0, 1, 1, 0, 0), hour.get(59));
        assertEquals(Instant.parse("2026-12-05T09:03:00Z"), hour.get(0).start());
    }

    @Test
    void aMinuteAnHourOldIsForgottenWhenItsSlotComesRound() {
        LaneHistory h = new LaneHistory();
        h.delivered(T0, 5, 1_000_000);
        List<LaneMinute> later = h.lastHour(T0 + 59 * MINUTE);
        assertEquals(5, later.get(0).delivered(), "59 minutes later it is the oldest minute");
        h.retried(T0 + 60 * MINUTE);
        List<LaneMinute> hourLater = h.lastHour(T0 + 60 * MINUTE);
        assertEquals(0, hourLater.stream().mapToLong(LaneMinute::delivered).sum(), "its slot was reused");
        assertEquals(1, hourLater.get(59).retries());
        assertEquals(0, h.lastHour(T0 + 200 * MINUTE).stream().mapToLong(LaneMinute::retries).sum(),
                "stale slots read as zeros");
    }
}
