package dev.herald.engine.lambda;

import dev.herald.engine.Point;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;

import java.util.Set;

/** Compiles lambda expressions; define-time errors are {@link TickscriptException}s with line and column. */
public final class LambdaCompiler {
    private LambdaCompiler() {
    }

    /** Compiles the text of a lambda expression (what follows {@code lambda:}). */
    public static CompiledLambda compile(String expression) {
        return compile(Tickscript.parseLambda(expression));
    }

    /** Compiles a parsed expression or {@link Expr.Lambda} (identifiers must already be resolved). */
    public static CompiledLambda compile(Expr expression) {
        Expr e = expression instanceof Expr.Lambda l ? l.expression() : expression;
        StaticChecker c = new StaticChecker();
        Set<Type> types = c.types(e);
        return new CompiledLambda(e, c.references(), types);
    }

    /** Like {@link #compile(String)}, also requiring that the expression can be boolean. */
    public static CompiledLambda compilePredicate(String expression) {
        return compilePredicate(Tickscript.parseLambda(expression));
    }

    public static CompiledLambda compilePredicate(Expr expression) {
        CompiledLambda l = compile(expression);
        if (!l.possibleTypes().contains(Type.BOOL)) {
            throw new TickscriptException(l.expression().position(), "expression must be boolean but is "
                    + StaticChecker.render(l.possibleTypes()));
        }
        return l;
    }

    /** Evaluates with the reference interpreter (slow; for tests and one-off constant expressions). */
    public static Object interpret(Expr expression, Point p) {
        Expr e = expression instanceof Expr.Lambda l ? l.expression() : expression;
        StaticChecker.check(e);
        return Interpreter.eval(e, p, LambdaState.isStateful(e) ? new LambdaState(e) : null);
    }

    /**
     * Evaluates a constant expression outside a lambda (Kapacitor evaluates TICKscript's binary expressions, e.g.
     * {@code var id = name + '-{{.Group}}'} or {@code var crit = warn + 10}, with its lambda evaluator on an empty
     * scope): the literal of its value, or null when e is not made of literals and operators only.
     *
     * @throws dev.herald.engine.tick.TickscriptException when the operators do not apply to the types
     */
    public static Expr foldConstant(Expr e) {
        if (!constant(e)) {
            return null;
        }
        StaticChecker.check(e);
        Object v;
        try {
            v = Interpreter.eval(e, EMPTY);
        } catch (LambdaException x) {
            throw new TickscriptException(e.position(), x.getMessage());
        }
        dev.herald.engine.tick.ast.Position at = e.position();
        if (v instanceof Boolean b) {
            return new Expr.BoolLit(at, b);
        }
        if (v instanceof Long l) {
            return new Expr.IntLit(at, l, false);
        }
        if (v instanceof Double d) {
            return new Expr.FloatLit(at, d);
        }
        if (v instanceof String str) {
            return new Expr.StringLit(at, str, false);
        }
        if (v instanceof java.time.Duration d) {
            return new Expr.DurationLit(at, d.toNanos(), durationLiteral(d.toNanos()));
        }
        return null;
    }

    private static final Point EMPTY = new Point("", "", "", java.util.Map.of(), java.util.Map.of(),
            java.time.Instant.EPOCH);

    private static boolean constant(Expr e) {
        if (e instanceof Expr.Binary b) {
            return constant(b.left()) && constant(b.right());
        }
        if (e instanceof Expr.Unary u) {
            return constant(u.operand());
        }
        return e instanceof Expr.IntLit || e instanceof Expr.FloatLit || e instanceof Expr.StringLit
                || e instanceof Expr.BoolLit || e instanceof Expr.DurationLit || e instanceof Expr.RegexLit;
    }

    /** A TICKscript duration literal for nanos (InfluxQL's FormatDuration: the largest unit that divides it). */
    static String durationLiteral(long nanos) {
        long[] units = {7L * 24 * 3600 * 1_000_000_000L, 24L * 3600 * 1_000_000_000L, 3600L * 1_000_000_000L,
            60L * 1_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"w", "d", "h", "m", "s", "ms", "u"};
        if (nanos == 0) {
            return "0s";
        }
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        return nanos + "ns";
    }

    /** {@code p.matcher(s).find()}: RE2 runs in time linear in the text, so no pattern can hang a task. */
    public static boolean regexFind(com.google.re2j.Pattern p, String s) {
        return Ops.find(p, s);
    }
}
