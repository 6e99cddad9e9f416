package dev.herald.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertEventTest {
    private static AlertEvent event(String id, Instant time, Level level, String message) {
        return new AlertEvent("cpu", id, message, "", time, Duration.ZERO, level, Level.OK, EventData.EMPTY);
    }

    @Test
    void identityIsAlertIdTimeAndLevelAndIgnoresEverythingElse() {
        Instant t = Instant.parse("2026-12-04T10:00:00.5Z");
        AlertEvent e = event("cpu:host=a", t, Level.CRITICAL, "first");
        assertEquals("cpu:host=a@2026-12-04T10:00:00.500Z/CRITICAL", e.identity());
        assertEquals(e.identity(), event("cpu:host=a", t, Level.CRITICAL, "re-rendered").withTopic("other")
                .identity());
        assertNotEquals(e.identity(), event("cpu:host=a", t, Level.OK, "first").identity());
        assertNotEquals(e.identity(), event("cpu:host=a", t.plusNanos(1), Level.CRITICAL, "first").identity());
    }
}
