package dev.herald.engine.lambda;

import dev.herald.engine.Point;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import com.google.re2j.Pattern;

/**
 * Typed closure nodes of a specialised expression. Each node has one static type and overrides the primitive
 * accessor for it; intermediate values are never boxed (except arguments of the rarely used generic functions).
 */
final class Nodes {
    private Nodes() {
    }

    abstract static class N {
        final Type type;

        N(Type type) {
            this.type = type;
        }

        boolean b(Point p) {
            throw wrong(Type.BOOL);
        }

        long i(Point p) {
            throw wrong(Type.INT);
        }

        double f(Point p) {
            throw wrong(Type.FLOAT);
        }

        String s(Point p) {
            throw wrong(Type.STRING);
        }

        /** Durations, in nanoseconds. */
        long d(Point p) {
            throw wrong(Type.DURATION);
        }

        Pattern r(Point p) {
            throw wrong(Type.REGEX);
        }

        Instant t(Point p) {
            throw wrong(Type.TIME);
        }

        Object o(Point p) {
            switch (type) {
                case BOOL:
                    return b(p);
                case INT:
                    return i(p);
                case FLOAT:
                    return f(p);
                case STRING:
                    return s(p);
                case DURATION:
                    return Duration.ofNanos(d(p));
                case REGEX:
                    return r(p);
                case TIME:
                    return t(p);
                default:
                    throw new IllegalStateException();
            }
        }

        /** Evaluates for its errors only. */
        void run(Point p) {
            o(p);
        }

        /** For reference nodes: throws {@link GuardFailure} when the point's value has another type. */
        void guard(Point p) {
            run(p);
        }

        private IllegalStateException wrong(Type requested) {
            return new IllegalStateException("node of type " + type + " read as " + requested);
        }
    }

    abstract static class B extends N {
        B() {
            super(Type.BOOL);
        }

        @Override
        abstract boolean b(Point p);
    }

    abstract static class I extends N {
        I() {
            super(Type.INT);
        }

        @Override
        abstract long i(Point p);
    }

    abstract static class F extends N {
        F() {
            super(Type.FLOAT);
        }

        @Override
        abstract double f(Point p);
    }

    abstract static class S extends N {
        S() {
            super(Type.STRING);
        }

        @Override
        abstract String s(Point p);
    }

    abstract static class D extends N {
        D() {
            super(Type.DURATION);
        }

        @Override
        abstract long d(Point p);
    }

    // ------------------------------------------------------------------ constants

    static final class BConst extends B {
        final boolean v;

        BConst(boolean v) {
            this.v = v;
        }

        @Override
        boolean b(Point p) {
            return v;
        }
    }

    static final class IConst extends I {
        final long v;

        IConst(long v) {
            this.v = v;
        }

        @Override
        long i(Point p) {
            return v;
        }
    }

    static final class FConst extends F {
        final double v;

        FConst(double v) {
            this.v = v;
        }

        @Override
        double f(Point p) {
            return v;
        }
    }

    static final class SConst extends S {
        final String v;

        SConst(String v) {
            this.v = v;
        }

        @Override
        String s(Point p) {
            return v;
        }
    }

    static final class DConst extends D {
        final long v;

        DConst(long v) {
            this.v = v;
        }

        @Override
        long d(Point p) {
            return v;
        }
    }

    static final class RConst extends N {
        final Pattern v;

        RConst(Pattern v) {
            super(Type.REGEX);
            this.v = v;
        }

        @Override
        Pattern r(Point p) {
            return v;
        }
    }

    // ------------------------------------------------------------------ guarded references

    static final class FRef extends F {
        final String name;

        FRef(String name) {
            this.name = name;
        }

        @Override
        double f(Point p) {
            Object v = p.fields().get(name);
            if (v instanceof Double) {
                return (Double) v;
            }
            if (v instanceof Float) {
                return (Float) v;
            }
            throw GuardFailure.INSTANCE;
        }
    }

    static final class IRef extends I {
        final String name;

        IRef(String name) {
            this.name = name;
        }

        @Override
        long i(Point p) {
            Object v = p.fields().get(name);
            if (v instanceof Long) {
                return (Long) v;
            }
            if (v instanceof Integer) {
                return (Integer) v;
            }
            throw GuardFailure.INSTANCE;
        }
    }

    static final class BRef extends B {
        final String name;

        BRef(String name) {
            this.name = name;
        }

        @Override
        boolean b(Point p) {
            Object v = p.fields().get(name);
            if (v instanceof Boolean) {
                return (Boolean) v;
            }
            throw GuardFailure.INSTANCE;
        }
    }

    static final class SRef extends S {
        final String name;

        SRef(String name) {
            this.name = name;
        }

        @Override
        String s(Point p) {
            Object v = p.fields().get(name);
            if (v == null) {
                v = p.tags().get(name);
            }
            if (v instanceof String) {
                return (String) v;
            }
            throw GuardFailure.INSTANCE;
        }
    }

