package dev.herald.engine.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.PointExpression;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.TickscriptException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** sigma, spread and count: Kapacitor's values, state per group and per occurrence, compiled form vs interpreter. */
class StatefulFunctionsTest {

    private static Point point(double value) {
        return new Point("db", "rp", "cpu", Map.of("host", "a"), Map.of("value", value), Instant.EPOCH);
    }

    private static List<Object> run(String expression, double... values) {
        CompiledLambda l = LambdaCompiler.compile(expression);
        LambdaState state = l.newState();
        List<Object> out = new ArrayList<>();
        for (double v : values) {
            out.add(l.eval(point(v), state));
        }
        return out;
    }

    @Test
    void sigmaIsTheDistanceFromTheRunningMeanInRunningStandardDeviations() {
        // n=1: 0; n=2: mean 1.5, variance 0.5; n=3: mean 2, variance 1
        assertEquals(List.of(0.0, 0.5 / Math.sqrt(0.5), 1.0), run("sigma(\"value\")", 1, 2, 3));
        // a constant series has no variance: 0, as in Kapacitor
        assertEquals(List.of(0.0, 0.0, 0.0), run("sigma(\"value\")", 5, 5, 5));
    }

    @Test
    void spreadIsTheRunningRangeAndCountCountsEvaluations() {
        assertEquals(List.of(0.0, 4.0, 4.0, 6.0), run("spread(\"value\")", 1, 5, 3, -1));
        assertEquals(List.of(1L, 2L, 3L), run("count()", 9, 9, 9));
        // an int argument is promoted, as for the other float functions
        assertEquals(List.of(0.0, 2.0), run("spread(int(\"value\"))", 1, 3));
    }

    @Test
    void eachOccurrenceKeepsItsOwnState() {
        assertEquals(List.of(2L, 4L, 6L), run("count() + count()", 0, 0, 0));
        // sigma of value and sigma of -value agree only when they do not share the running mean
        assertEquals(List.of(0.0, 0.0, 0.0), run("sigma(\"value\") - sigma(-\"value\")", 1, 2, 3));
    }

    @Test
    void aFailedArgumentDoesNotUpdateTheState() {
        CompiledLambda l = LambdaCompiler.compile("spread(\"value\")");
        LambdaState state = l.newState();
        assertEquals(0.0, l.eval(point(1), state));
        Point noValue = new Point("db", "rp", "cpu", Map.of(), Map.of("other", 100.0), Instant.EPOCH);
        assertThrows(MissingReferenceException.class, () -> l.eval(noValue, state));
        assertEquals(1.0, l.eval(point(2), state));
    }

    @Test
    void statesAreIndependentAndStatelessExpressionsHaveNone() {
        CompiledLambda l = LambdaCompiler.compile("count()");
        assertTrue(l.isStateful());
        LambdaState a = l.newState();
        LambdaState b = l.newState();
        assertEquals(1L, l.eval(point(0), a));
        assertEquals(2L, l.eval(point(0), a));
        assertEquals(1L, l.eval(point(0), b));
        // the one-off interpreter entry point gets a fresh state
        assertEquals(1L, LambdaCompiler.interpret(Tickscript.parseLambda("count()"), point(0)));
        CompiledLambda plain = LambdaCompiler.compile("\"value\" + 1");
        assertFalse(plain.isStateful());
        assertNull(plain.newState());
    }

    @Test
    void pointExpressionsKeepOneStatePerGroup() {
        PointExpression e = PointExpression.of(Tickscript.parseLambda("count()"));
        GroupId a = GroupId.of(List.of("host"), false, "cpu", Map.of("host", "a"));
        GroupId b = GroupId.of(List.of("host"), false, "cpu", Map.of("host", "b"));
        assertEquals(1L, e.eval(point(0), a));
        assertEquals(2L, e.eval(point(0), a));
        assertEquals(1L, e.eval(point(0), b));
        assertEquals(3L, e.eval(point(0), a));
    }

    @Test
    void theDocumentedAnomalyRuleTypeChecks() {
        CompiledLambda l = LambdaCompiler.compilePredicate("sigma(\"value\") > 3");
        LambdaState state = l.newState();
        for (int i = 0; i < 20; i++) {
            assertFalse(l.test(point(10 + (i % 2)), state));
        }
        assertTrue(l.test(point(100), state));
    }

