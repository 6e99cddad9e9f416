package dev.herald.engine.lambda;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Operator;

import java.util.function.Function;

/**
 * Result type of an expression once the types of its references are known; null when evaluating it is certain to
 * fail. Mirrors the node construction in {@link Compiler}.
 */
final class Typing {
    private Typing() {
    }

    static Type typeOf(Expr e, Function<String, Type> refs) {
        if (e instanceof Expr.Lambda l) {
            return typeOf(l.expression(), refs);
        }
        if (e instanceof Expr.IntLit) {
            return Type.INT;
        }
        if (e instanceof Expr.FloatLit) {
            return Type.FLOAT;
        }
        if (e instanceof Expr.StringLit) {
            return Type.STRING;
        }
        if (e instanceof Expr.BoolLit) {
            return Type.BOOL;
        }
        if (e instanceof Expr.DurationLit) {
            return Type.DURATION;
        }
        if (e instanceof Expr.RegexLit) {
            return Type.REGEX;
        }
        if (e instanceof Expr.Reference r) {
            Type t = refs.apply(r.name());
            return t == Type.MISSING ? null : t;
        }
        if (e instanceof Expr.Unary u) {
            Type t = typeOf(u.operand(), refs);
            return t == null ? null : Ops.unaryResult(u.op(), t);
        }
        if (e instanceof Expr.Binary b) {
            Type l = typeOf(b.left(), refs);
            if (b.op() == Operator.AND || b.op() == Operator.OR) {
                return l == Type.BOOL ? Type.BOOL : null;
            }
            return Ops.binaryResult(b.op(), l, typeOf(b.right(), refs));
        }
        if (e instanceof Expr.Call c) {
            Functions.Fn fn = Functions.lookup(c.name());
            if (fn.kind() == Functions.Kind.IS_PRESENT) {
                return Type.BOOL;
            }
            if (fn.kind() == Functions.Kind.IF) {
                if (typeOf(c.args().get(0), refs) != Type.BOOL) {
                    return null;
                }
                Type a = typeOf(c.args().get(1), refs);
                Type b = typeOf(c.args().get(2), refs);
                if (a == null) {
                    return b;
                }
                if (b == null || a == b) {
                    return a;
                }
                return null;
            }
            Type[] types = new Type[c.args().size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = typeOf(c.args().get(i), refs);
                if (types[i] == null) {
                    return null;
                }
            }
            Functions.Sig sig = Functions.match(fn, types);
            return sig == null ? null : sig.ret();
        }
        return null;
    }
}
