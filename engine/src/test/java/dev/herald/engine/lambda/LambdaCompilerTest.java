package dev.herald.engine.lambda;

import dev.herald.engine.Point;
import dev.herald.engine.tick.TickscriptException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaCompilerTest {
    static final Point P = new Point("db", "rp", "cpu", Map.of("host", "web01", "cpu", "cpu-total"),
            Map.of("usage_idle", 7.5, "count", 42L, "path", "/api/v1", "ok", true, "host2", "x"),
            Instant.parse("2024-03-09T13:45:30Z")); // a Saturday

    private static Object eval(String src) {
        Object compiled = LambdaCompiler.compile(src).eval(P);
        assertEquals(compiled, LambdaCompiler.interpret(dev.herald.engine.tick.Tickscript.parseLambda(src), P), src);
        return compiled;
    }

    @Test
    void arithmeticAndTypes() {
        assertEquals(7L, eval("1 + 2 * 3"));
        assertEquals(2L, eval("7 / 3"));
        assertEquals(-1L, eval("-7 % 3"));
        assertEquals(3.5, eval("7.0 / 2"));
        assertEquals(3.5, eval("7 / 2.0"));           // int/float mix promotes (Kapacitor errors here)
        assertEquals(84L, eval("\"count\" * 2"));
        assertEquals(49.5, eval("\"count\" + \"usage_idle\""));
        assertEquals("web01/api/v1", eval("\"host\" + \"path\""));
        assertEquals(Duration.ofSeconds(90), eval("1m + 30s"));
        assertEquals(Duration.ofSeconds(30), eval("1m / 2"));
        assertEquals(Duration.ofSeconds(90), eval("1.5 * 1m"));
        assertEquals(6L, eval("3m / 30s"));
        assertEquals(-7.5, eval("-\"usage_idle\""));
        assertEquals(false, eval("!\"ok\""));
    }

    @Test
    void comparisonsAndLogic() {
        assertTrue(LambdaCompiler.compile("\"usage_idle\" < 10").test(P));
        assertTrue(LambdaCompiler.compile("\"count\" == 42.0").test(P));
        assertTrue(LambdaCompiler.compile("\"count\" > 41.5 AND \"count\" >= 42").test(P));
        assertTrue(LambdaCompiler.compile("\"host\" =~ /^web\\d+$/").test(P));
        assertFalse(LambdaCompiler.compile("\"host\" !~ /^web/").test(P));
        assertTrue(LambdaCompiler.compile("\"host\" < 'x' AND 'a' != 'b'").test(P));
        assertTrue(LambdaCompiler.compile("\"ok\" == TRUE OR \"missing\" > 1").test(P)); // short circuit
        assertTrue(LambdaCompiler.compile("1m < 61s").test(P));
        assertEquals(true, eval("FALSE OR 1 < 2 AND 2 < 3"));
        assertEquals(false, eval("(FALSE OR 1 < 2) AND 2 > 3"));
    }

    @Test
    void functions() {
        assertEquals(3.0, eval("sqrt(9)"));
        assertEquals(7.0, eval("floor(\"usage_idle\")"));
        assertEquals(8.0, eval("pow(2.0, 3.0)"));
        assertEquals(1000.0, eval("pow10(3)"));
        assertEquals(2.0, eval("max(1, 2)"));
        assertEquals(1.5, eval("mod(7.5, 3.0)"));
        assertEquals(true, eval("strContains(\"path\", 'api')"));
        assertEquals(7L, eval("strLength(\"path\")"));
        assertEquals(1L, eval("strIndex(\"path\", 'api')"));
        assertEquals(2L, eval("strCount('cheese', 'e') - 1"));
        assertEquals("/API/V1", eval("strToUpper(\"path\")"));
        assertEquals("api", eval("strSubstring(\"path\", 1, 4)"));
        assertEquals("/v1", eval("strSubstring(\"path\", 4, 7)")); // stop == length allowed
        assertEquals("xxapi/v1", eval("strReplace(\"path\", '/', 'xx', 1)"));
        assertEquals("api", eval("strTrim('//api//', '/')"));
        assertEquals("api//", eval("strTrimLeft('//api//', '/')"));
        assertEquals("v1", eval("strTrimPrefix('api/v1', 'api/')"));
        assertEquals("a b", eval("strTrimSpace('  a b  ')"));
        assertEquals("web-01", eval("regexReplace(/(web)(\\d+)/, \"host\", '$1-$2')"));
        assertEquals(true, eval("strHasPrefix(\"host\", 'web') AND strHasSuffix(\"host\", '01')"));
        assertEquals(42L, eval("int('42')"));
        assertEquals(7L, eval("int(\"usage_idle\")"));
        assertEquals(42.0, eval("float(\"count\")"));
        assertEquals("7.5", eval("string(\"usage_idle\")"));
        assertEquals("90s", eval("string(90s)"));
        assertEquals(true, eval("bool('true')"));
        assertEquals(Duration.ofMinutes(5), eval("duration(5, 1m)"));
        assertEquals(Duration.ofSeconds(90), eval("duration('1m30s')"));
        assertEquals(45L, eval("minute(\"time\")"));
        assertEquals(13L, eval("hour(\"time\")"));
        assertEquals(6L, eval("weekday(\"time\")"));
        assertEquals(9L, eval("day(\"time\")"));
        assertEquals(3L, eval("month(\"time\")"));
        assertEquals(2024L, eval("year(\"time\")"));
        assertEquals(1709991930000000000L, eval("unixNano(\"time\")"));
        assertEquals("big", eval("if(\"count\" > 10, 'big', 'small')"));
        assertEquals(1L, eval("if(\"ok\", 1, \"missing\")")); // lazy: the untaken branch may fail
        assertEquals(true, eval("isPresent(\"host\")"));
        assertEquals(false, eval("isPresent(\"nope\")"));
    }

    @Test
    void referencesFieldsThenTags() {
        Point both = new Point("", "", "m", Map.of("x", "tag"), Map.of("x", 1.0), Instant.EPOCH);
        assertEquals(1.0, LambdaCompiler.compile("\"x\"").eval(both));
        CompiledLambda l = LambdaCompiler.compile("\"a\" > 1 AND \"host\" == 'h' OR isPresent(\"z\") OR hour(\"time\") > 1");
        assertEquals(Set.of("a", "host", "z", "time"), l.references());
    }

    @Test
    void missingReference() {
        CompiledLambda l = LambdaCompiler.compile("\"nope\" > 10");
        MissingReferenceException e = assertThrows(MissingReferenceException.class, () -> l.test(P));
        assertEquals("no field or tag exists for nope", e.getMessage());
        assertEquals("nope", e.reference());
    }

    @Test
    void runtimeErrors() {
        LambdaException e = assertThrows(LambdaException.class, () -> LambdaCompiler.compile("\"host\" > 1").test(P));
        assertEquals("mismatched type to binary operator. got string > int. see bool(), int(), float(), string(), "
                + "duration()", e.getMessage());
        e = assertThrows(LambdaException.class, () -> LambdaCompiler.compile("\"count\" / 0").eval(P));
        assertEquals("integer division by zero", e.getMessage());
        e = assertThrows(LambdaException.class, () -> LambdaCompiler.compile("\"count\" + 1").test(P));
        assertEquals("expression returned unexpected type int, expected boolean", e.getMessage());
        e = assertThrows(LambdaException.class, () -> LambdaCompiler.compile("int(\"host\")").eval(P));
        assertEquals("error calling \"int\": cannot parse \"web01\" as an integer", e.getMessage());
    }

    @Test
    void staticErrorsAtDefineTime() {
        TickscriptException e = assertThrows(TickscriptException.class,
                () -> LambdaCompiler.compile("\"a\" + 1 > TRUE"));
        assertEquals("line 1 col 9: mismatched type to binary operator. got int|float > boolean", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compile("\"a\" > 1 AND\n  foo(1)"));
        assertEquals("line 2 col 3: undefined function: \"foo\"", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compile("sqrt(1, 2)"));
        assertEquals("line 1 col 1: function \"sqrt\" expects 1 argument(s) but got 2", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compile("strLength(1)"));
        assertEquals("line 1 col 1: Cannot call function \"strLength\" with args (int), available signatures are "
                + "[(string)].", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compile("'a' =~ 'b'"));
        assertEquals("line 1 col 5: mismatched type to binary operator. got string =~ string", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compilePredicate("\"a\" + 1"));
        assertEquals("line 1 col 5: expression must be boolean but is int|float", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compile("\"a\" > x"));
        assertEquals("line 1 col 7: undefined variable \"x\"", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> LambdaCompiler.compile("\"a\" >"));
        assertEquals("line 1 col 6: expected expression but found end of input", e.getMessage());
    }

    @Test
    void respecialisesWhenFieldTypesChange() {
        CompiledLambda l = LambdaCompiler.compile("\"v\" / 2");
        Point f = new Point("", "", "m", Map.of(), Map.of("v", 5.0), Instant.EPOCH);
        Point i = new Point("", "", "m", Map.of(), Map.of("v", 5L), Instant.EPOCH);
        Point s = new Point("", "", "m", Map.of("v", "t"), Map.of(), Instant.EPOCH);
        for (int k = 0; k < 3; k++) {
            assertEquals(2.5, l.eval(f));
            assertEquals(2L, l.eval(i));
            assertEquals(2.5, l.evalDouble(f));
            assertEquals(2.0, l.evalDouble(i));
            assertThrows(LambdaException.class, () -> l.eval(s));
        }
    }
}
