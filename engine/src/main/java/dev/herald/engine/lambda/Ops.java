package dev.herald.engine.lambda;

import dev.herald.engine.tick.ast.Operator;

import java.time.Duration;
import java.util.regex.Pattern;

/** Operator typing and semantics shared by the interpreter and the compiler (so they cannot drift apart). */
final class Ops {
    private Ops() {
    }

    /** Result type of {@code l op r} for concrete operand types, or null when the combination is invalid. */
    static Type binaryResult(Operator op, Type l, Type r) {
        if (l == null || r == null || l == Type.MISSING || r == Type.MISSING) {
            return null;
        }
        boolean num = l.isNumeric() && r.isNumeric();
        switch (op) {
            case AND, OR:
                return l == Type.BOOL && r == Type.BOOL ? Type.BOOL : null;
            case EQ, NE:
                return num || (l == r && (l == Type.BOOL || l == Type.STRING || l == Type.DURATION)) ? Type.BOOL : null;
            case LT, LE, GT, GE:
                return num || (l == r && (l == Type.STRING || l == Type.DURATION)) ? Type.BOOL : null;
            case REGEX_EQ, REGEX_NE:
                return l == Type.STRING && r == Type.REGEX ? Type.BOOL : null;
            case PLUS:
                if (l == r && (l == Type.STRING || l == Type.DURATION)) {
                    return l;
                }
                return num ? numResult(l, r) : null;
            case MINUS:
                if (l == Type.DURATION && r == Type.DURATION) {
                    return Type.DURATION;
                }
                return num ? numResult(l, r) : null;
            case MULT:
                if ((l == Type.DURATION && r.isNumeric()) || (r == Type.DURATION && l.isNumeric())) {
                    return Type.DURATION;
                }
                return num ? numResult(l, r) : null;
            case DIV:
                if (l == Type.DURATION && r.isNumeric()) {
                    return Type.DURATION;
                }
                if (l == Type.DURATION && r == Type.DURATION) {
                    return Type.INT;
                }
                return num ? numResult(l, r) : null;
            case MOD:
                return l == Type.INT && r == Type.INT ? Type.INT : null;
            default:
                return null;
        }
    }

    private static Type numResult(Type l, Type r) {
        return l == Type.INT && r == Type.INT ? Type.INT : Type.FLOAT;
    }

    static Type unaryResult(Operator op, Type t) {
        if (op == Operator.NOT) {
            return t == Type.BOOL ? Type.BOOL : null;
        }
        return t == Type.INT || t == Type.FLOAT || t == Type.DURATION ? t : null;
    }

    static LambdaException mismatch(Operator op, Type l, Type r) {
        return new LambdaException("mismatched type to binary operator. got " + l + " " + op.symbol() + " " + r
                + ". see bool(), int(), float(), string(), duration()");
    }

    static LambdaException unaryMismatch(Operator op, Type t) {
        return new LambdaException("invalid unary operator " + op.symbol() + " for type " + t);
    }

    static LambdaException divByZero() {
        return new LambdaException("integer division by zero");
    }

    static long div(long a, long b) {
        if (b == 0) {
            throw divByZero();
        }
        return a / b;
    }

    static long mod(long a, long b) {
        if (b == 0) {
            throw divByZero();
        }
        return a % b;
    }

    static boolean find(Pattern p, String s) {
        return p.matcher(BoundedChars.of(s)).find();
    }

    // ------------------------------------------------------------------ boxed evaluation (interpreter)

