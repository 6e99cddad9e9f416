package dev.herald.engine.lambda;

import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Operator;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Define-time checks over the set of types each sub-expression may have (a reference may be any field or tag type):
 * an error is reported only when no assignment of reference types could make the expression valid.
 */
final class StaticChecker {
    private static final Set<Type> REF_TYPES = EnumSet.of(Type.BOOL, Type.INT, Type.FLOAT, Type.STRING);

    private final Set<String> refs = new TreeSet<>();

    StaticChecker() {
    }

    static StaticChecker check(Expr e) {
        StaticChecker c = new StaticChecker();
        c.types(e);
        return c;
    }

    Set<String> references() {
        return refs;
    }

    static String render(Set<Type> s) {
        return s.stream().map(Type::toString).collect(Collectors.joining("|"));
    }

    EnumSet<Type> types(Expr e) {
        if (e instanceof Expr.Lambda l) {
            return types(l.expression());
        }
        if (e instanceof Expr.Reference r) {
            refs.add(r.name());
            return r.name().equals("time") ? EnumSet.of(Type.TIME) : EnumSet.copyOf(REF_TYPES);
        }
        if (e instanceof Expr.IntLit) {
            return EnumSet.of(Type.INT);
        }
        if (e instanceof Expr.FloatLit) {
            return EnumSet.of(Type.FLOAT);
        }
        if (e instanceof Expr.StringLit) {
            return EnumSet.of(Type.STRING);
        }
        if (e instanceof Expr.BoolLit) {
            return EnumSet.of(Type.BOOL);
        }
        if (e instanceof Expr.DurationLit) {
            return EnumSet.of(Type.DURATION);
        }
        if (e instanceof Expr.RegexLit r) {
            try {
                r.compile();
            } catch (com.google.re2j.PatternSyntaxException x) {
                // regexes from task vars do not pass the parser
                throw new TickscriptException(r.position(), "invalid regex /" + r.pattern() + "/: "
                        + x.getDescription());
            }
            return EnumSet.of(Type.REGEX);
        }
        if (e instanceof Expr.Unary u) {
            EnumSet<Type> t = types(u.operand());
            EnumSet<Type> out = EnumSet.noneOf(Type.class);
            for (Type x : t) {
                Type r = Ops.unaryResult(u.op(), x);
                if (r != null) {
                    out.add(r);
                }
            }
            if (out.isEmpty()) {
                throw new TickscriptException(u.position(),
                        "invalid unary operator " + u.op().symbol() + " for type " + render(t));
            }
            return out;
        }
        if (e instanceof Expr.Binary b) {
            EnumSet<Type> l = types(b.left());
            EnumSet<Type> r = types(b.right());
            EnumSet<Type> out = EnumSet.noneOf(Type.class);
            for (Type x : l) {
                for (Type y : r) {
                    Type t = Ops.binaryResult(b.op(), x, y);
                    if (t != null) {
                        out.add(t);
                    }
                }
            }
            if (out.isEmpty()) {
                throw new TickscriptException(b.position(), "mismatched type to binary operator. got " + render(l)
                        + " " + b.op().symbol() + " " + render(r));
            }
            return out;
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        if (e instanceof Expr.Identifier id) {
            throw new TickscriptException(id.position(), "undefined variable \"" + id.name() + "\"");
        }
        String what = e instanceof Expr.Star ? "\"*\"" : e instanceof Expr.ListLit ? "list"
                : e instanceof Expr.Chain ? "pipeline" : "nested lambda";
        throw new TickscriptException(e.position(), "unexpected " + what + " in lambda expression");
    }

    private EnumSet<Type> call(Expr.Call c) {
        Functions.Fn fn = Functions.lookup(c.name());
        if (fn == null) {
            throw new TickscriptException(c.position(), "undefined function: \"" + c.name() + "\"");
        }
        int n = c.args().size();
        if (!fn.hasArity(n)) {
            throw new TickscriptException(c.position(), "function \"" + c.name() + "\" expects " + fn.arities()
                    + " argument(s) but got " + n);
        }
        if (fn.kind() == Functions.Kind.IS_PRESENT) {
            if (!(c.args().get(0) instanceof Expr.Reference r)) {
                throw new TickscriptException(c.args().get(0).position(),
                        "isPresent expects a field or tag reference");
            }
            refs.add(r.name());
            return EnumSet.of(Type.BOOL);
        }
        @SuppressWarnings("unchecked")
        EnumSet<Type>[] args = new EnumSet[n];
        for (int i = 0; i < n; i++) {
            args[i] = types(c.args().get(i));
        }
        if (fn.kind() == Functions.Kind.IF) {
            if (!args[0].contains(Type.BOOL)) {
                throw new TickscriptException(c.args().get(0).position(),
                        "first argument to if must be a condition with type of bool - got " + render(args[0]));
            }
            EnumSet<Type> both = EnumSet.copyOf(args[1]);
            both.retainAll(args[2]);
            if (both.isEmpty()) {
                throw new TickscriptException(c.position(), "Different return types are not supported - second "
                        + "argument is " + render(args[1]) + " and third argument is " + render(args[2]));
            }
            return both;
        }
        EnumSet<Type> out = EnumSet.noneOf(Type.class);
        for (Functions.Sig s : fn.sigs()) {
            if (s.params().size() != n) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                Type p = s.params().get(i);
                ok = args[i].contains(p) || (p == Type.FLOAT && args[i].contains(Type.INT));
            }
            if (ok) {
                out.add(s.ret());
            }
        }
        if (out.isEmpty()) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < n; i++) {
                b.append(i > 0 ? "," : "").append(render(args[i]));
            }
            throw new TickscriptException(c.position(), "Cannot call function \"" + c.name() + "\" with args " + b
                    + "), available signatures are " + fn.sigs() + ".");
        }
        return out;
    }
}
