package dev.herald.engine.pipeline;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.CompiledLambda;
import dev.herald.engine.lambda.LambdaCompiler;
import dev.herald.engine.lambda.LambdaException;
import dev.herald.engine.lambda.LambdaState;
import java.util.HashMap;
import java.util.Map;
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
     * The value of the expression for a point of {@code group}: the stateful functions ({@code sigma},
     * {@code spread}, {@code count}) keep one state per group, as Kapacitor's do.
     */
    default Object eval(Point point, GroupId group) {
        return eval(point);
    }

    /** {@link #test(Point)} for a point of {@code group}, with the group's state of the stateful functions. */
    default boolean test(Point point, GroupId group) {
        return test(point);
    }

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
        if (compiled.isStateful()) {
            return new PointExpression() {
                private final Map<GroupId, LambdaState> states = new HashMap<>();

                private LambdaState state(GroupId group) {
                    return states.computeIfAbsent(group, g -> compiled.newState());
                }

                @Override
                public Object eval(Point point) {
                    return compiled.eval(point);
                }

                @Override
                public boolean test(Point point) {
                    return compiled.test(point);
                }

                @Override
                public Object eval(Point point, GroupId group) {
                    return compiled.eval(point, state(group));
                }

                @Override
                public boolean test(Point point, GroupId group) {
                    return compiled.test(point, state(group));
                }

                @Override
                public String toString() {
                    return compiled.toString();
                }
            };
        }
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
