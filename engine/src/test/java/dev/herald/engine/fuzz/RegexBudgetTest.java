package dev.herald.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaCompiler;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.topic.MatchExpression;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Catastrophic backtracking (the fuzzers' regex finding) ends with an error instead of holding the thread. */
class RegexBudgetTest {
    private static final String EVIL = "a".repeat(30) + "!";

    @Test
    void compiledLambdaStopsABacktrackingPattern() {
        Point p = new Point("db", "rp", "m", Map.of("host", EVIL), Map.of("v", 1.0), Instant.EPOCH);
        LambdaException e = assertThrows(LambdaException.class,
                () -> LambdaCompiler.compilePredicate("\"host\" =~ /(.*a){20}$/").test(p));
        assertTrue(e.getMessage().contains("backtracking"), e.getMessage());
        assertTrue(LambdaCompiler.compilePredicate("\"host\" =~ /^a+!$/").test(p));
    }

    @Test
    void matchExpressionTreatsAnExhaustedBudgetAsNoMatch() {
        AlertEvent event = new AlertEvent("t", "id", "m", "d", Instant.EPOCH, Duration.ZERO, Level.CRITICAL, Level.OK,
                new EventData("m", "task", "", "", Map.of("host", EVIL), Map.of(), true, List.of()));
        assertFalse(MatchExpression.compile("\"host\" =~ /(.*a){20}$/").matches(event));
        assertTrue(MatchExpression.compile("\"host\" =~ /^a+!$/").matches(event));
    }
}
