package dev.herald.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.engine.Point;
import dev.herald.engine.lambda.CompiledLambda;
import dev.herald.engine.lambda.LambdaCompiler;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.tick.TickscriptException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Fuzzes lambda compilation (parser, type checker, bytecode generation) and evaluation against one point.
 * Invariant: only {@link TickscriptException} from compiling and {@link LambdaException} from evaluating; the
 * generated class always verifies. Corpus: {@code LambdaFuzzTestInputs/compileAndEvaluate/}.
 */
class LambdaFuzzTest {
    private static final Point POINT = new Point("db", "rp", "cpu", Map.of("host", "a", "cpu", "cpu0"),
            Map.of("usage_idle", 3.5, "count", 7L, "ok", true, "name", "srv"), Instant.ofEpochSecond(1_700_000_000L));

    @FuzzTest(maxDuration = "2m", maxExecutions = 1_000_000)
    void compileAndEvaluate(byte[] input) {
        String expression = new String(input, StandardCharsets.UTF_8);
        CompiledLambda lambda;
        try {
            lambda = LambdaCompiler.compile(expression);
        } catch (TickscriptException | LambdaException expected) {
            return;
        }
        try {
            lambda.eval(POINT);
        } catch (LambdaException expected) {
            // a runtime type error or missing reference
        }
    }
}
