package dev.herald.engine.lambda;

import dev.herald.engine.Point;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Property test: the compiled form agrees with the reference interpreter on random expressions and points. */
class CompiledVsInterpretedTest {
    private static final String[] REFS = {"\"f\"", "\"i\"", "\"s\"", "\"b\"", "\"m\"", "\"x\""};
    private static final String[] FUNCS1 = {"abs", "sqrt", "floor", "strLength", "strToUpper", "int", "float",
        "string", "bool", "isPresent"};
    private static final String[] FUNCS2 = {"max", "pow", "strContains", "strIndex", "strHasPrefix", "mod"};
    private static final String[] OPS = {"AND", "OR", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%",
        "=~", "!~"};

    private final Random rnd = new Random(20240309L);

    private String gen(int depth) {
        if (depth == 0 || rnd.nextInt(4) == 0) {
            return leaf();
        }
        switch (rnd.nextInt(6)) {
            case 0:
                return (rnd.nextBoolean() ? "-" : "!") + gen(0);
            case 1: {
                String f = FUNCS1[rnd.nextInt(FUNCS1.length)];
                return f + "(" + (f.equals("isPresent") ? REFS[rnd.nextInt(REFS.length)] : gen(depth - 1)) + ")";
            }
            case 2:
                return FUNCS2[rnd.nextInt(FUNCS2.length)] + "(" + gen(depth - 1) + ", " + gen(depth - 1) + ")";
            case 3:
                return "if(" + gen(depth - 1) + ", " + gen(depth - 1) + ", " + gen(depth - 1) + ")";
            default:
                return "(" + gen(depth - 1) + " " + OPS[rnd.nextInt(OPS.length)] + " " + gen(depth - 1) + ")";
        }
    }

    private String leaf() {
        switch (rnd.nextInt(9)) {
            case 0:
                return Integer.toString(rnd.nextInt(5));
            case 1:
                return rnd.nextInt(5) + ".5";
            case 2:
                return new String[] {"'a'", "'web'", "''", "'1'"}[rnd.nextInt(4)];
            case 3:
                return rnd.nextBoolean() ? "TRUE" : "FALSE";
            case 4:
                return new String[] {"1s", "2m", "0s"}[rnd.nextInt(3)];
            case 5:
                return new String[] {"/^w/", "/a/", "/\\d/"}[rnd.nextInt(3)];
            default:
                return REFS[rnd.nextInt(REFS.length)];
        }
    }

    private Point point() {
        Map<String, Object> fields = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        Object[] values = {1.5, -2.0, 0.0, 3L, 0L, -4L, "web1", "a", "", true, false};
        for (String name : List.of("f", "i", "s", "b", "m", "x")) {
            int k = rnd.nextInt(values.length + 3);
            if (k < values.length) {
                fields.put(name, values[k]);
            } else if (k == values.length) {
                tags.put(name, rnd.nextBoolean() ? "web9" : "db");
            }
        }
        return new Point("db", "rp", "m", tags, fields, Instant.ofEpochSecond(rnd.nextInt(1_000_000_000)));
    }

    private static Object outcome(java.util.function.Supplier<Object> s) {
        try {
            Object v = s.get();
            return v instanceof Pattern p ? "regex:" + p.pattern() : v;
        } catch (LambdaException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void compiledMatchesInterpreter() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            points.add(point());
        }
        int compiledCount = 0;
        int evaluations = 0;
        int values = 0;
        for (int n = 0; n < 3000; n++) {
            String src = gen(4);
            CompiledLambda l;
            try {
                Expr expr = Tickscript.parseLambda(src);
                l = LambdaCompiler.compile(expr);
            } catch (TickscriptException e) {
                continue; // statically invalid
            }
            compiledCount++;
            for (Point p : points) {
                Object expected = outcome(() -> Interpreter.eval(l.expression(), p));
                Object actual = outcome(() -> l.eval(p));
                assertEquals(expected, actual, src + " on " + p);
                Type built = Compiler.build(l.expression(), name -> Interpreter.refType(p, name)).type;
                assertEquals(Typing.typeOf(l.expression(), name -> Interpreter.refType(p, name)), built, src);
                if (expected instanceof Boolean b) {
                    assertEquals(b, l.test(p), src);
                }
                if (!(expected instanceof String s && s.contains("Exception"))) {
                    values++;
                }
                evaluations++;
            }
        }
        assertTrue(compiledCount > 1000, "compiled " + compiledCount);
        assertTrue(values > evaluations / 10, "values " + values + " of " + evaluations);
    }
}
