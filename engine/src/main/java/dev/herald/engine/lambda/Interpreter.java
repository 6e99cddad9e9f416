package dev.herald.engine.lambda;

import dev.herald.engine.Point;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Operator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import com.google.re2j.Pattern;

/**
 * The reference tree-walking interpreter over boxed values. It defines the semantics; the compiled form is tested
 * against it.
 */
public final class Interpreter {
    private static final ConcurrentHashMap<String, Pattern> REGEX = new ConcurrentHashMap<>();

    private Interpreter() {
    }

    /** Evaluates an already checked expression on a point. */
    public static Object eval(Expr e, Point p) {
        return eval(e, p, null);
    }

    /**
     * Evaluates an already checked expression on a point; its stateful functions use (and update) state.
     *
     * @param state the state of e's stateful functions; may be null when e has none
     */
    static Object eval(Expr e, Point p, LambdaState state) {
        if (e instanceof Expr.Lambda l) {
            return eval(l.expression(), p, state);
        }
        if (e instanceof Expr.IntLit i) {
            return i.value();
        }
        if (e instanceof Expr.FloatLit f) {
            return f.value();
        }
        if (e instanceof Expr.StringLit s) {
            return s.value();
        }
        if (e instanceof Expr.BoolLit b) {
            return b.value();
        }
        if (e instanceof Expr.DurationLit d) {
            return Duration.ofNanos(d.nanos());
        }
        if (e instanceof Expr.RegexLit r) {
            return REGEX.computeIfAbsent(r.pattern(), Pattern::compile);
        }
        if (e instanceof Expr.Reference r) {
            Object v = lookup(p, r.name());
            if (v == null) {
                throw new MissingReferenceException(r.name());
            }
            return v;
        }
        if (e instanceof Expr.Unary u) {
            return Ops.unary(u.op(), eval(u.operand(), p, state));
        }
        if (e instanceof Expr.Binary b) {
            Object l = eval(b.left(), p, state);
            if (l instanceof Boolean lb) {
                if (b.op() == Operator.AND && !lb) {
                    return false;
                }
                if (b.op() == Operator.OR && lb) {
                    return true;
                }
            }
            Object r = eval(b.right(), p, state);
            return Ops.binary(b.op(), l, r);
        }
        if (e instanceof Expr.Call c) {
            return call(c, p, state);
        }
        throw new LambdaException("cannot evaluate " + e);
    }

    /** Field first, then tag; {@code "time"} is always the point time. Null when absent. */
    static Object lookup(Point p, String name) {
        if (name.equals("time")) {
            return p.time();
        }
        Object v = p.fields().get(name);
        if (v == null) {
            v = p.tags().get(name);
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    static Type refType(Point p, String name) {
        Object v = lookup(p, name);
        return v == null ? Type.MISSING : Type.of(v);
    }

    private static Object call(Expr.Call c, Point p, LambdaState state) {
        Functions.Fn fn = Functions.lookup(c.name());
        List<Expr> args = c.args();
        if (fn.kind() == Functions.Kind.IS_PRESENT) {
            return lookup(p, ((Expr.Reference) args.get(0)).name()) != null;
        }
        if (fn.kind() == Functions.Kind.IF) {
            Object cond = eval(args.get(0), p, state);
            if (!(cond instanceof Boolean cb)) {
                throw Functions.callError("if", "first argument to if must be a condition with type of bool - got "
                        + Type.of(cond));
            }
            Function<String, Type> types = name -> refType(p, name);
            Type a = Typing.typeOf(args.get(1), types);
            Type b = Typing.typeOf(args.get(2), types);
            if (a != null && b != null && a != b) {
                throw ifMismatch(a, b);
            }
            return eval(cb ? args.get(1) : args.get(2), p, state);
        }
        Object[] values = new Object[args.size()];
        Type[] types = new Type[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = eval(args.get(i), p, state);
            types[i] = Type.of(values[i]);
        }
        Functions.Sig sig = Functions.match(fn, types);
        if (sig == null) {
            throw Functions.signatureError(fn, types);
        }
        if (fn.kind() == Functions.Kind.STATEFUL) {
            if (state == null) {
                throw new IllegalStateException(fn.name() + " needs a LambdaState");
            }
            for (int i = 0; i < values.length; i++) {
                if (sig.params().get(i) == Type.FLOAT && values[i] instanceof Long l) {
                    values[i] = l.doubleValue();
                }
            }
            return state.function(c).call(values);
        }
        return Functions.call(fn, sig, values);
    }

    static LambdaException ifMismatch(Type a, Type b) {
        return Functions.callError("if", "Different return types are not supported - second argument is " + a
                + " and third argument is " + b);
    }
}
