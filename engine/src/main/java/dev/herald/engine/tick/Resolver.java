package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Link;
import dev.herald.engine.tick.ast.Operator;
import dev.herald.engine.tick.ast.Statement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluates declarations and chains into the pipeline graph, substituting variables. */
final class Resolver {
    private static final Set<String> TYPES =
            Set.of("int", "float", "bool", "string", "regex", "duration", "lambda", "list", "star");

    private final Map<String, Expr> overrides;
    private final Map<String, Program.Var> vars = new LinkedHashMap<>();
    private final List<PipelineNode> roots = new ArrayList<>();
    private final List<PipelineNode> nodes = new ArrayList<>();
    private final List<Statement.Dbrp> dbrps = new ArrayList<>();
    private PipelineNode stream;
    private PipelineNode batch;

    private Resolver(Map<String, Expr> overrides) {
        this.overrides = overrides;
    }

    static Program resolve(List<Statement> statements, Map<String, Expr> overrides) {
        Resolver r = new Resolver(overrides);
        for (Statement s : statements) {
            r.statement(s);
        }
        return new Program(statements, r.vars, r.roots, r.nodes, r.dbrps);
    }

    /** Kapacitor type name of a resolved value. */
    static String typeOf(Expr e) {
        if (e instanceof Expr.IntLit) {
            return "int";
        } else if (e instanceof Expr.FloatLit) {
            return "float";
        } else if (e instanceof Expr.BoolLit) {
            return "bool";
        } else if (e instanceof Expr.StringLit) {
            return "string";
        } else if (e instanceof Expr.RegexLit) {
            return "regex";
        } else if (e instanceof Expr.DurationLit) {
            return "duration";
        } else if (e instanceof Expr.Lambda) {
            return "lambda";
        } else if (e instanceof Expr.ListLit) {
            return "list";
        } else if (e instanceof Expr.Star) {
            return "star";
        }
        return "expression";
    }

    private void statement(Statement s) {
        if (s instanceof Statement.Dbrp d) {
            dbrps.add(d);
        } else if (s instanceof Statement.TypeDecl d) {
            {
                checkRedefine(d.name(), d.position());
                if (!TYPES.contains(d.type())) {
                    throw new TickscriptException(d.position(), "invalid var type " + Token.quote(d.type()));
                }
                Expr supplied = overrides.get(d.name());
                if (supplied != null) {
                    Expr v = resolve(supplied, false);
                    checkType(d.name(), d.type(), v, d);
                    vars.put(d.name(), new Program.Var(d.name(), d.position(), d.type(), true, v, null));
                } else {
                    vars.put(d.name(), new Program.Var(d.name(), d.position(), d.type(), true, null, null));
                }
            }
        } else if (s instanceof Statement.VarDecl d) {
            {
                checkRedefine(d.name(), d.position());
                if (d.value() instanceof Expr.Chain c) {
                    if (overrides.containsKey(d.name())) {
                        throw new TickscriptException(d.position(), "cannot override pipeline var " + d.name());
                    }
                    PipelineNode n = chain(c);
                    vars.put(d.name(), new Program.Var(d.name(), d.position(), "pipeline", false, null, n));
                } else if (d.value() instanceof Expr.Identifier id && isPipeline(id.name())) {
                    PipelineNode n = pipelineOf(id);
                    vars.put(d.name(), new Program.Var(d.name(), d.position(), "pipeline", false, null, n));
                } else {
                    Expr v = resolve(d.value(), false);
                    String type = typeOf(v);
                    Expr supplied = overrides.get(d.name());
                    if (supplied != null) {
                        Expr sv = resolve(supplied, false);
                        checkType(d.name(), type, sv, d);
                        v = sv;
                    }
                    vars.put(d.name(), new Program.Var(d.name(), d.position(), type, false, v, null));
                }
            }
        } else if (s instanceof Statement.ExprStatement e) {
            if (e.expr() instanceof Expr.Chain c) {
                chain(c);
            } else {
                resolve(e.expr(), false);
            }
        }
    }

    private void checkRedefine(String name, dev.herald.engine.tick.ast.Position p) {
        if (vars.containsKey(name)) {
            throw new TickscriptException(p, "attempted to redefine " + name + ", vars are immutable");
        }
    }

    private static void checkType(String name, String declared, Expr value, Statement decl) {
        String got = typeOf(value);
        if (!got.equals(declared)) {
            throw new TickscriptException(decl.position(),
                    "invalid type supplied for " + name + ", got " + got + " exp " + declared);
        }
    }

    private boolean isPipeline(String name) {
        Program.Var v = vars.get(name);
        if (v != null) {
            return v.node() != null;
        }
        return name.equals("stream") || name.equals("batch");
    }

    private PipelineNode pipelineOf(Expr.Identifier id) {
        Program.Var v = vars.get(id.name());
        if (v != null) {
            if (v.node() == null) {
                throw new TickscriptException(id.position(),
                        "cannot chain onto var " + id.name() + " of type " + v.type());
            }
            return v.node();
        }
        if (id.name().equals("stream")) {
            if (stream == null) {
                stream = newNode("stream", id, List.of());
                roots.add(stream);
            }
            return stream;
        }
        if (id.name().equals("batch")) {
            if (batch == null) {
                batch = newNode("batch", id, List.of());
                roots.add(batch);
            }
            return batch;
        }
        throw new TickscriptException(id.position(), "undefined variable " + Token.quote(id.name()));
    }

