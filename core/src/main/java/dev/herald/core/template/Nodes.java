package dev.herald.core.template;

import dev.herald.core.json.GoJson;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The compiled template tree: nodes that render, expressions that evaluate. */
final class Nodes {

    static final int NORMAL = 0;
    static final int BREAK = 1;
    static final int CONTINUE = 2;

    private Nodes() {
    }

    /** Per-render state. */
    static final class Exec {
        final StringBuilder out;
        final Object[] vars;
        final Compiled template;

        Exec(Compiled template, Object data) {
            this.template = template;
            this.out = new StringBuilder(template.sizeHint);
            this.vars = new Object[template.variableCount];
            this.vars[0] = data;
        }

        TemplateException error(int pos, String context, String message) {
            return template.execError(pos, context, message, null);
        }

        TemplateException error(int pos, String context, String message, Throwable cause) {
            return template.execError(pos, context, message, cause);
        }
    }

    /** What the parser produces: the root list plus facts the executor needs. */
    static final class Compiled {
        final String name;
        final String source;
        final Node root;
        final int variableCount;
        final boolean html;
        final TemplateException escapeError;
        final int sizeHint;

        Compiled(String name, String source, Node root, int variableCount, boolean html,
                TemplateException escapeError) {
            this.name = name;
            this.source = source;
            this.root = root;
            this.variableCount = variableCount;
            this.html = html;
            this.escapeError = escapeError;
            this.sizeHint = Math.max(16, source.length() + 32);
        }

        TemplateException execError(int pos, String context, String message, Throwable cause) {
            int[] lc = Parser.lineColumn(source, pos);
            String text = "template: " + name + ":" + lc[0] + ":" + lc[1] + ": executing \"" + name + "\" at <"
                    + context + ">: " + message;
            return new TemplateException(text, lc[0], lc[1], cause);
        }
    }

    // ---------------------------------------------------------------- nodes

    abstract static class Node {
        final int pos;

        Node(int pos) {
            this.pos = pos;
        }

        abstract int render(Exec x, Object dot);
    }

    static final class ListNode extends Node {
        final Node[] nodes;

        ListNode(int pos, List<Node> nodes) {
            super(pos);
            this.nodes = nodes.toArray(new Node[0]);
        }

        @Override
        int render(Exec x, Object dot) {
            for (Node node : nodes) {
                int status = node.render(x, dot);
                if (status != NORMAL) {
                    return status;
                }
            }
            return NORMAL;
        }
    }

    static final class TextNode extends Node {
        final String text;

        TextNode(int pos, String text) {
            super(pos);
            this.text = text;
        }

        @Override
        int render(Exec x, Object dot) {
            x.out.append(text);
            return NORMAL;
        }
    }

    static final class ActionNode extends Node {
        final Pipe pipe;
        /** html/template: escape the printed value (false when the pipeline ends in the {@code html} builtin). */
        final boolean escape;

        /** The {@code json}/{@code jsonCompact} call when the action is just {@code {{ json ARG }}}, else null. */
        private final FuncExpr json;
        /** For {@link #json}: whether it ends its output with a newline ({@code json} does, {@code jsonCompact} not). */
        private final boolean jsonNewline;

        ActionNode(int pos, Pipe pipe, boolean escape) {
            super(pos);
            this.pipe = pipe;
            this.escape = escape;
            this.json = jsonCall(pipe);
            this.jsonNewline = json != null && TemplateFunctions.jsonNewline(json.extra).orElse(false);
        }

        private static FuncExpr jsonCall(Pipe pipe) {
            if (pipe.decls.length != 0 || pipe.cmds.length != 1 || pipe.cmds[0].args.length != 2) {
                return null;
            }
            return pipe.cmds[0].args[0] instanceof FuncExpr f && f.extra != null
                    && TemplateFunctions.jsonNewline(f.extra).isPresent() ? f : null;
        }