    static final class TimeRef extends N {
        TimeRef() {
            super(Type.TIME);
        }

        @Override
        Instant t(Point p) {
            return p.time();
        }
    }

    /** A reference specialised as absent: guards absence, then raises the missing error. */
    static final class MissingRef extends N {
        final String name;

        MissingRef(String name) {
            super(null);
            this.name = name;
        }

        @Override
        void guard(Point p) {
            if (p.fields().containsKey(name) || p.tags().containsKey(name)) {
                throw GuardFailure.INSTANCE;
            }
        }

        @Override
        Object o(Point p) {
            guard(p);
            throw new MissingReferenceException(name);
        }

        @Override
        boolean b(Point p) {
            return (Boolean) o(p);
        }

        @Override
        long i(Point p) {
            return (Long) o(p);
        }

        @Override
        double f(Point p) {
            return (Double) o(p);
        }

        @Override
        String s(Point p) {
            return (String) o(p);
        }

        @Override
        long d(Point p) {
            return (Long) o(p);
        }

        @Override
        Pattern r(Point p) {
            return (Pattern) o(p);
        }

        @Override
        Instant t(Point p) {
            return (Instant) o(p);
        }
    }

    // ------------------------------------------------------------------ errors

    /** Evaluates children in order (raising their errors first), then raises its own. Type null. */
    static final class Err extends N {
        final N[] children;
        final Supplier<LambdaException> error;

        Err(List<N> children, Supplier<LambdaException> error) {
            super(null);
            this.children = children.toArray(new N[0]);
            this.error = error;
        }

        @Override
        Object o(Point p) {
            for (N c : children) {
                c.run(p);
            }
            throw error.get();
        }

        @Override
        boolean b(Point p) {
            return (Boolean) o(p);
        }

        @Override
        long i(Point p) {
            return (Long) o(p);
        }

        @Override
        double f(Point p) {
            return (Double) o(p);
        }

        @Override
        String s(Point p) {
            return (String) o(p);
        }

        @Override
        long d(Point p) {
            return (Long) o(p);
        }

        @Override
        Pattern r(Point p) {
            return (Pattern) o(p);
        }

        @Override
        Instant t(Point p) {
            return (Instant) o(p);
        }
    }

    /** Runs only the guard of a reference node. */
    static final class GuardOnly extends N {
        final N ref;

        GuardOnly(N ref) {
            super(null);
            this.ref = ref;
        }

        @Override
        void run(Point p) {
            ref.guard(p);
        }
    }

    /** Boxed node: computes an Object (generic functions); typed accessors unbox. */
    abstract static class Boxed extends N {
        Boxed(Type type) {
            super(type);
        }

        @Override
        abstract Object o(Point p);

        @Override
        boolean b(Point p) {
            return (Boolean) o(p);
        }

        @Override
        long i(Point p) {
            return (Long) o(p);
        }

        @Override
        double f(Point p) {
            return (Double) o(p);
        }

        @Override
        String s(Point p) {
            return (String) o(p);
        }

        @Override
        long d(Point p) {
            return Ops.nanos(o(p));
        }

        @Override
        Pattern r(Point p) {
            return (Pattern) o(p);
        }

        @Override
        Instant t(Point p) {
            return (Instant) o(p);
        }
    }

    /** {@code if(c, a, b)} of any type. */
    /**
     * {@code if(c, a, b)} of any type. Its type was derived from both branches, so it first guards the references of
     * both (the untaken branch is not evaluated and would not guard itself).
     */
    static final class If extends N {
        final N[] guards;
        final N cond;
        final N a;
        final N e;

        If(Type type, List<N> guards, N c, N a, N e) {
            super(type);
            this.guards = guards.toArray(new N[0]);
            this.cond = c;
            this.a = a;
            this.e = e;
        }

        private boolean c(Point p) {
            for (N g : guards) {
                g.guard(p);
            }
            return cond.b(p);
        }

        @Override
        boolean b(Point p) {
            return c(p) ? a.b(p) : e.b(p);
        }

        @Override
        long i(Point p) {
            return c(p) ? a.i(p) : e.i(p);
        }

        @Override
        double f(Point p) {
            return c(p) ? a.f(p) : e.f(p);
        }

        @Override
        String s(Point p) {
            return c(p) ? a.s(p) : e.s(p);
        }

        @Override
        long d(Point p) {
            return c(p) ? a.d(p) : e.d(p);
        }

        @Override
        Pattern r(Point p) {
            return c(p) ? a.r(p) : e.r(p);
        }

        @Override
        Instant t(Point p) {
            return c(p) ? a.t(p) : e.t(p);
        }

        @Override
        Object o(Point p) {
            return c(p) ? a.o(p) : e.o(p);
        }
    }
}
