package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Link;
import dev.herald.engine.tick.ast.Operator;
import dev.herald.engine.tick.ast.Position;
import dev.herald.engine.tick.ast.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickscriptParserTest {

    @Test
    void parsesDeclarationsAndChain() {
        List<Statement> st = Tickscript.parseStatements("""
                // threshold
                var crit = 90.5
                var period float
                stream
                    |from()
                        .measurement('cpu')
                    |alert()
                        .crit(lambda: "usage_idle" < crit)
                """);
        assertEquals(3, st.size());
        Statement.VarDecl d = (Statement.VarDecl) st.get(0);
        assertEquals("crit", d.name());
        assertEquals(new Expr.FloatLit(new Position(24, 2, 12), 90.5), d.value());
        assertEquals(new Statement.TypeDecl(new Position(29, 3, 1), "period", "float"), st.get(1));
        Expr.Chain c = (Expr.Chain) ((Statement.ExprStatement) st.get(2)).expr();
        assertEquals(new Expr.Identifier(new Position(46, 4, 1), "stream"), c.head());
        assertEquals(4, c.links().size());
        Link from = c.links().get(0);
        assertEquals(Link.Kind.PIPE, from.kind());
        assertEquals("from", from.name());
        Link meas = c.links().get(1);
        assertEquals(Link.Kind.PROPERTY, meas.kind());
        assertEquals(List.of(new Expr.StringLit(new Position(86, 6, 22), "cpu", false)), meas.args());
        Expr.Lambda l = (Expr.Lambda) c.links().get(3).args().get(0);
        Expr.Binary b = (Expr.Binary) l.expression();
        assertEquals(Operator.LT, b.op());
        assertEquals(new Position(141, 8, 36), b.position());
        assertEquals(new Expr.Reference(new Position(128, 8, 23), "usage_idle"), b.left());
        assertEquals(new Expr.Identifier(new Position(143, 8, 38), "crit"), b.right());
    }

    @Test
    void literals() {
        assertEquals(new Expr.DurationLit(new Position(0, 1, 1), 10_000_000_000L, "10s"), Tickscript.parseLambda("10s"));
        assertEquals(5_000_000L, ((Expr.DurationLit) Tickscript.parseLambda("5ms")).nanos());
        assertEquals(60_000_000_000L, ((Expr.DurationLit) Tickscript.parseLambda("1m")).nanos());
        assertEquals(1_000L, ((Expr.DurationLit) Tickscript.parseLambda("1u")).nanos());
        assertEquals(1_000L, ((Expr.DurationLit) Tickscript.parseLambda("1µ")).nanos());
        assertEquals(3_600_000_000_000L, ((Expr.DurationLit) Tickscript.parseLambda("1h")).nanos());
        assertEquals(86_400_000_000_000L, ((Expr.DurationLit) Tickscript.parseLambda("1d")).nanos());
        assertEquals(604_800_000_000_000L, ((Expr.DurationLit) Tickscript.parseLambda("1w")).nanos());
        assertEquals(8L, ((Expr.IntLit) Tickscript.parseLambda("010")).value());
        assertEquals("it's", ((Expr.StringLit) Tickscript.parseLambda("'it\\'s'")).value());
        Expr.StringLit triple = (Expr.StringLit) Tickscript.parseLambda("'''a 'quoted'\nline'''");
        assertEquals("a 'quoted'\nline", triple.value());
        assertTrue(triple.tripleQuoted());
        assertEquals("", ((Expr.StringLit) Tickscript.parseLambda("''")).value());
        assertEquals("^/root/", ((Expr.RegexLit) Tickscript.parseLambda("/^\\/root\\//")).pattern());
        assertEquals(true, ((Expr.BoolLit) Tickscript.parseLambda("TRUE")).value());
        assertEquals("a\"b", ((Expr.Reference) Tickscript.parseLambda("\"a\\\"b\"")).name());
        Expr.ListLit list = (Expr.ListLit) Tickscript.parseValue("['host', cpu, *]");
        assertEquals(3, list.items().size());
        assertInstanceOf(Expr.Star.class, list.items().get(2));
    }

    @Test
    void precedenceAndAssociativity() {
        assertEquals("1 + 2 * 3 - 4", Printer.format(Tickscript.parseLambda("1 + 2 * 3 - 4")));
        Expr.Binary b = (Expr.Binary) Tickscript.parseLambda("1 - 2 - 3");
        assertEquals(Operator.MINUS, b.op());
        assertInstanceOf(Expr.Binary.class, b.left()); // (1 - 2) - 3
        Expr.Binary or = (Expr.Binary) Tickscript.parseLambda("\"a\" < 1 AND \"b\" =~ /x/ OR \"c\" > 2.5");
        assertEquals(Operator.OR, or.op());
        assertEquals(Operator.AND, ((Expr.Binary) or.left()).op());
        Expr.Binary div = (Expr.Binary) Tickscript.parseLambda("\"a\" / 2");
        assertEquals(Operator.DIV, div.op());
        Expr.Unary neg = (Expr.Unary) ((Expr.Binary) Tickscript.parseLambda("-\"a\" * 2")).left();
        assertEquals(Operator.MINUS, neg.op());
        assertFalse(((Expr.Binary) Tickscript.parseLambda("(1 + 2) * 3")).parens());
        assertTrue(((Expr.Binary) ((Expr.Binary) Tickscript.parseLambda("(1 + 2) * 3")).left()).parens());
    }

    @Test
    void errorsCarryPositionAndExpectation() {
        TickscriptException e = assertThrows(TickscriptException.class, () -> Tickscript.parse("""
                stream
                |window()
                .period(5m.)
                """));
        assertEquals(3, e.line());
        assertEquals(11, e.column());
        assertEquals("line 3 col 11: expected \")\" but found \".\"", e.getMessage());

        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("var x = "));
        assertEquals("line 1 col 9: expected expression but found end of input", e.getMessage());

        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("stream|from().where(lambda: \"a\" > )"));
        assertEquals("line 1 col 35: expected expression but found \")\"", e.getMessage());

        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("var x = 'abc"));
        assertEquals("line 1 col 9: unterminated string", e.getMessage());

        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("stream\n  @udf()"));
        assertEquals("line 2 col 3: user defined functions are not supported: @udf", e.getMessage());

        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("stream|from.x()"));
        assertEquals("line 1 col 12: expected \"(\" but found \".\"", e.getMessage());

        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("var x = /a(/"));
        assertEquals(1, e.line());
        assertEquals(9, e.column());
        assertTrue(e.getMessage().startsWith("line 1 col 9: invalid regex /a(/"), e.getMessage());

        e = assertThrows(TickscriptException.class, () -> Tickscript.parse("var x = 1 ; var y = 2"));
        assertEquals("line 1 col 11: unexpected character \";\"", e.getMessage());
    }
}
