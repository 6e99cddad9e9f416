package dev.herald.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaCompiler;
import dev.herald.engine.topic.MatchExpression;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzzers' regex finding (catastrophic backtracking under java.util.regex) cannot happen: lambdas and match
 * expressions run RE2, whose time is linear in the text, so the pattern simply does not match.
 */
class RegexLinearTimeTest {
    private static final String EVIL = "a".repeat(5000) + "!";

    @Test
    void compiledLambdaAnswersABacktrackingPattern() {
        Point p = new Point("db", "rp", "m", Map.of("host", EVIL), Map.of("v", 1.0), Instant.EPOCH);
        assertFalse(LambdaCompiler.compilePredicate("\"host\" =~ /(.*a){20}$/").test(p));
        assertFalse(LambdaCompiler.compilePredicate("\"host\" =~ /^(a+)+$/").test(p));
        assertTrue(LambdaCompiler.compilePredicate("\"host\" =~ /^a+!$/").test(p));
    }

    @Test
    void matchExpressionAnswersABacktrackingPattern() {
        AlertEvent event = new AlertEvent("t", "id", "m", "d", Instant.EPOCH, Duration.ZERO, Level.CRITICAL, Level.OK,
                new EventData("m", "task", "", "", Map.of("host", EVIL), Map.of(), true, List.of()));
        assertFalse(MatchExpression.compile("\"host\" =~ /(.*a){20}$/").matches(event));
        assertTrue(MatchExpression.compile("\"host\" =~ /^a+!$/").matches(event));
    }
}
