package dev.herald.engine.tick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.LambdaCompiler;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The largest expression the parser accepts compiles and evaluates on a thread with the server's stack size
 * ({@code -Xss512k} in bin/herald): the parser's height bound must be below what every recursive pass (type check,
 * code generation, constant folding, evaluation) can take. The fuzzers found a 1,000-operator chain overflowing the
 * type checker.
 */
class DeepExpressionStackTest {
    private static final Point POINT = new Point("db", "rp", "cpu", Map.of("host", "a"),
            Map.of("ok", true, "v", 1.0), Instant.ofEpochSecond(1_700_000_000L));

    @Test
    void theTallestAcceptedChainCompilesAndEvaluatesOnA512kStack() throws Exception {
        int allowed = Parser.MAX_HEIGHT - 1; // operators; the leaves count as height 1
        StringBuilder and = new StringBuilder("\"ok\"");
        StringBuilder sum = new StringBuilder("\"v\"");
        for (int i = 0; i < allowed; i++) {
            and.append(" AND \"ok\"");
            sum.append(" + \"v\"");
        }
        assertEquals(Boolean.TRUE, onSmallStack(() -> LambdaCompiler.compile(and.toString()).eval(POINT)));
        assertEquals((double) allowed + 1, onSmallStack(() -> LambdaCompiler.compile(sum.toString()).eval(POINT)));
        String tooTall = and + " AND \"ok\"";
        Object refused = onSmallStack(() -> {
            try {
                return LambdaCompiler.compile(tooTall);
            } catch (TickscriptException e) {
                return e.getMessage();
            }
        });
        assertTrue(refused.toString().contains("expression too large"), refused.toString());
    }

    private static Object onSmallStack(java.util.concurrent.Callable<Object> work) throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = new Thread(null, () -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        return result.get(60, TimeUnit.SECONDS);
    }
}