    private PipelineNode newNode(String name, dev.herald.engine.tick.ast.Node at, List<Expr> args) {
        PipelineNode n = new PipelineNode(nodes.size(), name, at.position(), args);
        nodes.add(n);
        return n;
    }

    private PipelineNode chain(Expr.Chain c) {
        PipelineNode current;
        if (c.head() instanceof Expr.Identifier id) {
            current = pipelineOf(id);
        } else {
            throw new TickscriptException(c.head().position(),
                    "expected \"stream\", \"batch\" or a pipeline variable but found " + Printer.format(c.head()));
        }
        for (Link l : c.links()) {
            List<Expr> args = new ArrayList<>();
            List<PipelineNode> extraParents = new ArrayList<>();
            for (Expr a : l.args()) {
                if (a instanceof Expr.Identifier aid && isPipeline(aid.name())) {
                    if (l.kind() == Link.Kind.PROPERTY) {
                        throw new TickscriptException(a.position(),
                                "a pipeline cannot be passed to property ." + l.name());
                    }
                    extraParents.add(pipelineOf(aid));
                } else if (a instanceof Expr.Chain inner) {
                    if (l.kind() == Link.Kind.PROPERTY) {
                        throw new TickscriptException(a.position(),
                                "a pipeline cannot be passed to property ." + l.name());
                    }
                    extraParents.add(chain(inner));
                } else {
                    args.add(resolve(a, false));
                }
            }
            if (args.size() == 1 && l.args().size() == 1 && args.get(0) instanceof Expr.ListLit list) {
                // as in Kapacitor, a list as the only argument is the list of arguments: .groupBy(tags)
                args = new ArrayList<>(list.items());
            }
            if (l.kind() == Link.Kind.PIPE) {
                PipelineNode child = newNode(l.name(), l, args);
                current.addChild(child);
                for (PipelineNode p : extraParents) {
                    p.addChild(child);
                }
                current = child;
            } else {
                current.addProperty(new PipelineNode.Property(l.position(), l.name(), args));
            }
        }
        return current;
    }

    /** Substitutes variables and folds unary minus/not on literals. */
    private Expr resolve(Expr e, boolean inLambda) {
        if (e instanceof Expr.Identifier id) {
            {
                Program.Var v = vars.get(id.name());
                if (v == null) {
                    if (isPipeline(id.name())) {
                        throw new TickscriptException(id.position(),
                                "pipeline " + Token.quote(id.name()) + " cannot be used as a value here");
                    }
                    throw new TickscriptException(id.position(), "undefined variable " + Token.quote(id.name()));
                }
                if (v.node() != null) {
                    throw new TickscriptException(id.position(),
                            "pipeline var " + Token.quote(id.name()) + " cannot be used as a value here");
                }
                if (v.value() == null) {
                    return id; // template var without a value
                }
                Expr value = v.value();
                if (inLambda) {
                    if (value instanceof Expr.Lambda l) {
                        value = l.expression();
                    }
                    if (value instanceof Expr.Binary b) {
                        value = b.withParens(true);
                    }
                    if (value instanceof Expr.ListLit || value instanceof Expr.Star) {
                        throw new TickscriptException(id.position(),
                                "var " + id.name() + " of type " + v.type() + " cannot be used in a lambda");
                    }
                }
                return value;
            }
        } else if (e instanceof Expr.Unary u) {
            {
                Expr operand = resolve(u.operand(), inLambda);
                if (u.op() == Operator.MINUS) {
                    if (operand instanceof Expr.IntLit i) {
                        return new Expr.IntLit(u.position(), -i.value(), false);
                    }
                    if (operand instanceof Expr.FloatLit f) {
                        return new Expr.FloatLit(u.position(), -f.value());
                    }
                    if (operand instanceof Expr.DurationLit d && !inLambda) {
                        return new Expr.DurationLit(u.position(), -d.nanos(), "-" + d.literal());
                    }
                } else if (operand instanceof Expr.BoolLit b && !inLambda) {
                    return new Expr.BoolLit(u.position(), !b.value());
                }
                return new Expr.Unary(u.position(), u.op(), operand);
            }
        } else if (e instanceof Expr.Binary b) {
            Expr.Binary r = new Expr.Binary(b.position(), b.op(), resolve(b.left(), inLambda),
                    resolve(b.right(), inLambda), b.parens(), b.multiLine());
            if (!inLambda) {
                // Kapacitor evaluates binary expressions outside lambdas: var id = name + '-{{.Group}}'
                Expr folded = dev.herald.engine.lambda.LambdaCompiler.foldConstant(r);
                if (folded != null) {
                    return folded;
                }
            }
            return r;
        } else if (e instanceof Expr.Lambda l) {
            return new Expr.Lambda(l.position(), resolve(l.expression(), true));
        } else if (e instanceof Expr.Call c) {
            return new Expr.Call(c.position(), c.name(),
                    c.args().stream().map(a -> resolve(a, inLambda)).toList(), c.multiLine());
        } else if (e instanceof Expr.ListLit l) {
            {
                List<Expr> items = new ArrayList<>();
                for (Expr it : l.items()) {
                    Expr r = resolve(it, false);
                    if (r instanceof Expr.ListLit inner) {
                        items.addAll(inner.items());
                    } else {
                        items.add(r);
                    }
                }
                return new Expr.ListLit(l.position(), items);
            }
        } else if (e instanceof Expr.Chain c) {
            throw new TickscriptException(c.position(), "a pipeline cannot be used as a value here");
        }
        return e;
    }
}