        @Override
        int render(Exec x, Object dot) {
            if (json != null && x.template.html && escape) {
                // Kapacitor's default details {{ json . }}: encode and escape in one pass, same text as below
                Command cmd = pipe.cmds[0];
                Object arg = cmd.args[1].eval(x, dot);
                try {
                    GoJson.writeHtmlEscaped(x.out, arg);
                } catch (RuntimeException e) {
                    throw x.error(cmd.pos, cmd.describe(), "error calling " + json.name + ": " + e.getMessage(), e);
                }
                if (jsonNewline) {
                    x.out.append('\n');
                }
                return NORMAL;
            }
            Object value = pipe.eval(x, dot);
            if (pipe.decls.length != 0) {
                return NORMAL;
            }
            if (!x.template.html) {
                if (value == null) {
                    x.out.append("<no value>");
                } else if (value instanceof String s) {
                    x.out.append(s);
                } else {
                    GoFormat.appendValue(x.out, value);
                }
            } else if (value != null) {
                String text = value instanceof String s ? s : GoFormat.value(value);
                x.out.append(escape ? Escapers.htmlTemplate(text) : text);
            }
            return NORMAL;
        }
    }

    /** {@code if} and {@code with}. */
    static final class BranchNode extends Node {
        final boolean with;
        final Pipe pipe;
        final Node list;
        final Node elseList;

        BranchNode(int pos, boolean with, Pipe pipe, Node list, Node elseList) {
            super(pos);
            this.with = with;
            this.pipe = pipe;
            this.list = list;
            this.elseList = elseList;
        }

        @Override
        int render(Exec x, Object dot) {
            Object value = pipe.eval(x, dot);
            if (Values.isTrue(value)) {
                return list.render(x, with ? value : dot);
            }
            return elseList == null ? NORMAL : elseList.render(x, dot);
        }
    }

    static final class RangeNode extends Node {
        final Pipe pipe;
        final Node list;
        final Node elseList;

        RangeNode(int pos, Pipe pipe, Node list, Node elseList) {
            super(pos);
            this.pipe = pipe;
            this.list = list;
            this.elseList = elseList;
        }

