package dev.herald.engine.pipeline;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.CompiledLambda;
import dev.herald.engine.lambda.LambdaCompiler;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.tick.ast.Expr;

/**
 * A lambda expression of a task, compiled once and ready to evaluate on points. The one seam between the nodes and
 * the lambda evaluator.
 */
public interface PointExpression {

    /** The value of the expression for {@code point}. @throws LambdaException when it cannot be evaluated */
    Object eval(Point point);

    /** The expression as a predicate. @throws LambdaException when it is not boolean or cannot be evaluated */
    boolean test(Point point);

    /**
     * Compiles {@code lambda}.
     *
     * @throws dev.herald.engine.tick.TickscriptException on a type error known at define time, with its position
     */
    static PointExpression of(Expr lambda) {
        return wrap(LambdaCompiler.compile(lambda));
    }

    /** Compiles {@code lambda}, which must be able to be boolean (where, alert levels). */
    static PointExpression predicate(Expr lambda) {
        return wrap(LambdaCompiler.compilePredicate(lambda));
    }

    private static PointExpression wrap(CompiledLambda compiled) {
        return new PointExpression() {
            @Override
            public Object eval(Point point) {
                return compiled.eval(point);
            }

            @Override
            public boolean test(Point point) {
                return compiled.test(point);
            }

            @Override
            public String toString() {
                return compiled.toString();
            }
        };
    }
}
