package dev.herald.core.template;

import java.util.ArrayList;
import java.util.List;

/** Go's predefined template functions. */
final class Builtins {

    private Builtins() {
    }

    /** A predefined function: its name and the argument counts Go's signature allows. */
    enum Builtin {
        AND("and", 1, true), OR("or", 1, true), NOT("not", 1, false), LEN("len", 1, false),
        INDEX("index", 1, true), PRINT("print", 0, true), PRINTF("printf", 1, true), PRINTLN("println", 0, true),
        HTML("html", 0, true), JS("js", 0, true), URLQUERY("urlquery", 0, true),
        EQ("eq", 1, true), NE("ne", 2, false), LT("lt", 2, false), LE("le", 2, false), GT("gt", 2, false),
        GE("ge", 2, false);

        final String goName;
        final int params;
        final boolean variadic;

        Builtin(String goName, int params, boolean variadic) {
            this.goName = goName;
            this.params = params;
            this.variadic = variadic;
        }

        static Builtin named(String name) {
            for (Builtin b : values()) {
                if (b.goName.equals(name)) {
                    return b;
                }
            }
            return null;
        }
    }

    static Object call(Nodes.Exec x, Object dot, Nodes.FuncExpr f, Nodes.Command cmd, Object fin,
            boolean hasFinal) {
        Builtin b = f.builtin;
        Nodes.Expr[] args = cmd.args;
        int given = args.length - 1 + (hasFinal ? 1 : 0);
        if (b.variadic ? given < b.params : given != b.params) {
            throw x.error(f.pos, f.name, "wrong number of args for " + f.name + ": want "
                    + (b.variadic ? "at least " : "") + b.params + " got " + given);
        }
        if (b == Builtin.AND || b == Builtin.OR) {
            Object v = null;
            for (int i = 1; i < args.length; i++) {
                v = args[i].eval(x, dot);
                if (Values.isTrue(v) == (b == Builtin.OR)) {
                    return v;
                }
            }
            if (hasFinal) {
                v = fin;
            }
            return v;
        }
        List<Object> values = new ArrayList<>(given);
        for (int i = 1; i < args.length; i++) {
            values.add(args[i].eval(x, dot));
        }
        if (hasFinal) {
            values.add(fin);
        }
        try {
            return apply(b, values);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw x.error(cmd.pos, cmd.describe(), "error calling " + f.name + ": " + e.getMessage(), e);
        } catch (WrongType e) {
            throw x.error(cmd.pos, cmd.describe(), e.getMessage(), e);
        }
    }

    /** An argument of the wrong type for a typed parameter (Go reports it without "error calling"). */
    private static final class WrongType extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongType(String message) {
            super(message, null, false, false);
        }
    }

    private static Object apply(Builtin b, List<Object> v) {
        switch (b) {
            case NOT:
                return !Values.isTrue(v.get(0));
            case LEN:
                return Values.length(v.get(0));
            case INDEX:
                return Values.index(v.get(0), v.subList(1, v.size()));
            case PRINT:
                return GoPrintf.sprint(v);
            case PRINTLN:
                return GoPrintf.sprintln(v);
            case PRINTF:
                if (!(v.get(0) instanceof String format)) {
                    throw new WrongType("wrong type for value; expected string; got " + Values.typeName(v.get(0)));
                }
                return GoPrintf.sprintf(format, v.subList(1, v.size()));
            case HTML:
                return Escapers.html(evalArgs(v));
            case JS:
                return Escapers.js(evalArgs(v));
            case URLQUERY:
                return Escapers.urlQuery(evalArgs(v));
            case EQ:
                return Values.eq(v.get(0), v.subList(1, v.size()));
            case NE:
                return !Values.eq(v.get(0), v.subList(1, 2));
            case LT:
                return Values.lt(v.get(0), v.get(1));
            case LE:
                return Values.lt(v.get(0), v.get(1)) || Values.eq(v.get(0), v.subList(1, 2));
            case GT:
                return !(Values.lt(v.get(0), v.get(1)) || Values.eq(v.get(0), v.subList(1, 2)));
            case GE:
                return !Values.lt(v.get(0), v.get(1));
            default:
                throw new IllegalStateException(b.name());
        }
    }

    /** text/template's {@code evalArgs}: a lone string as is, else {@code fmt.Sprint} with nil as {@code <no value>}. */
    private static String evalArgs(List<Object> args) {
        if (args.size() == 1 && args.get(0) instanceof String s) {
            return s;
        }
        List<Object> printable = new ArrayList<>(args.size());
        for (Object arg : args) {
            printable.add(arg == null ? "<no value>" : arg);
        }
        return GoPrintf.sprint(printable);
    }
}
