package dev.herald.engine.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.engine.tick.TickscriptException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchExpressionTest {
    private static AlertEvent event(Level level, Level previous, Duration duration) {
        EventData data = new EventData("cpu", "cpu_task", "", "host=web01", Map.of("host", "web01", "dc", "eu"),
                Map.of(), true, List.of());
        return new AlertEvent("cpu", "id", "m", "", Instant.EPOCH, duration, level, previous, data);
    }

    @Test
    void kapacitorFunctionsAndConstants() {
        AlertEvent crit = event(Level.CRITICAL, Level.WARNING, Duration.ofMinutes(10));
        assertTrue(MatchExpression.compile("changed()").matches(crit));
        assertFalse(MatchExpression.compile("changed()").matches(event(Level.CRITICAL, Level.CRITICAL,
                Duration.ZERO)));
        assertTrue(MatchExpression.compile("level() >= WARNING").matches(crit));
        assertFalse(MatchExpression.compile("level() == OK").matches(crit));
        assertTrue(MatchExpression.compile("name() == 'cpu' AND taskName() =~ /^cpu/").matches(crit));
        assertTrue(MatchExpression.compile("alertDuration() > 5m").matches(crit));
        assertFalse(MatchExpression.compile("duration() > 15m").matches(crit));
        assertTrue(MatchExpression.compile("\"host\" == 'web01' AND !(\"dc\" == 'us')").matches(crit));
        assertTrue(MatchExpression.compile("").matches(crit));
    }

    @Test
    void aMissingTagDoesNotMatch() {
        assertFalse(MatchExpression.compile("\"region\" == 'x'").matches(event(Level.OK, Level.OK, Duration.ZERO)));
    }

    @Test
    void unknownNamesAreRejectedWithTheirPosition() {
        TickscriptException ident = assertThrows(TickscriptException.class,
                () -> MatchExpression.compile("level() == SEVERE"));
        assertTrue(ident.getMessage().contains("unknown identifier \"SEVERE\""), ident.getMessage());
        assertEquals(1, ident.line());
        TickscriptException fn = assertThrows(TickscriptException.class,
                () -> MatchExpression.compile("host() == 'a'"));
        assertTrue(fn.getMessage().contains("unknown function \"host\""), fn.getMessage());
        assertThrows(TickscriptException.class, () -> MatchExpression.compile("level( == 1"));
    }
}
