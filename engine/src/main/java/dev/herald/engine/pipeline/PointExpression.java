package dev.herald.engine.pipeline;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.Interpreter;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.tick.ast.Expr;

/**
 * A lambda expression of a task, ready to evaluate on points. One seam between the nodes and the lambda
 * evaluator, so that nodes do not care whether the expression runs compiled or interpreted.
 */
public interface PointExpression {

    /** The value of the expression for {@code point}. @throws LambdaException when it cannot be evaluated */
    Object eval(Point point);

    /** The expression as a predicate. @throws LambdaException when it is not boolean or cannot be evaluated */
    default boolean test(Point point) {
        Object value = eval(point);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new LambdaException("expression is not boolean: " + value);
    }

    /** The expression of {@code lambda}, compiled once. */
    static PointExpression of(Expr lambda) {
        Expr body = lambda instanceof Expr.Lambda l ? l.expression() : lambda;
        return point -> Interpreter.eval(body, point);
    }
}
