package dev.herald.engine.lambda;

import dev.herald.engine.tick.ast.Expr;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The state of the stateful functions ({@code sigma}, {@code spread}, {@code count}) of one lambda for one group:
 * one function instance per occurrence of the call in the expression ({@code sigma("a") - sigma("b")} keeps two
 * running means). Nodes keep one per group ({@link CompiledLambda#newState()}). Not thread-safe: a task evaluates
 * on one thread at a time.
 */
public final class LambdaState {
    private final Map<Expr.Call, Functions.Stateful> functions = new IdentityHashMap<>();
    /** Closure-tree specialisations bound to this state's function instances, by reference types. */
    final Map<String, Nodes.N> specs = new HashMap<>();

    LambdaState(Expr expression) {
        collect(expression);
    }

    @SuppressWarnings("unchecked")
    private void collect(Expr e) {
        if (e instanceof Expr.Lambda l) {
            collect(l.expression());
        } else if (e instanceof Expr.Unary u) {
            collect(u.operand());
        } else if (e instanceof Expr.Binary b) {
            collect(b.left());
            collect(b.right());
        } else if (e instanceof Expr.Call c) {
            Functions.Fn fn = Functions.lookup(c.name());
            if (fn != null && fn.kind() == Functions.Kind.STATEFUL) {
                functions.put(c, ((Supplier<Functions.Stateful>) fn.impl()).get());
            }
            c.args().forEach(this::collect);
        }
    }

    /** The instance for this occurrence of a stateful call. */
    Functions.Stateful function(Expr.Call call) {
        Functions.Stateful f = functions.get(call);
        if (f == null) {
            throw new IllegalStateException("no state for " + call.name() + " at " + call.position());
        }
        return f;
    }

    /** Whether e calls a stateful function. */
    static boolean isStateful(Expr e) {
        return !new LambdaState(e).functions.isEmpty();
    }
}
