package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Position;
import dev.herald.engine.tick.ast.Statement;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed and resolved TICKscript. */
public final class Program {

    /**
     * A declared variable.
     *
     * @param name     variable name
     * @param position declaration position
     * @param type     Kapacitor type name: {@code int float bool string regex duration lambda list star} or
     *                 {@code pipeline}
     * @param declared true for {@code var x type} template declarations
     * @param value    resolved value (literal, list or lambda); null for pipelines and for template vars without a
     *                 value
     * @param node     the pipeline node for {@code pipeline} vars, else null
     */
    public record Var(String name, Position position, String type, boolean declared, Expr value, PipelineNode node) {
        public boolean hasValue() {
            return value != null || node != null;
        }
    }

    private final List<Statement> statements;
    private final Map<String, Var> vars;
    private final List<PipelineNode> roots;
    private final List<PipelineNode> nodes;
    private final List<Statement.Dbrp> dbrps;

    Program(List<Statement> statements, Map<String, Var> vars, List<PipelineNode> roots, List<PipelineNode> nodes,
            List<Statement.Dbrp> dbrps) {
        this.statements = List.copyOf(statements);
        this.vars = Collections.unmodifiableMap(vars);
        this.roots = List.copyOf(roots);
        this.nodes = List.copyOf(nodes);
        this.dbrps = List.copyOf(dbrps);
    }

    /** The statements as parsed (unresolved). */
    public List<Statement> statements() {
        return statements;
    }

    /** Declared variables in declaration order. */
    public Map<String, Var> vars() {
        return vars;
    }

    public Optional<Var> var(String name) {
        return Optional.ofNullable(vars.get(name));
    }

    /** Template variables ({@code var x type}) that got no value; references to them are left as identifiers. */
    public List<Var> missingVars() {
        return vars.values().stream().filter(v -> !v.hasValue()).toList();
    }

    /** The {@code stream} and/or {@code batch} root nodes that the script uses, in order of first use. */
    public List<PipelineNode> roots() {
        return roots;
    }

    /** Every pipeline node, roots included, in creation (topological) order. */
    public List<PipelineNode> nodes() {
        return nodes;
    }

    public List<Statement.Dbrp> dbrps() {
        return dbrps;
    }

    /** The script in canonical TICKscript formatting. */
    public String format() {
        return Printer.format(statements);
    }
}
