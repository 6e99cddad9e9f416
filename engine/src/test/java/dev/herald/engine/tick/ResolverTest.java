package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Position;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolverTest {

    private static String fmt(Expr e) {
        return Printer.format(e);
    }

    @Test
    void buildsPipelineGraphWithVarsAndBranches() {
        Program p = Tickscript.parse("""
                var db = 'telegraf'
                var warn = 20
                var crit = lambda: "usage_idle" < 10
                var data = stream
                    |from()
                        .database(db)
                        .measurement('cpu')
                        .groupBy(['host', 'cpu'])
                data
                    |alert()
                        .warn(lambda: "usage_idle" < warn)
                        .crit(crit)
                        .message('x')
                        .message('y')
                data
                    |log()
                """);
        assertEquals(1, p.roots().size());
        PipelineNode stream = p.roots().get(0);
        assertEquals("stream", stream.name());
        assertEquals(1, stream.children().size());
        PipelineNode from = stream.children().get(0);
        assertEquals("from", from.name());
        assertEquals(List.of("database", "measurement", "groupBy"),
                from.properties().stream().map(PipelineNode.Property::name).toList());
        assertEquals("'telegraf'", fmt(from.property("database").orElseThrow().args().get(0)));
        // as in Kapacitor, a list as the only argument is the list of arguments
        assertEquals(List.of("'host'", "'cpu'"),
                from.property("groupBy").orElseThrow().args().stream().map(ResolverTest::fmt).toList());
        assertEquals(List.of("alert", "log"), from.children().stream().map(PipelineNode::name).toList());
        PipelineNode alert = from.children().get(0);
        assertEquals("lambda: \"usage_idle\" < 20", fmt(alert.property("warn").orElseThrow().args().get(0)));
        assertEquals("lambda: \"usage_idle\" < 10", fmt(alert.property("crit").orElseThrow().args().get(0)));
        assertEquals("'y'", fmt(alert.property("message").orElseThrow().args().get(0)));
        assertEquals(2, alert.properties("message").size());
        assertSame(from, alert.parents().get(0));
        assertEquals(List.of("stream", "from", "alert", "log"), p.nodes().stream().map(PipelineNode::name).toList());
        assertEquals("pipeline", p.var("data").orElseThrow().type());
        assertEquals("int", p.var("warn").orElseThrow().type());
        assertEquals("lambda", p.var("crit").orElseThrow().type());
    }

    @Test
    void joinTakesPipelinesAsParents() {
        Program p = Tickscript.parse("""
                var errors = stream|from().measurement('errors')
                var requests = stream|from().measurement('requests')
                errors|join(requests).as('errors', 'requests')|eval(lambda: "errors.value" / "requests.value")
                """);
        PipelineNode join = p.nodes().stream().filter(n -> n.name().equals("join")).findFirst().orElseThrow();
        assertEquals(2, join.parents().size());
        assertEquals(List.of(), join.args());
        assertSame(p.var("errors").orElseThrow().node(), join.parents().get(0));
        assertSame(p.var("requests").orElseThrow().node(), join.parents().get(1));
        assertEquals(2, p.roots().get(0).children().size());
    }

    @Test
    void templateVarsAndOverrides() {
        String script = """
                var measurement string
                var threshold float
                var period = 10s
                stream|from().measurement(measurement)|window().period(period)|alert().crit(lambda: "v" > threshold)
                """;
        Program template = Tickscript.parse(script);
        assertEquals(List.of("measurement", "threshold"),
                template.missingVars().stream().map(Program.Var::name).toList());
        PipelineNode from = template.roots().get(0).children().get(0);
        assertEquals(new Expr.Identifier(new Position(86, 4, 27), "measurement"),
                from.property("measurement").orElseThrow().args().get(0));

        Program task = Tickscript.parse(script, Map.of(
                "measurement", Tickscript.parseValue("'cpu'"),
                "threshold", Tickscript.parseValue("2.5"),
                "period", Tickscript.parseValue("1m")));
        assertTrue(task.missingVars().isEmpty());
        PipelineNode alert = task.nodes().get(3);
        assertEquals("lambda: \"v\" > 2.5", fmt(alert.property("crit").orElseThrow().args().get(0)));
        assertEquals("1m", fmt(task.nodes().get(2).property("period").orElseThrow().args().get(0)));

        TickscriptException e = assertThrows(TickscriptException.class,
                () -> Tickscript.parse(script, Map.of("threshold", Tickscript.parseValue("2"))));
        assertEquals("line 2 col 1: invalid type supplied for threshold, got int exp float", e.getMessage());
    }

    @Test
    void foldsNegativeLiterals() {
        Program p = Tickscript.parse("var a = -5\nvar b = -2.5\nvar c = -1m\nstream|deadman(a, c)");
        assertEquals(new Expr.IntLit(new Position(8, 1, 9), -5, false), p.var("a").orElseThrow().value());
        assertEquals(-2.5, ((Expr.FloatLit) p.var("b").orElseThrow().value()).value());
        assertEquals(-60_000_000_000L, ((Expr.DurationLit) p.var("c").orElseThrow().value()).nanos());
        assertInstanceOf(Expr.IntLit.class, p.nodes().get(1).args().get(0));
        assertNull(p.var("a").orElseThrow().node());
    }

    @Test
    void resolutionErrors() {
        TickscriptException e = assertThrows(TickscriptException.class,
                () -> Tickscript.parse("stream|alert().crit(lambda: \"v\" > nope)"));
        assertEquals("line 1 col 35: undefined variable \"nope\"", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("var a = 1\nvar a = 2"));
        assertEquals("line 2 col 1: attempted to redefine a, vars are immutable", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("var a = 1\na|log()"));
        assertEquals("line 2 col 1: cannot chain onto var a of type int", e.getMessage());
        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("var a integer"));
        assertEquals("line 1 col 1: invalid var type \"integer\"", e.getMessage());
    }
}
