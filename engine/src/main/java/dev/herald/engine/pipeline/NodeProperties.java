package dev.herald.engine.pipeline;

import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code .property(args)} calls of one TICKscript node with type checks, and reports any property the
 * node does not know, naming the node and listing the properties it has. Every error carries line and column.
 */
public final class NodeProperties {
    private final String nodeName;
    private final List<PipelineNode.Property> properties;
    private final Set<String> known = new LinkedHashSet<>();

    public NodeProperties(PipelineNode node) {
        this(node.name(), node.properties());
    }

    /** A reader over a subset of a node's properties (the alert node without its handler chains). */
    public NodeProperties(String nodeName, List<PipelineNode.Property> properties) {
        this.nodeName = nodeName;
        this.properties = List.copyOf(properties);
    }

    private Optional<PipelineNode.Property> lastCall(String name) {
        for (int i = properties.size() - 1; i >= 0; i--) {
            if (properties.get(i).name().equals(name)) {
                return Optional.of(properties.get(i));
            }
        }
        return Optional.empty();
    }

    /** Every call of {@code name}, in source order. */
    public List<PipelineNode.Property> all(String name) {
        known.add(name);
        return properties.stream().filter(p -> p.name().equals(name)).toList();
    }

    /** Declares {@code names} as properties this node understands (for those read in other ways). */
    public NodeProperties known(String... names) {
        known.addAll(List.of(names));
        return this;
    }

    /** Fails on the first property that was not declared or read. */
    public void rejectUnknown() {
        for (PipelineNode.Property property : properties) {
            if (!known.contains(property.name())) {
                throw new TickscriptException(property.position(), "no property or method \"" + property.name()
                        + "\" on node " + nodeName + "; its properties are: " + String.join(", ",
                        new TreeSet<>(known)));
            }
        }
    }

    /** The last call of {@code name}, if any. */
    public Optional<PipelineNode.Property> last(String name) {
        known.add(name);
        return lastCall(name);
    }

    /** Whether the no-argument flag {@code name} was called ({@code .noRecoveries()}). */
    public boolean flag(String name) {
        Optional<PipelineNode.Property> p = last(name);
        p.ifPresent(prop -> arity(prop, 0, 0));
        return p.isPresent();
    }

    /** A one-argument string property. */
    public Optional<String> string(String name) {
        return last(name).map(p -> {
            arity(p, 1, 1);
            return asString(p.args().get(0), p.position(), name);
        });
    }

    /** A one-argument duration property. */
    public Optional<Duration> duration(String name) {
        return last(name).map(p -> {
            arity(p, 1, 1);
            return asDuration(p.args().get(0), p.position(), name);
        });
    }

    /** A one-argument integer property. */
    public Optional<Long> integer(String name) {
        return last(name).map(p -> {
            arity(p, 1, 1);
            if (p.args().get(0) instanceof Expr.IntLit i) {
                return i.value();
            }
            throw typeError(p.position(), name, "an integer", p.args().get(0));
        });
    }

    /** A one-argument number property (int or float). */
    public Optional<Double> number(String name) {
        return last(name).map(p -> {
            arity(p, 1, 1);
            return asNumber(p.args().get(0), p.position(), name);
        });
    }

    /** A one-argument lambda property. */
    public Optional<Expr.Lambda> lambda(String name) {
        return last(name).map(p -> {
            arity(p, 1, 1);
            if (p.args().get(0) instanceof Expr.Lambda l) {
                return l;
            }
            throw typeError(p.position(), name, "a lambda expression", p.args().get(0));
        });
    }

    /** All string arguments of every call of {@code name} ({@code .groupBy('a', 'b')}). */
    public List<String> strings(String name) {
        known.add(name);
        List<String> out = new ArrayList<>();
        for (PipelineNode.Property p : all(name)) {
            for (Expr arg : p.args()) {
                out.add(asString(arg, p.position(), name));
            }
        }
        return out;
    }

    /** Fails unless {@code property} has between {@code min} and {@code max} arguments. */
    public static void arity(PipelineNode.Property property, int min, int max) {
        int n = property.args().size();
        if (n < min || n > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw new TickscriptException(property.position(), "property \"" + property.name() + "\" takes "
                    + expected + " argument" + (max == 1 ? "" : "s") + ", got " + n);
        }
    }

    /** A string literal argument. */
    public static String asString(Expr arg, Position at, String property) {
        if (arg instanceof Expr.StringLit s) {
            return s.value();
        }
        throw typeError(at, property, "a string", arg);
    }

    /** A duration literal argument. */
    public static Duration asDuration(Expr arg, Position at, String property) {
        if (arg instanceof Expr.DurationLit d) {
            return d.duration();
        }
        throw typeError(at, property, "a duration", arg);
    }

    /** A number literal argument. */
    public static double asNumber(Expr arg, Position at, String property) {
        if (arg instanceof Expr.IntLit i) {
            return i.value();
        }
        if (arg instanceof Expr.FloatLit f) {
            return f.value();
        }
        throw typeError(at, property, "a number", arg);
    }

    /** An error saying {@code property} wanted {@code expected} and got {@code arg}. */
    public static TickscriptException typeError(Position at, String property, String expected, Expr arg) {
        return new TickscriptException(arg.position() == null ? at : arg.position(),
                "property \"" + property + "\" expects " + expected + ", got " + describe(arg));
    }

    /** How an argument is named in errors. */
    public static String describe(Expr arg) {
        if (arg instanceof Expr.StringLit s) {
            return "string '" + s.value() + "'";
        }
        if (arg instanceof Expr.IntLit i) {
            return "integer " + i.value();
        }
        if (arg instanceof Expr.FloatLit f) {
            return "float " + f.value();
        }
        if (arg instanceof Expr.DurationLit d) {
            return "duration " + d.literal();
        }
        if (arg instanceof Expr.BoolLit b) {
            return b.value() ? "TRUE" : "FALSE";
        }
        if (arg instanceof Expr.Lambda) {
            return "a lambda expression";
        }
        if (arg instanceof Expr.RegexLit r) {
            return "regex /" + r.literal() + "/";
        }
        if (arg instanceof Expr.Star) {
            return "*";
        }
        if (arg instanceof Expr.ListLit) {
            return "a list";
        }
        return arg.getClass().getSimpleName();
    }
}