        @Override
        int render(Exec x, Object dot) {
            Object value = pipe.eval(x, dot);
            boolean any = false;
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : Values.sortedEntries(map)) {
                    any = true;
                    if (iterate(x, entry.getKey(), entry.getValue()) == BREAK) {
                        break;
                    }
                }
            } else if (value instanceof List<?> list) {
                int n = list.size();
                for (int i = 0; i < n; i++) {
                    any = true;
                    if (iterate(x, (long) i, list.get(i)) == BREAK) {
                        break;
                    }
                }
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte) {
                long n = ((Number) value).longValue();
                for (long i = 0; i < n; i++) {
                    any = true;
                    if (iterate(x, i, i) == BREAK) {
                        break;
                    }
                }
            } else if (value != null) {
                List<Object> elements = GoFormat.elements(value);
                if (elements == null) {
                    throw x.error(pos, "range " + pipe.describe(), "range can't iterate over "
                            + GoFormat.value(value));
                }
                for (int i = 0; i < elements.size(); i++) {
                    any = true;
                    if (iterate(x, (long) i, elements.get(i)) == BREAK) {
                        break;
                    }
                }
            }
            if (!any && elseList != null) {
                return elseList.render(x, dot);
            }
            return NORMAL;
        }

        private int iterate(Exec x, Object key, Object element) {
            int[] decls = pipe.decls;
            if (decls.length == 1) {
                x.vars[decls[0]] = element;
            } else if (decls.length == 2) {
                x.vars[decls[0]] = key;
                x.vars[decls[1]] = element;
            }
            return list.render(x, element);
        }
    }

    static final class LoopControlNode extends Node {
        final int status;

        LoopControlNode(int pos, int status) {
            super(pos);
            this.status = status;
        }

        @Override
        int render(Exec x, Object dot) {
            return status;
        }
    }

    // ---------------------------------------------------------------- pipelines and commands

    static final class Pipe {
        final int pos;
        final int[] decls;
        final String[] declNames;
        final boolean assign;
        final Command[] cmds;

        Pipe(int pos, int[] decls, String[] declNames, boolean assign, Command[] cmds) {
            this.pos = pos;
            this.decls = decls;
            this.declNames = declNames;
            this.assign = assign;
            this.cmds = cmds;
        }

        Object eval(Exec x, Object dot) {
            Object value = null;
            boolean hasFinal = false;
            for (Command cmd : cmds) {
                value = cmd.eval(x, dot, value, hasFinal);
                hasFinal = true;
            }
            for (int slot : decls) {
                x.vars[slot] = value;
            }
            return value;
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            if (declNames.length > 0) {
                sb.append(String.join(", ", declNames)).append(assign ? " = " : " := ");
            }
            for (int i = 0; i < cmds.length; i++) {
                if (i > 0) {
                    sb.append(" | ");
                }
                sb.append(cmds[i].describe());
            }
            return sb.toString();
        }
    }

    static final class Command {
        final int pos;
        final Expr[] args;

        Command(int pos, Expr[] args) {
            this.pos = pos;
            this.args = args;
        }

        Object eval(Exec x, Object dot, Object fin, boolean hasFinal) {
            Expr first = args[0];
            if (first instanceof FuncExpr f) {
                return f.call(x, dot, this, fin, hasFinal);
            }
            if (args.length > 1 || hasFinal) {
                if (first instanceof FieldExpr || first instanceof ChainExpr
                        || (first instanceof VariableExpr v && v.fields.length > 0)) {
                    String[] fields = first instanceof FieldExpr fe ? fe.fields
                            : first instanceof ChainExpr ce ? ce.fields : ((VariableExpr) first).fields;
                    throw x.error(first.pos, first.describe(),
                            fields[fields.length - 1] + " has arguments but cannot be invoked as function");
                }
                throw x.error(first.pos, first.describe(), "can't give argument to non-function "
                        + first.describe());
            }
            if (first instanceof NilExpr) {
                throw x.error(first.pos, first.describe(), "nil is not a command");
            }
            return first.eval(x, dot);
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.length; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(args[i].describe());
            }
            return sb.toString();
        }
    }

    // ---------------------------------------------------------------- expressions

    abstract static class Expr {
        final int pos;

        Expr(int pos) {
            this.pos = pos;
        }

        abstract Object eval(Exec x, Object dot);

        abstract String describe();
    }

    static final class DotExpr extends Expr {
        DotExpr(int pos) {
            super(pos);
        }

        @Override
        Object eval(Exec x, Object dot) {
            return dot;
        }

        @Override
        String describe() {
            return ".";
        }
    }

    static final class NilExpr extends Expr {
        NilExpr(int pos) {
            super(pos);
        }

        @Override
        Object eval(Exec x, Object dot) {
            return null;
        }

        @Override
        String describe() {
            return "nil";
        }
    }

    static final class ConstExpr extends Expr {
        final Object value;
        final String text;

        ConstExpr(int pos, Object value, String text) {
            super(pos);
            this.value = value;
            this.text = text;
        }

        @Override
        Object eval(Exec x, Object dot) {
            return value;
        }

        @Override
        String describe() {
            return text;
        }
    }

    /** One step of a field chain with a monomorphic inline cache of the accessor. */
    static final class FieldStep {
        final String name;
        private volatile Object[] cache; // {Class, MethodHandle}

        FieldStep(String name) {
            this.name = name;
        }

        Object get(Exec x, Object receiver, Expr node) {
            if (receiver == null) {
                return null;
            }
            if (receiver instanceof Map<?, ?> map) {
                return Values.getOrNull(map, name);
            }
            Class<?> type = receiver.getClass();
            Object[] c = cache;
            MethodHandle handle;
            if (c != null && c[0] == type) {
                handle = (MethodHandle) c[1];
            } else {
                if (!resolvable(receiver)) {
                    throw x.error(node.pos, node.describe(),
                            "can't evaluate field " + name + " in type " + Values.typeName(receiver));
                }
                handle = Accessors.find(type, name);
                if (handle == null) {
                    throw x.error(node.pos, node.describe(),
                            "can't evaluate field " + name + " in type " + Values.typeName(receiver));
                }
                cache = new Object[] {type, handle};
            }
            try {
                return (Object) handle.invokeExact(receiver);
            } catch (RuntimeException | Error e) {
                throw x.error(node.pos, node.describe(), "error calling " + name + ": " + e.getMessage(), e);
            } catch (Throwable t) {
                throw x.error(node.pos, node.describe(), "error calling " + name + ": " + t, t);
            }
        }

        private static boolean resolvable(Object receiver) {
            return !(receiver instanceof CharSequence || receiver instanceof Number || receiver instanceof Boolean
                    || receiver instanceof Character || receiver instanceof Iterable<?>
                    || receiver.getClass().isArray());
        }
    }

    static Object walk(Exec x, Object value, FieldStep[] steps, Expr node) {
        for (FieldStep step : steps) {
            value = step.get(x, value, node);
        }
        return value;
    }

    static FieldStep[] steps(String[] fields) {
        FieldStep[] steps = new FieldStep[fields.length];
        for (int i = 0; i < fields.length; i++) {
            steps[i] = new FieldStep(fields[i]);
        }
        return steps;
    }

    static final class FieldExpr extends Expr {
        final String[] fields;
        final FieldStep[] steps;

        FieldExpr(int pos, String[] fields) {
            super(pos);
            this.fields = fields;
            this.steps = steps(fields);
        }

        @Override
        Object eval(Exec x, Object dot) {
            return walk(x, dot, steps, this);
        }

        @Override
        String describe() {
            return "." + String.join(".", fields);
        }
    }

    static final class VariableExpr extends Expr {
        final int slot;
        final String name;
        final String[] fields;
        final FieldStep[] steps;

        VariableExpr(int pos, int slot, String name, String[] fields) {
            super(pos);
            this.slot = slot;
            this.name = name;
            this.fields = fields;
            this.steps = steps(fields);
        }

        @Override
        Object eval(Exec x, Object dot) {
            return walk(x, x.vars[slot], steps, this);
        }

        @Override
        String describe() {
            return fields.length == 0 ? name : name + "." + String.join(".", fields);
        }
    }

    static final class ChainExpr extends Expr {
        final Expr inner;
        final String[] fields;
        final FieldStep[] steps;

        ChainExpr(int pos, Expr inner, String[] fields) {
            super(pos);
            this.inner = inner;
            this.fields = fields;
            this.steps = steps(fields);
        }

        @Override
        Object eval(Exec x, Object dot) {
            return walk(x, inner.eval(x, dot), steps, this);
        }

        @Override
        String describe() {
            return inner.describe() + "." + String.join(".", fields);
        }
    }

    /** A parenthesized pipeline used as an operand. */
    static final class PipeExpr extends Expr {
        final Pipe pipe;

        PipeExpr(int pos, Pipe pipe) {
            super(pos);
            this.pipe = pipe;
        }

        @Override
        Object eval(Exec x, Object dot) {
            return pipe.eval(x, dot);
        }

        @Override
        String describe() {
            return "(" + pipe.describe() + ")";
        }
    }

    /** A function name: the first word of a command, or an argument (then called without arguments). */
    static final class FuncExpr extends Expr {
        final String name;
        final Builtins.Builtin builtin;
        final TemplateFunction extra;

        FuncExpr(int pos, String name, Builtins.Builtin builtin, TemplateFunction extra) {
            super(pos);
            this.name = name;
            this.builtin = builtin;
            this.extra = extra;
        }

        @Override
        Object eval(Exec x, Object dot) {
            return call(x, dot, new Command(pos, new Expr[] {this}), null, false);
        }

        Object call(Exec x, Object dot, Command cmd, Object fin, boolean hasFinal) {
            Expr[] args = cmd.args;
            int given = args.length - 1 + (hasFinal ? 1 : 0);
            if (extra != null) {
                List<Object> values = new ArrayList<>(given);
                for (int i = 1; i < args.length; i++) {
                    values.add(args[i].eval(x, dot));
                }
                if (hasFinal) {
                    values.add(fin);
                }
                try {
                    return extra.apply(Collections.unmodifiableList(values));
                } catch (TemplateException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw x.error(cmd.pos, cmd.describe(), "error calling " + name + ": " + e.getMessage(), e);
                }
            }
            return Builtins.call(x, dot, this, cmd, fin, hasFinal);
        }

        @Override
        String describe() {
            return name;
        }
    }
}
