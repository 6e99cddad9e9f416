package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Statement;

import java.util.List;
import java.util.Map;

/** Entry points of the TICKscript front end. All methods throw {@link TickscriptException} with a position. */
public final class Tickscript {
    private Tickscript() {
    }

    /** Parses and resolves a script. Template vars ({@code var x float}) without a value are allowed. */
    public static Program parse(String script) {
        return parse(script, Map.of());
    }

    /**
     * Parses and resolves a script with values for template vars (and overrides for ordinary vars, like Kapacitor's
     * template tasks). Values must be literals, lists or lambdas of the declared type.
     */
    public static Program parse(String script, Map<String, Expr> vars) {
        return Resolver.resolve(Parser.parseProgram(script), vars);
    }

    /** Parses without resolving. */
    public static List<Statement> parseStatements(String script) {
        return Parser.parseProgram(script);
    }

    /** Parses a lambda expression (the text after {@code lambda:}). */
    public static Expr parseLambda(String expression) {
        return Parser.parseLambdaExpression(expression);
    }

    /** Parses a single TICKscript value expression (literal, list, lambda, ...), e.g. for a template var value. */
    public static Expr parseValue(String expression) {
        List<Statement> st = Parser.parseProgram(expression);
        if (st.size() != 1 || !(st.get(0) instanceof Statement.ExprStatement es)) {
            throw new TickscriptException(1, 1, "expected a single expression");
        }
        return es.expr();
    }

    /** Reformats a script in Kapacitor's canonical style. */
    public static String format(String script) {
        return Printer.format(Parser.parseProgram(script));
    }

    /**
     * Kapacitor's type name of a resolved value ({@code int float bool string regex duration lambda list star}),
     * as template vars declare them; {@code expression} for anything else.
     */
    public static String typeName(dev.herald.engine.tick.ast.Expr value) {
        return Resolver.typeOf(value);
    }
}
