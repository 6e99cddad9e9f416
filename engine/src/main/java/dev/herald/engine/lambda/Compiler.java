package dev.herald.engine.lambda;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.Nodes.B;
import dev.herald.engine.lambda.Nodes.D;
import dev.herald.engine.lambda.Nodes.F;
import dev.herald.engine.lambda.Nodes.I;
import dev.herald.engine.lambda.Nodes.N;
import dev.herald.engine.lambda.Nodes.S;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Operator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToLongBiFunction;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import com.google.re2j.Pattern;

/** Builds a typed node tree for an expression, specialised for one assignment of reference types. */
final class Compiler {
    private final Function<String, Type> refTypes;
    private final LambdaState state;

    private Compiler(Function<String, Type> refTypes, LambdaState state) {
        this.refTypes = refTypes;
        this.state = state;
    }

    static N build(Expr e, Function<String, Type> refTypes) {
        return new Compiler(refTypes, null).node(e);
    }

    /** Builds a tree whose stateful functions are state's instances. */
    static N build(Expr e, Function<String, Type> refTypes, LambdaState state) {
        return new Compiler(refTypes, state).node(e);
    }

    private N node(Expr e) {
        if (e instanceof Expr.Lambda l) {
            return node(l.expression());
        }
        if (e instanceof Expr.IntLit i) {
            return new Nodes.IConst(i.value());
        }
        if (e instanceof Expr.FloatLit f) {
            return new Nodes.FConst(f.value());
        }
        if (e instanceof Expr.StringLit s) {
            return new Nodes.SConst(s.value());
        }
        if (e instanceof Expr.BoolLit b) {
            return new Nodes.BConst(b.value());
        }
        if (e instanceof Expr.DurationLit d) {
            return new Nodes.DConst(d.nanos());
        }
        if (e instanceof Expr.RegexLit r) {
            return new Nodes.RConst(Pattern.compile(r.pattern()));
        }
        if (e instanceof Expr.Reference r) {
            return ref(r.name());
        }
        if (e instanceof Expr.Unary u) {
            return unary(u.op(), node(u.operand()));
        }
        if (e instanceof Expr.Binary b) {
            return binary(b.op(), node(b.left()), node(b.right()));
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        throw new IllegalStateException("unchecked expression " + e);
    }

    private N ref(String refName) {
        // interned: point keys that are literals or interned compare by identity in the map probe
        String name = refName.intern();
        Type t = refTypes.apply(name);
        switch (t) {
            case FLOAT:
                return new Nodes.FRef(name);
            case INT:
                return new Nodes.IRef(name);
            case BOOL:
                return new Nodes.BRef(name);
            case STRING:
                return new Nodes.SRef(name);
            case TIME:
                return new Nodes.TimeRef();
            default:
                return new Nodes.MissingRef(name);
        }
    }

    private static N toFloat(N n) {
        if (n.type == Type.FLOAT) {
            return n;
        }
        if (n instanceof Nodes.IConst c) {
            return new Nodes.FConst(c.v);
        }
        return new F() {
            @Override
            double f(Point p) {
                return n.i(p);
            }
        };
    }

    // ------------------------------------------------------------------ unary

    private static N unary(Operator op, N x) {
        Type t = Ops.unaryResult(op, x.type);
        if (t == null) {
            Type xt = x.type;
            return new Nodes.Err(List.of(x), () -> Ops.unaryMismatch(op, xt));
        }
        if (op == Operator.NOT) {
            return new B() {
                @Override
                boolean b(Point p) {
                    return !x.b(p);
                }
            };
        }
        switch (t) {
            case INT:
                return new I() {
                    @Override
                    long i(Point p) {
                        return -x.i(p);
                    }
                };
            case FLOAT:
                return new F() {
                    @Override
                    double f(Point p) {
                        return -x.f(p);
                    }
                };
            default:
                return new D() {
                    @Override
                    long d(Point p) {
                        return -x.d(p);
                    }
                };
        }
    }

    // ------------------------------------------------------------------ binary

    private static N binary(Operator op, N l, N r) {
        if (op == Operator.AND || op == Operator.OR) {
            return logical(op, l, r);
        }
        Type res = Ops.binaryResult(op, l.type, r.type);
        if (res == null) {
            Type lt = l.type;
            Type rt = r.type;
            return new Nodes.Err(List.of(l, r), () -> Ops.mismatch(op, lt, rt));
        }
        Type lt = l.type;
        Type rt = r.type;
        if (op == Operator.REGEX_EQ || op == Operator.REGEX_NE) {
            return regex(op == Operator.REGEX_EQ, l, r);
        }
        if (op.isComparison()) {
            if (lt.isNumeric()) {
                if (lt == Type.INT && rt == Type.INT) {
                    return compareLong(op, l, r, false);
                }
                return compareDouble(op, toFloat(l), toFloat(r));
            }
            if (lt == Type.DURATION) {
                return compareLong(op, l, r, true);
            }
            if (lt == Type.STRING) {
                return compareString(op, l, r);
            }
            // bool == / !=
            boolean eq = op == Operator.EQ;
            return new B() {
                @Override
                boolean b(Point p) {
                    return (l.b(p) == r.b(p)) == eq;
                }
            };
        }
        // math
        if (res == Type.STRING) {
            return new S() {
                @Override
                String s(Point p) {
                    return l.s(p).concat(r.s(p));
                }
            };
        }
        if (lt == Type.DURATION || rt == Type.DURATION) {
            return durationMath(op, l, r);
        }
        if (res == Type.INT) {
            return longMath(op, l, r);
        }
        return doubleMath(op, toFloat(l), toFloat(r));
    }

    private static N logical(Operator op, N l, N r) {
        if (l.type != Type.BOOL || (r.type != Type.BOOL && r.type != null)) {
            Type lt = l.type;
            Type rt = r.type;
            if (l.type == Type.BOOL) {
                // short circuit may still avoid the error
                boolean and = op == Operator.AND;
                return new B() {
                    @Override
                    boolean b(Point p) {
                        boolean x = l.b(p);
                        if (x != and) {
                            return x;
                        }
                        r.run(p);
                        throw Ops.mismatch(op, lt, rt);
                    }
                };
            }
            return new Nodes.Err(List.of(l, r), () -> Ops.mismatch(op, lt, rt));
        }
        if (op == Operator.AND) {
            return new B() {
                @Override
                boolean b(Point p) {
                    return l.b(p) && r.b(p);
                }
            };
        }
        return new B() {
            @Override
            boolean b(Point p) {
                return l.b(p) || r.b(p);
            }
        };
    }

    private static N regex(boolean match, N l, N r) {
        if (r instanceof Nodes.RConst c) {
            Pattern pat = c.v;
            return match ? new B() {
                @Override
                boolean b(Point p) {
                    return Ops.find(pat, l.s(p));
                }
            } : new B() {
                @Override
                boolean b(Point p) {
                    return !Ops.find(pat, l.s(p));
                }
            };
        }
        return new B() {
            @Override
            boolean b(Point p) {
                String s = l.s(p);
                return Ops.find(r.r(p), s) == match;
            }
        };
    }

    private static N compareDouble(Operator op, N l, N r) {
        if (r instanceof Nodes.FConst c) {
            double k = c.v;
            switch (op) {
                case LT:
                    return new B() {
                        @Override
                        boolean b(Point p) {
                            return l.f(p) < k;
                        }
                    };
                case LE:
                    return new B() {
                        @Override
                        boolean b(Point p) {
                            return l.f(p) <= k;
                        }
                    };
                case GT:
                    return new B() {
                        @Override
                        boolean b(Point p) {
                            return l.f(p) > k;
                        }
                    };
                case GE:
                    return new B() {
                        @Override
                        boolean b(Point p) {
                            return l.f(p) >= k;
                        }
                    };
                case EQ:
                    return new B() {
                        @Override
                        boolean b(Point p) {
                            return l.f(p) == k;
                        }
                    };
                default:
                    return new B() {
                        @Override
                        boolean b(Point p) {
                            return l.f(p) != k;
                        }
                    };
            }
        }
        switch (op) {
            case LT:
                return new B() {
                    @Override
                    boolean b(Point p) {
                        return l.f(p) < r.f(p);
                    }
                };
            case LE:
                return new B() {
                    @Override
                    boolean b(Point p) {
                        return l.f(p) <= r.f(p);
                    }
                };
            case GT:
                return new B() {
                    @Override
                    boolean b(Point p) {
                        return l.f(p) > r.f(p);
                    }
                };
            case GE:
                return new B() {
                    @Override
                    boolean b(Point p) {
                        return l.f(p) >= r.f(p);
                    }
                };
            case EQ:
                return new B() {
                    @Override
                    boolean b(Point p) {
                        return l.f(p) == r.f(p);
                    }
                };
            default:
                return new B() {
                    @Override
                    boolean b(Point p) {
                        return l.f(p) != r.f(p);
                    }
                };
        }
    }

    private static N compareLong(Operator op, N l, N r, boolean durations) {
        if (durations) {
            return new B() {
                @Override
                boolean b(Point p) {
                    return Ops.cmp(op, Long.compare(l.d(p), r.d(p)));
                }
            };
        }
        if (r instanceof Nodes.IConst c) {
            long k = c.v;
            switch (op) {
                case LT:
                    return new B() {
                        @Override
                        boolean b(Point p) {
                            return l.i(p) < k;
                        }
                    };
                case GT:
                    return new B() {
                        @Override
                        boolean b(Point p) {
                            return l.i(p) > k;
                        }
                    };
                default:
                    break;
            }
        }
        return new B() {
            @Override
            boolean b(Point p) {
                return Ops.cmp(op, Long.compare(l.i(p), r.i(p)));
            }
        };
    }

    private static N compareString(Operator op, N l, N r) {
        if (op == Operator.EQ || op == Operator.NE) {
            boolean eq = op == Operator.EQ;
            return new B() {
                @Override
                boolean b(Point p) {
                    return l.s(p).equals(r.s(p)) == eq;
                }
            };
        }
        return new B() {
            @Override
            boolean b(Point p) {
                return Ops.cmp(op, l.s(p).compareTo(r.s(p)));
            }
        };
    }

    private static N longMath(Operator op, N l, N r) {
        switch (op) {
            case PLUS:
                return new I() {
                    @Override
                    long i(Point p) {
                        return l.i(p) + r.i(p);
                    }
                };
            case MINUS:
                return new I() {
                    @Override
                    long i(Point p) {
                        return l.i(p) - r.i(p);
                    }
                };
            case MULT:
                return new I() {
                    @Override
                    long i(Point p) {
                        return l.i(p) * r.i(p);
                    }
                };
            case DIV:
                return new I() {
                    @Override
                    long i(Point p) {
                        long a = l.i(p);
                        return Ops.div(a, r.i(p));
                    }
                };
            default:
                return new I() {
                    @Override
                    long i(Point p) {
                        long a = l.i(p);
                        return Ops.mod(a, r.i(p));
                    }
                };
        }
    }

    private static N doubleMath(Operator op, N l, N r) {
        switch (op) {
            case PLUS:
                return new F() {
                    @Override
                    double f(Point p) {
                        return l.f(p) + r.f(p);
                    }
                };
            case MINUS:
                return new F() {
                    @Override
                    double f(Point p) {
                        return l.f(p) - r.f(p);
                    }
                };
            case MULT:
                return new F() {
                    @Override
                    double f(Point p) {
                        return l.f(p) * r.f(p);
                    }
                };
            default:
                return new F() {
                    @Override
                    double f(Point p) {
                        return l.f(p) / r.f(p);
                    }
                };
        }
    }

    private static N durationMath(Operator op, N l, N r) {
        Type lt = l.type;
        Type rt = r.type;
        switch (op) {
            case PLUS:
                return new D() {
                    @Override
                    long d(Point p) {
                        return l.d(p) + r.d(p);
                    }
                };
            case MINUS:
                return new D() {
                    @Override
                    long d(Point p) {
                        return l.d(p) - r.d(p);
                    }
                };
            case MULT: {
                N dur = lt == Type.DURATION ? l : r;
                N num = lt == Type.DURATION ? r : l;
                boolean durFirst = lt == Type.DURATION;
                if (num.type == Type.FLOAT) {
                    return new D() {
                        @Override
                        long d(Point p) {
                            if (durFirst) {
                                long a = dur.d(p);
                                return (long) (a * num.f(p));
                            }
                            double f = num.f(p);
                            return (long) (dur.d(p) * f);
                        }
                    };
                }
                return new D() {
                    @Override
                    long d(Point p) {
                        if (durFirst) {
                            long a = dur.d(p);
                            return a * num.i(p);
                        }
                        long n = num.i(p);
                        return dur.d(p) * n;
                    }
                };
            }
            default: // DIV
                if (rt == Type.DURATION) {
                    return new I() {
                        @Override
                        long i(Point p) {
                            long a = l.d(p);
                            return Ops.div(a, r.d(p));
                        }
                    };
                }
                if (rt == Type.FLOAT) {
                    return new D() {
                        @Override
                        long d(Point p) {
                            long a = l.d(p);
                            return (long) (a / r.f(p));
                        }
                    };
                }
                return new D() {
                    @Override
                    long d(Point p) {
                        long a = l.d(p);
                        return Ops.div(a, r.i(p));
                    }
                };
        }
    }

    // ------------------------------------------------------------------ functions

    private static void refNames(Expr e, java.util.Set<String> out) {
        if (e instanceof Expr.Reference r) {
            out.add(r.name());
        } else if (e instanceof Expr.Unary u) {
            refNames(u.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            refNames(b.left(), out);
            refNames(b.right(), out);
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(a -> refNames(a, out));
        }
    }

    @SuppressWarnings("unchecked")
    private N call(Expr.Call c) {
        Functions.Fn fn = Functions.lookup(c.name());
        if (fn.kind() == Functions.Kind.IS_PRESENT) {
            N ref = ref(((Expr.Reference) c.args().get(0)).name());
            if (ref instanceof Nodes.MissingRef m) {
                return new B() {
                    @Override
                    boolean b(Point p) {
                        m.guard(p);
                        return false;
                    }
                };
            }
            return new B() {
                @Override
                boolean b(Point p) {
                    ref.run(p);
                    return true;
                }
            };
        }
        List<N> args = new ArrayList<>();
        for (Expr a : c.args()) {
            args.add(node(a));
        }
        if (fn.kind() == Functions.Kind.IF) {
            N cond = args.get(0);
            N a = args.get(1);
            N b = args.get(2);
            if (cond.type != Type.BOOL) {
                Type ct = cond.type;
                return new Nodes.Err(List.of(cond), () -> Functions.callError("if",
                        "first argument to if must be a condition with type of bool - got " + ct));
            }
            List<N> guards = new ArrayList<>();
            java.util.Set<String> names = new java.util.TreeSet<>();
            refNames(c.args().get(1), names);
            refNames(c.args().get(2), names);
            for (String name : names) {
                guards.add(ref(name));
            }
            if (a.type != null && b.type != null && a.type != b.type) {
                Type at = a.type;
                Type bt = b.type;
                List<N> pre = new ArrayList<>();
                guards.forEach(g -> pre.add(new Nodes.GuardOnly(g)));
                pre.add(cond);
                return new Nodes.Err(pre, () -> Interpreter.ifMismatch(at, bt));
            }
            Type t = a.type != null ? a.type : b.type;
            return new Nodes.If(t, guards, cond, a, b);
        }
        Type[] types = new Type[args.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = args.get(i).type;
            if (types[i] == null) {
                return new Nodes.Err(args, () -> new LambdaException("unreachable"));
            }
        }
        Functions.Sig sig = Functions.match(fn, types);
        if (sig == null) {
            return new Nodes.Err(args, () -> Functions.signatureError(fn, types));
        }
        for (int i = 0; i < types.length; i++) {
            if (sig.params().get(i) == Type.FLOAT) {
                args.set(i, toFloat(args.get(i)));
            }
        }
        N a0 = args.isEmpty() ? null : args.get(0);
        N a1 = args.size() > 1 ? args.get(1) : null;
        if (fn.kind() == Functions.Kind.STATEFUL) {
            return stateful(c, a0);
        }
        switch (fn.kind()) {
            case F_F: {
                DoubleUnaryOperator f = (DoubleUnaryOperator) fn.impl();
                return new F() {
                    @Override
                    double f(Point p) {
                        return f.applyAsDouble(a0.f(p));
                    }
                };
            }
            case FF_F: {
                DoubleBinaryOperator f = (DoubleBinaryOperator) fn.impl();
                return new F() {
                    @Override
                    double f(Point p) {
                        double x = a0.f(p);
                        return f.applyAsDouble(x, a1.f(p));
                    }
                };
            }
            case SS_B: {
                BiPredicate<String, String> f = (BiPredicate<String, String>) fn.impl();
                return new B() {
                    @Override
                    boolean b(Point p) {
                        String x = a0.s(p);
                        return f.test(x, a1.s(p));
                    }
                };
            }
            case SS_I: {
                ToLongBiFunction<String, String> f = (ToLongBiFunction<String, String>) fn.impl();
                return new I() {
                    @Override
                    long i(Point p) {
                        String x = a0.s(p);
                        return f.applyAsLong(x, a1.s(p));
                    }
                };
            }
            case SS_S: {
                BinaryOperator<String> f = (BinaryOperator<String>) fn.impl();
                return new S() {
                    @Override
                    String s(Point p) {
                        String x = a0.s(p);
                        return f.apply(x, a1.s(p));
                    }
                };
            }
            case S_S: {
                UnaryOperator<String> f = (UnaryOperator<String>) fn.impl();
                return new S() {
                    @Override
                    String s(Point p) {
                        return f.apply(a0.s(p));
                    }
                };
            }
            case S_I: {
                ToLongFunction<String> f = (ToLongFunction<String>) fn.impl();
                return new I() {
                    @Override
                    long i(Point p) {
                        return f.applyAsLong(a0.s(p));
                    }
                };
            }
            default: {
                N[] as = args.toArray(new N[0]);
                return new Nodes.Boxed(sig.ret()) {
                    @Override
                    Object o(Point p) {
                        Object[] vals = new Object[as.length];
                        for (int i = 0; i < as.length; i++) {
                            vals[i] = as[i].o(p);
                        }
                        return Functions.call(fn, sig, vals);
                    }
                };
            }
        }
    }

    private N stateful(Expr.Call c, N arg) {
        if (state == null) {
            throw new IllegalStateException(c.name() + " needs a LambdaState");
        }
        Functions.Stateful f = state.function(c);
        if (f instanceof Functions.Sigma sigma) {
            return new F() {
                @Override
                double f(Point p) {
                    return sigma.next(arg.f(p));
                }
            };
        }
        if (f instanceof Functions.Spread spread) {
            return new F() {
                @Override
                double f(Point p) {
                    return spread.next(arg.f(p));
                }
            };
        }
        Functions.Count count = (Functions.Count) f;
        return new I() {
            @Override
            long i(Point p) {
                return count.next();
            }
        };
    }
}