    @Test
    void wrongArgumentsAreDefineTimeErrors() {
        TickscriptException e = assertThrows(TickscriptException.class,
                () -> LambdaCompiler.compile("sigma('text')"));
        assertTrue(e.getMessage().contains("Cannot call function \"sigma\" with args (string)"), e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compile("count(\"value\")"));
        assertTrue(e.getMessage().contains("function \"count\" expects 0 argument(s) but got 1"), e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compile("spread()"));
        assertTrue(e.getMessage().contains("function \"spread\" expects 1 argument(s) but got 0"), e.getMessage());
    }

    // ------------------------------------------------------------------ randomized oracle

    private final Random rnd = new Random(20261204L);

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    /** A numeric expression with stateful calls; the references are sometimes missing or of another type. */
    private String num(int depth) {
        if (depth == 0) {
            return pick("\"f\"", "\"i\"", "\"s\"", "1.5", "2", "count()", "sigma(\"f\")", "spread(\"i\")");
        }
        int d = depth - 1;
        switch (rnd.nextInt(7)) {
            case 0:
                return "sigma(" + num(d) + ")";
            case 1:
                return "spread(" + num(d) + ")";
            case 2:
                return "count()";
            case 3:
                return "if(" + bool(d) + ", " + num(d) + ", " + num(d) + ")";
            case 4:
                return "float(" + num(d) + ")";
            default:
                return "(" + num(d) + " " + pick("+", "-", "*", "/") + " " + num(d) + ")";
        }
    }

    private String bool(int depth) {
        switch (rnd.nextInt(3)) {
            case 0:
                return "(" + num(depth) + " " + pick("<", ">", "==") + " " + num(depth) + ")";
            case 1:
                return "(" + bool(Math.max(0, depth - 1)) + " " + pick("AND", "OR") + " " + bool(Math.max(0, depth - 1))
                        + ")";
            default:
                return pick("TRUE", "FALSE", "isPresent(\"f\")", "\"b\"");
        }
    }

    private Point randomPoint(int t) {
        Map<String, Object> fields = new HashMap<>();
        Object[] fs = {1.5, -2.0, 0.0, 7.25, 3L, "x", Double.NaN};
        Object[] is = {3L, 0L, -4L, 2L, 7, 1.5};
        int k = rnd.nextInt(10);
        if (k < 9) {
            fields.put("f", fs[rnd.nextInt(fs.length)]);
        }
        k = rnd.nextInt(10);
        if (k < 9) {
            fields.put("i", is[rnd.nextInt(is.length)]);
        }
        if (rnd.nextBoolean()) {
            fields.put("s", "web");
        }
        fields.put("b", rnd.nextBoolean());
        return new Point("db", "rp", "m", Map.of(), fields, Instant.ofEpochSecond(t));
    }

    private static Object outcome(java.util.function.Supplier<Object> s) {
        try {
            return s.get();
        } catch (LambdaException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void compiledMatchesInterpreterOverSequences() {
        int compiled = 0;
        int values = 0;
        int evaluations = 0;
        for (int n = 0; n < 600; n++) {
            String src = rnd.nextBoolean() ? num(1 + rnd.nextInt(4)) : bool(1 + rnd.nextInt(3));
            CompiledLambda l;
            try {
                l = LambdaCompiler.compile(Tickscript.parseLambda(src));
            } catch (TickscriptException e) {
                continue;
            }
            compiled++;
            LambdaState compiledState = l.newState();
            LambdaState interpreterState = l.newState();
            for (int t = 0; t < 30; t++) {
                Point p = randomPoint(t);
                Object expected = outcome(() -> Interpreter.eval(l.expression(), p, interpreterState));
                Object actual = outcome(() -> l.eval(p, compiledState));
                if (expected instanceof Double d && d.isNaN()) {
                    assertTrue(actual instanceof Double a && a.isNaN(), src + " at " + t + ": " + actual);
                } else {
                    assertEquals(expected, actual, src + " at " + t + " on " + p);
                }
                evaluations++;
                if (!(expected instanceof String s && s.contains("Exception"))) {
                    values++;
                }
            }
        }
        assertTrue(compiled > 400, "compiled " + compiled);
        assertTrue(values > evaluations / 4, "values " + values + " of " + evaluations);
    }
}
