package dev.herald.engine.lambda;

import dev.herald.engine.Point;
import dev.herald.engine.PointTags;
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
import com.google.re2j.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Property test: the compiled form agrees with the reference interpreter on random expressions and points. */
class CompiledVsInterpretedTest {
    private static final String[] REFS = {"\"f\"", "\"i\"", "\"s\"", "\"b\"", "\"m\"", "\"x\"", "\"time\""};
    private static final String[] FUNCS1 = {"abs", "sqrt", "floor", "strLength", "strToUpper", "int", "float",
        "string", "bool", "isPresent", "duration", "hour", "unixNano", "strTrimSpace", "acosh", "exp2", "pow10"};
    private static final String[] FUNCS2 = {"max", "pow", "strContains", "strIndex", "strHasPrefix", "mod",
        "strCount", "strTrim", "strLastIndexAny", "atan2", "duration"};
    private static final String[] FUNCS3 = {"strSubstring", "regexReplace"};
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
                if (rnd.nextInt(5) == 0) {
                    return FUNCS3[rnd.nextInt(FUNCS3.length)] + "(" + gen(depth - 1) + ", " + gen(depth - 1) + ", "
                            + gen(depth - 1) + ")";
                }
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
        // Integer and Float read as int and float; NaN compares like Go
        Object[] values = {1.5, -2.0, 0.0, Double.NaN, 2.5f, 3L, 0L, -4L, 7, "web1", "a", "", "1", "2m", true,
            false};
        for (String name : List.of("f", "i", "s", "b", "m", "x", "time")) {
            int k = rnd.nextInt(values.length + 4);
            if (k < values.length) {
                fields.put(name, values[k]);
                if (rnd.nextInt(4) == 0) {
                    tags.put(name, "shadowed"); // the field wins
                }
            } else if (k < values.length + 2) {
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

    /** Counts of what {@link #check} saw. */
    private int evaluations;
    private int values;
    private int generated;
    /** Generated evaluations with a string found in the tags, read directly (no field shadows a tag) or not. */
    private int directTags;
    private int shadowedTags;

    /**
     * The lambda, its closure tree and its generated specialisation for p agree with the interpreter: same value or
     * same exception type and message.
     */
    private void check(String src, CompiledLambda l, Point p) {
        Object expected = outcome(() -> Interpreter.eval(l.expression(), p));
        Object actual = outcome(() -> l.eval(p));
        assertEquals(expected, actual, src + " on " + p);
        Type typed = Typing.typeOf(l.expression(), name -> Interpreter.refType(p, name));
        Nodes.N closures = Compiler.build(l.expression(), name -> Interpreter.refType(p, name));
        assertEquals(typed, closures.type, src);
        assertEquals(expected, outcome(() -> closures.o(p)), "closure tree: " + src + " on " + p);
        // the specialisation used for p is generated bytecode whenever the expression can succeed
        Nodes.N spec = l.specialisation(p);
        assertEquals(typed, spec.type, src);
        if (typed != null) {
            assertTrue(spec.getClass().isHidden(), "not generated: " + src + " on " + p);
            generated++;
            if (l.references().stream().anyMatch(r -> Interpreter.refType(p, r) == Type.STRING
                    && CompiledLambda.isTag(p, r))) {
                if (((PointTags) p.tags()).shadowed()) {
                    shadowedTags++;
                } else {
                    directTags++;
                }
            }
        }
        assertEquals(expected, outcome(() -> spec.o(p)), "bytecode: " + src + " on " + p);
        if (expected instanceof Boolean b) {
            assertEquals(b, l.test(p), src);
        }
        if (expected instanceof Double || expected instanceof Long) {
            assertEquals(((Number) expected).doubleValue(), l.evalDouble(p), src);
        }
        if (!(expected instanceof String s && s.contains("Exception"))) {
            values++;
        }
        evaluations++;
    }

    @Test
    void compiledMatchesInterpreter() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            points.add(point());
        }
        int compiledCount = 0;
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
                check(src, l, p);
            }
        }
        assertTrue(compiledCount > 1000, "compiled " + compiledCount);
        assertTrue(values > evaluations / 10, "values " + values + " of " + evaluations);
        assertTrue(generated > evaluations / 10, "generated " + generated + " of " + evaluations);
        assertTrue(directTags > evaluations / 1000, "direct tags " + directTags + " of " + evaluations);
        assertTrue(shadowedTags > evaluations / 1000, "shadowed tags " + shadowedTags + " of " + evaluations);
    }

    // ------------------------------------------------------------------ type-directed expressions

    private enum T { BOOL, NUM, STR, DUR }

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    /**
     * An expression that is mostly well typed for the usual field types ("f" float, "i" int, "s" string, "b" bool,
     * "host" tag), so that deep expressions evaluate to values rather than stopping at the first type error.
     */
    private String typed(T t, int depth) {
        if (depth == 0 || rnd.nextInt(5) == 0) {
            switch (t) {
                case BOOL:
                    return pick("TRUE", "FALSE", "\"b\"", "isPresent(\"s\")", "isPresent(\"nope\")");
                case NUM:
                    return pick("0", "3", "-2", "1.5", "0.0", "-0.5", "\"f\"", "\"i\"", "\"f\"", "\"i\"");
                case STR:
                    return pick("'a'", "'web'", "''", "'2m'", "'Ab c '", "\"s\"", "\"host\"");
                default:
                    return pick("1s", "2m", "0s", "-3ms");
            }
        }
        int d = depth - 1;
        switch (t) {
            case BOOL:
                switch (rnd.nextInt(10)) {
                    case 0:
                        return "(" + typed(T.NUM, d) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " "
                                + typed(T.NUM, d) + ")";
                    case 1:
                        return "(" + typed(T.STR, d) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " "
                                + typed(T.STR, d) + ")";
                    case 2:
                        return "(" + typed(T.DUR, d) + " " + pick("<", ">=", "==", "!=") + " " + typed(T.DUR, d) + ")";
                    case 3:
                        return "(" + typed(T.BOOL, d) + " " + pick("==", "!=") + " " + typed(T.BOOL, d) + ")";
                    case 4:
                    case 5:
                        return "(" + typed(T.BOOL, d) + " " + pick("AND", "OR") + " " + typed(T.BOOL, d) + ")";
                    case 6:
                        return "!" + typed(T.BOOL, 0);
                    case 7:
                        return "(" + typed(T.STR, d) + " " + pick("=~", "!~") + " " + pick("/^w/", "/a/", "/\\d/")
                                + ")";
                    case 8:
                        return pick("strContains", "strHasPrefix", "strHasSuffix", "strContainsAny") + "("
                                + typed(T.STR, d) + ", " + typed(T.STR, d) + ")";
                    default:
                        return "if(" + typed(T.BOOL, d) + ", " + typed(T.BOOL, d) + ", " + typed(T.BOOL, d) + ")";
                }
            case NUM:
                switch (rnd.nextInt(9)) {
                    case 0:
                    case 1:
                        return "(" + typed(T.NUM, d) + " " + pick("+", "-", "*", "/", "%") + " " + typed(T.NUM, d)
                                + ")";
                    case 2:
                        return "-" + typed(T.NUM, 0);
                    case 3:
                        return pick("abs", "sqrt", "floor", "log", "trunc", "int", "float") + "(" + typed(T.NUM, d)
                                + ")";
                    case 4:
                        return pick("max", "pow", "mod", "atan2", "hypot") + "(" + typed(T.NUM, d) + ", "
                                + typed(T.NUM, d) + ")";
                    case 5:
                        return pick("strLength(" + typed(T.STR, d) + ")", "strIndex(" + typed(T.STR, d) + ", 'a')",
                                "strCount(" + typed(T.STR, d) + ", 'a')", "int(" + typed(T.STR, d) + ")",
                                "float(" + typed(T.BOOL, d) + ")", "int(" + typed(T.DUR, d) + ")");
                    case 6:
                        return pick("hour(\"time\")", "unixNano(\"time\")", "(" + typed(T.DUR, d) + " / "
                                + typed(T.DUR, d) + ")");
                    case 7:
                        return "if(" + typed(T.BOOL, d) + ", " + typed(T.NUM, d) + ", " + typed(T.NUM, d) + ")";
                    default:
                        return typed(T.NUM, 0);
                }
            case STR:
                switch (rnd.nextInt(6)) {
                    case 0:
                        return "(" + typed(T.STR, d) + " + " + typed(T.STR, d) + ")";
                    case 1:
                        return pick("strToUpper", "strTrimSpace", "strToLower") + "(" + typed(T.STR, d) + ")";
                    case 2:
                        return pick("strReplace(" + typed(T.STR, d) + ", 'a', 'xy', -1)",
                                "strSubstring(" + typed(T.STR, d) + ", 0, 1)",
                                "strTrim(" + typed(T.STR, d) + ", ' A')",
                                "regexReplace(/(a)/, " + typed(T.STR, d) + ", '<$1>')");
                    case 3:
                        return "string(" + typed(pick("NUM", "BOOL", "DUR").equals("NUM") ? T.NUM : T.DUR, d) + ")";
                    case 4:
                        return "if(" + typed(T.BOOL, d) + ", " + typed(T.STR, d) + ", " + typed(T.STR, d) + ")";
                    default:
                        return typed(T.STR, 0);
                }
            default:
                switch (rnd.nextInt(6)) {
                    case 0:
                        return "(" + typed(T.DUR, d) + " " + pick("+", "-") + " " + typed(T.DUR, d) + ")";
                    case 1:
                        return "(" + typed(T.DUR, d) + " " + pick("*", "/") + " " + typed(T.NUM, d) + ")";
                    case 2:
                        return "(" + typed(T.NUM, d) + " * " + typed(T.DUR, d) + ")";
                    case 3:
                        return pick("-" + typed(T.DUR, 0), "duration(" + typed(T.STR, d) + ")",
                                "duration(" + typed(T.NUM, d) + ", " + typed(T.DUR, d) + ")");
                    case 4:
                        return "if(" + typed(T.BOOL, d) + ", " + typed(T.DUR, d) + ", " + typed(T.DUR, d) + ")";
                    default:
                        return typed(T.DUR, 0);
                }
        }
    }

    /** Usually the expected types; sometimes another type, an Integer/Float, a shadowing tag, or nothing. */
    private Point typedPoint() {
        Map<String, Object> fields = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        Object[][] usual = {
            {1.5, -2.0, 0.0, -0.0, 100.25, Double.NaN, 2.5f},
            {3L, 0L, -4L, 2L, 7},
            {"web1", "a", "", "2m", "Ab c ", "12", "true"},
            {true, false},
        };
        Object[] other = {1.5, 3L, 7, "x", false};
        String[] names = {"f", "i", "s", "b"};
        for (int n = 0; n < names.length; n++) {
            int k = rnd.nextInt(12);
            if (k < 9) {
                fields.put(names[n], usual[n][rnd.nextInt(usual[n].length)]);
            } else if (k == 9) {
                fields.put(names[n], other[rnd.nextInt(other.length)]);
            } else if (k == 10) {
                tags.put(names[n], "tagged");
            }
            if (rnd.nextInt(8) == 0) {
                tags.put(names[n], "shadowed");
            }
        }
        if (rnd.nextInt(6) != 0) {
            tags.put("host", pick("web01", "db2", "a"));
        }
        return new Point("db", "rp", "m", tags, fields, Instant.ofEpochSecond(rnd.nextInt(2_000_000_000)));
    }

    /**
     * A {@link #typedPoint} with the tag "host", and either some tag shadowed by a field (so tags found in the tags
     * take the field-first path) or none (so they are read from the tags directly).
     */
    private Point hostPoint(boolean shadowed) {
        Point p = typedPoint();
        Map<String, Object> fields = new HashMap<>(p.fields());
        Map<String, String> tags = new HashMap<>(p.tags());
        tags.putIfAbsent("host", pick("web01", "db2", "a"));
        if (shadowed) {
            String name = pick("f", "i", "s", "b");
            fields.putIfAbsent(name, pick("web7", "1.5", "x"));
            tags.put(name, "shadowed");
        } else {
            tags.keySet().removeAll(fields.keySet());
        }
        return new Point(p.database(), p.retentionPolicy(), p.name(), tags, fields, p.time());
    }

    @Test
    void typedExpressionsMatchInterpreter() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            points.add(typedPoint());
        }
        for (int i = 0; i < 8; i++) {
            points.add(hostPoint(i % 2 == 0));
        }
        int compiledCount = 0;
        for (int n = 0; n < 1500; n++) {
            T t = T.values()[rnd.nextInt(T.values().length)];
            String src = typed(n % 3 == 0 ? T.BOOL : t, 1 + rnd.nextInt(5));
            CompiledLambda l;
            try {
                l = LambdaCompiler.compile(Tickscript.parseLambda(src));
            } catch (TickscriptException e) {
                continue;
            }
            compiledCount++;
            // two passes: the second one starts from the specialisation the last point left current
            for (int pass = 0; pass < 2; pass++) {
                for (Point p : points) {
                    check(src, l, p);
                }
            }
        }
        assertTrue(compiledCount > 1400, "compiled " + compiledCount);
        assertTrue(values > evaluations / 2, "values " + values + " of " + evaluations);
        assertTrue(generated > evaluations / 2, "generated " + generated + " of " + evaluations);
        assertTrue(directTags > evaluations / 100, "direct tags " + directTags + " of " + evaluations);
        assertTrue(shadowedTags > evaluations / 100, "shadowed tags " + shadowedTags + " of " + evaluations);
    }
}
