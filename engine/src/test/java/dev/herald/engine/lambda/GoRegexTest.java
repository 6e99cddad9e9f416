package dev.herald.engine.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.engine.Point;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.TickscriptException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lambda regexes follow Go's RE2: its syntax, its replacement expansion, and linear-time matching. */
class GoRegexTest {
    private static final Point P = new Point("db", "rp", "m", Map.of("host", "web-01.example.com"),
            Map.of("s", "a".repeat(40) + "!", "path", "/var/log/app", "x", "baaac"), Instant.EPOCH);

    /** The compiled form (generated code where it applies) and the interpreter agree; returns the value. */
    private static Object both(String expression) {
        CompiledLambda l = LambdaCompiler.compile(expression);
        Object compiled = l.eval(P);
        Object interpreted = Interpreter.eval(l.expression(), P);
        assertEquals(interpreted, compiled, expression);
        return compiled;
    }

    @Test
    void catastrophicBacktrackingPatternsRunInLinearTime() {
        // (a+)+$ and (a|aa)*b take exponential time in a backtracking engine on 40 a's and no match
        assertEquals(false, both("\"s\" =~ /^(a+)+$/"));
        assertEquals(true, both("\"s\" !~ /^(a|aa)*b$/"));
        assertEquals(false, both("\"s\" =~ /(x+x+)+y/"));
        assertEquals("a".repeat(40) + "!", both("regexReplace(/^(a+)+$/, \"s\", 'X')"));
        assertEquals("X!", both("regexReplace(/^(a|aa)+/, \"s\", 'X')"));
    }

    @Test
    void goSyntaxNamedGroupsAndPosixClasses() {
        assertEquals(true, both("\"host\" =~ /^[[:alpha:]]+-[[:digit:]]{2}\\./"));
        assertEquals("01@web", both("regexReplace(/^(?P<role>[a-z]+)-(?P<n>\\d+).*$/, \"host\", '${n}@${role}')"));
        assertEquals(true, both("\"path\" =~ /\\/log\\//"));
        assertEquals(true, both("\"host\" =~ /(?i)WEB/"));
        assertEquals(true, both("\"host\" =~ /com\\z/"));
    }

    @Test
    void replacementsExpandAsGoDoes() {
        // an empty match right after a match is not replaced (Java's replaceAll gives -b--c-)
        assertEquals("-b-c-", both("regexReplace(/a*/, \"x\", '-')"));
        // $1x names the group "1x", which does not exist: empty; ${1}x is group 1 then x
        assertEquals("bc", both("regexReplace(/(a+)/, \"x\", '$1x')"));
        assertEquals("baaaxc", both("regexReplace(/(a+)/, \"x\", '${1}x')"));
        // $$ is a dollar, a malformed reference keeps its $, an unknown name and a leading zero are empty
        assertEquals("b$c", both("regexReplace(/(a+)/, \"x\", '$$')"));
        assertEquals("b${c", both("regexReplace(/(a+)/, \"x\", '${')"));
        assertEquals("b<>c", both("regexReplace(/(a+)/, \"x\", '<$nope$01>')"));
        // a group that did not take part is empty
        assertEquals("b[]c", both("regexReplace(/(z)?(a+)/, \"x\", '[$1]')"));
    }

    @Test
    void syntaxGoRejectsIsADefineTimeError() {
        for (String bad : new String[] {"/(a)\\1/", "/a++/", "/(?=a)/", "/(?<!a)b/"}) {
            TickscriptException e = assertThrows(TickscriptException.class,
                    () -> Tickscript.parseLambda("\"s\" =~ " + bad), bad);
            assertTrue(e.getMessage().contains("invalid regex"), e.getMessage());
        }
    }
}
