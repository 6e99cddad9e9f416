package dev.herald.engine.lambda;

import dev.herald.engine.Point;
import dev.herald.engine.tick.Printer;
import dev.herald.engine.tick.ast.Expr;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A checked lambda expression compiled to typed closure trees. Field and tag types are only known per point, so the
 * tree is specialised for the reference types seen (guarded reads, no boxing); a point with other types switches to
 * (or builds and caches) the matching specialisation. Thread-safe.
 */
public final class CompiledLambda {
    private final Expr expression;
    private final Set<String> references;
    private final Set<Type> possibleTypes;
    private final String[] refNames;
    private final ConcurrentHashMap<String, Spec> specs = new ConcurrentHashMap<>();
    /** Last used specialisation; a benign race (Spec is immutable). */
    private Spec current;

    private static final class Spec {
        final Nodes.N root;

        Spec(Nodes.N root) {
            this.root = root;
        }
    }

    CompiledLambda(Expr expression, Set<String> references, Set<Type> possibleTypes) {
        this.expression = expression;
        this.references = Set.copyOf(references);
        this.possibleTypes = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(possibleTypes));
        this.refNames = List.copyOf(references).toArray(new String[0]);
    }

    public Expr expression() {
        return expression;
    }

    /** The expression as TICKscript text. */
    public String source() {
        return Printer.format(expression);
    }

    /** Names of the fields/tags the expression references ({@code "time"} included if used). */
    public Set<String> references() {
        return references;
    }

    /** The result types the expression can have, depending on field types (known at define time). */
    public Set<Type> possibleTypes() {
        return possibleTypes;
    }

    /**
     * Evaluates a predicate.
     *
     * @throws MissingReferenceException when a needed field/tag is absent
     * @throws LambdaException           on any other evaluation error, including a non-boolean result
     */
    public boolean test(Point p) {
        Spec s = current;
        if (s != null) {
            try {
                if (s.root.type == Type.BOOL) {
                    return s.root.b(p);
                }
            } catch (GuardFailure g) {
                // fall through to respecialise
            }
        }
        Object v = slow(p);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new LambdaException("expression returned unexpected type " + Type.of(v) + ", expected boolean");
    }

    /** Evaluates to a double (int results are converted). */
    public double evalDouble(Point p) {
        Spec s = current;
        if (s != null) {
            try {
                if (s.root.type == Type.FLOAT) {
                    return s.root.f(p);
                }
                if (s.root.type == Type.INT) {
                    return s.root.i(p);
                }
            } catch (GuardFailure g) {
                // fall through
            }
        }
        Object v = slow(p);
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw new LambdaException("expression returned unexpected type " + Type.of(v) + ", expected float");
    }

    /**
     * Evaluates to a boxed value: Boolean, Long, Double, String, java.time.Duration, java.util.regex.Pattern or
     * java.time.Instant.
     */
    public Object eval(Point p) {
        Spec s = current;
        if (s != null) {
            try {
                return s.root.o(p);
            } catch (GuardFailure g) {
                // fall through
            }
        }
        return slow(p);
    }

    private Object slow(Point p) {
        StringBuilder key = new StringBuilder(refNames.length);
        for (String r : refNames) {
            key.append((char) ('A' + Interpreter.refType(p, r).ordinal()));
        }
        Spec s = specs.computeIfAbsent(key.toString(),
                k -> new Spec(Compiler.build(expression, name -> Interpreter.refType(p, name))));
        current = s;
        try {
            return s.root.o(p);
        } catch (GuardFailure g) {
            // unusual value classes: fall back to the interpreter
            return Interpreter.eval(expression, p);
        }
    }

    @Override
    public String toString() {
        return "lambda: " + source();
    }
}
