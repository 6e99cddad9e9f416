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
        return Interpreter.eval(e, p);
    }

    /**
     * {@code p.matcher(s).find()} within the backtracking budget of lambdas.
     *
     * @throws LambdaException when the pattern reads the text too often (catastrophic backtracking)
     */
    public static boolean regexFind(java.util.regex.Pattern p, String s) {
        return Ops.find(p, s);
    }
}
