package dev.herald.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.engine.topic.MatchExpression;
import dev.herald.engine.tick.TickscriptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes topic handler match expressions: compile, then match one event. Invariant: only
 * {@link TickscriptException} from compiling, nothing from matching. Corpus: {@code MatchExpressionFuzzTestInputs/}.
 */
class MatchExpressionFuzzTest {
    private static final AlertEvent EVENT = new AlertEvent("t", "cpu:a", "message", "details",
            Instant.ofEpochSecond(1_700_000_000L), Duration.ofSeconds(5), Level.CRITICAL, Level.OK,
            new EventData("cpu", "task", "db", "rp", Map.of("host", "a"), Map.of("value", 1.0), true, List.of()));

    @FuzzTest(maxDuration = "2m", maxExecutions = 1_000_000)
    void compileAndMatch(byte[] input) {
        MatchExpression match;
        try {
            match = MatchExpression.compile(new String(input, StandardCharsets.UTF_8));
        } catch (TickscriptException expected) {
            return;
        }
        match.matches(EVENT);
    }
}
