package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Position;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A node of the resolved pipeline graph: the {@code stream}/{@code batch} roots and every {@code |name(args)} chained
 * onto them, with the {@code .property(args)} calls made on it. Names are kept generic; the engine maps them onto
 * node implementations and option schemas.
 *
 * <p>Arguments are resolved: variable references are replaced by the variable's value (literal, list or lambda, with
 * identifiers inside lambdas substituted too), and {@code -literal} is folded. A pipeline passed as an argument (as
 * in {@code errors|join(requests)}) is not an arg: it becomes an extra {@link #parents() parent}, after the node it
 * was chained on.
 */
public final class PipelineNode {
    private final int id;
    private final String name;
    private final Position position;
    private final List<Expr> args;
    private final List<Property> properties = new ArrayList<>();
    private final List<PipelineNode> parents = new ArrayList<>();
    private final List<PipelineNode> children = new ArrayList<>();

    /** A {@code .name(args)} call; {@code args} empty for both {@code .name()} and the bare {@code .name} form. */
    public record Property(Position position, String name, List<Expr> args) {
        public Property {
            args = List.copyOf(args);
        }
    }

    PipelineNode(int id, String name, Position position, List<Expr> args) {
        this.id = id;
        this.name = name;
        this.position = position;
        this.args = List.copyOf(args);
    }

    /** Unique within a {@link Program}, in creation order (roots first created get the lowest ids). */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Position position() {
        return position;
    }

    public List<Expr> args() {
        return args;
    }

    /** Property calls in source order (repeated properties appear several times). */
    public List<Property> properties() {
        return Collections.unmodifiableList(properties);
    }

    /** All calls of one property, in source order. */
    public List<Property> properties(String propertyName) {
        return properties.stream().filter(p -> p.name().equals(propertyName)).toList();
    }

    /** The last call of a property (later calls override earlier ones for single-valued properties). */
    public Optional<Property> property(String propertyName) {
        for (int i = properties.size() - 1; i >= 0; i--) {
            if (properties.get(i).name().equals(propertyName)) {
                return Optional.of(properties.get(i));
            }
        }
        return Optional.empty();
    }

    public List<PipelineNode> parents() {
        return Collections.unmodifiableList(parents);
    }

    public List<PipelineNode> children() {
        return Collections.unmodifiableList(children);
    }

    public boolean isRoot() {
        return parents.isEmpty();
    }

    void addProperty(Property p) {
        properties.add(p);
    }

    void addChild(PipelineNode child) {
        children.add(child);
        child.parents.add(this);
    }

    @Override
    public String toString() {
        return name + id;
    }
}
