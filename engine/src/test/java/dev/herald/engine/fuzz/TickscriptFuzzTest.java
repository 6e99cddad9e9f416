package dev.herald.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.TickscriptException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the TICKscript front end (lexer, parser, resolver, printer). Invariant: only {@link TickscriptException},
 * no hang, no stack overflow on deep nesting. Corpus: {@code TickscriptFuzzTestInputs/parse/}.
 */
class TickscriptFuzzTest {
    @FuzzTest(maxDuration = "2m", maxExecutions = 1_000_000)
    void parse(byte[] input) {
        String script = new String(input, StandardCharsets.UTF_8);
        try {
            Tickscript.parse(script);
        } catch (TickscriptException expected) {
            // the parser's own error type
        }
        try {
            Tickscript.format(script);
        } catch (TickscriptException expected) {
            // the parser's own error type
        }
    }
}