    static Object binary(Operator op, Object lv, Object rv) {
        Type l = Type.of(lv);
        Type r = Type.of(rv);
        Type res = binaryResult(op, l, r);
        if (res == null) {
            throw mismatch(op, l, r);
        }
        switch (op) {
            case AND:
                return (Boolean) lv && (Boolean) rv;
            case OR:
                return (Boolean) lv || (Boolean) rv;
            case REGEX_EQ:
                return find((Pattern) rv, (String) lv);
            case REGEX_NE:
                return !find((Pattern) rv, (String) lv);
            default:
                break;
        }
        if (op.isComparison()) {
            return compare(op, l, r, lv, rv);
        }
        // math
        if (l == Type.DURATION || r == Type.DURATION) {
            return durationMath(op, l, r, lv, rv);
        }
        if (l == Type.STRING) {
            return (String) lv + (String) rv;
        }
        if (res == Type.INT) {
            long a = ((Number) lv).longValue();
            long b = ((Number) rv).longValue();
            switch (op) {
                case PLUS:
                    return a + b;
                case MINUS:
                    return a - b;
                case MULT:
                    return a * b;
                case DIV:
                    return div(a, b);
                default:
                    return mod(a, b);
            }
        }
        double a = ((Number) lv).doubleValue();
        double b = ((Number) rv).doubleValue();
        switch (op) {
            case PLUS:
                return a + b;
            case MINUS:
                return a - b;
            case MULT:
                return a * b;
            default:
                return a / b;
        }
    }

    private static Object durationMath(Operator op, Type l, Type r, Object lv, Object rv) {
        switch (op) {
            case PLUS:
                return Duration.ofNanos(nanos(lv) + nanos(rv));
            case MINUS:
                return Duration.ofNanos(nanos(lv) - nanos(rv));
            case MULT: {
                Object d = l == Type.DURATION ? lv : rv;
                Object n = l == Type.DURATION ? rv : lv;
                return Duration.ofNanos(n instanceof Double f ? (long) (nanos(d) * f) : nanos(d) * ((Number) n).longValue());
            }
            default: // DIV
                if (r == Type.DURATION) {
                    return div(nanos(lv), nanos(rv));
                }
                if (rv instanceof Double f) {
                    return Duration.ofNanos((long) (nanos(lv) / f));
                }
                return Duration.ofNanos(div(nanos(lv), ((Number) rv).longValue()));
        }
    }

    static long nanos(Object d) {
        Duration x = (Duration) d;
        return x.getSeconds() * 1_000_000_000L + x.getNano();
    }

    private static boolean compare(Operator op, Type l, Type r, Object lv, Object rv) {
        int c;
        if (l == Type.BOOL) {
            boolean eq = lv.equals(rv);
            return op == Operator.EQ ? eq : !eq;
        } else if (l == Type.STRING) {
            c = ((String) lv).compareTo((String) rv);
        } else if (l == Type.DURATION) {
            c = Long.compare(nanos(lv), nanos(rv));
        } else if (l == Type.INT && r == Type.INT) {
            c = Long.compare(((Number) lv).longValue(), ((Number) rv).longValue());
        } else {
            double a = ((Number) lv).doubleValue();
            double b = ((Number) rv).doubleValue();
            // primitive comparisons so NaN behaves like Go
            switch (op) {
                case EQ:
                    return a == b;
                case NE:
                    return a != b;
                case LT:
                    return a < b;
                case LE:
                    return a <= b;
                case GT:
                    return a > b;
                default:
                    return a >= b;
            }
        }
        return cmp(op, c);
    }

    static boolean cmp(Operator op, int c) {
        switch (op) {
            case EQ:
                return c == 0;
            case NE:
                return c != 0;
            case LT:
                return c < 0;
            case LE:
                return c <= 0;
            case GT:
                return c > 0;
            default:
                return c >= 0;
        }
    }

    static Object unary(Operator op, Object v) {
        Type t = Type.of(v);
        if (unaryResult(op, t) == null) {
            throw unaryMismatch(op, t);
        }
        if (op == Operator.NOT) {
            return !(Boolean) v;
        }
        if (t == Type.INT) {
            return -((Number) v).longValue();
        }
        if (t == Type.FLOAT) {
            return -(Double) v;
        }
        return Duration.ofNanos(-nanos(v));
    }
}
