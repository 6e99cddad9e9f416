package dev.herald.core.template;

import dev.herald.core.template.Lexer.Token;
import dev.herald.core.template.Lexer.Type;
import dev.herald.core.template.Nodes.ActionNode;
import dev.herald.core.template.Nodes.BranchNode;
import dev.herald.core.template.Nodes.ChainExpr;
import dev.herald.core.template.Nodes.Command;
import dev.herald.core.template.Nodes.Compiled;
import dev.herald.core.template.Nodes.ConstExpr;
import dev.herald.core.template.Nodes.DotExpr;
import dev.herald.core.template.Nodes.Expr;
import dev.herald.core.template.Nodes.FieldExpr;
import dev.herald.core.template.Nodes.FuncExpr;
import dev.herald.core.template.Nodes.ListNode;
import dev.herald.core.template.Nodes.LoopControlNode;
import dev.herald.core.template.Nodes.NilExpr;
import dev.herald.core.template.Nodes.Node;
import dev.herald.core.template.Nodes.Pipe;
import dev.herald.core.template.Nodes.PipeExpr;
import dev.herald.core.template.Nodes.RangeNode;
import dev.herald.core.template.Nodes.TextNode;
import dev.herald.core.template.Nodes.VariableExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the node tree from tokens, following Go's {@code text/template/parse} grammar and messages. */
final class Parser {

    /** Makes a parse error at a source offset. */
    interface ErrorSink {
        TemplateException error(int pos, String message);
    }

    /** Stand-ins for {@code {{end}}} and {@code {{else}}} while parsing lists. */
    private static final class EndMarker extends Node {
        EndMarker(int pos) {
            super(pos);
        }

        @Override
        int render(Nodes.Exec x, Object dot) {
            throw new IllegalStateException();
        }
    }

    private static final class ElseMarker extends Node {
        ElseMarker(int pos) {
            super(pos);
        }

        @Override
        int render(Nodes.Exec x, Object dot) {
            throw new IllegalStateException();
        }
    }

    private final String name;
    private final String source;
    private final Map<String, TemplateFunction> extra;
    private final boolean html;
    private final ErrorSink errors;
    private List<Token> tokens;
    private int index;
    private final List<String> scopeNames = new ArrayList<>();
    private final List<Integer> scopeSlots = new ArrayList<>();
    private int slotCount = 1;
    private int rangeDepth;
    private TemplateException escapeError;
    private boolean commandEndedWithPipe;
    /** Open parentheses and control blocks; bounded so that deep nesting is an error, not a stack overflow. */
    private int depth;

    /** Deepest nesting of parentheses and {@code if}/{@code range}/{@code with} blocks (Go: 10000 parentheses). */
    static final int MAX_DEPTH = 100;

    private Parser(String name, String source, Map<String, TemplateFunction> extra, boolean html) {
        this.name = name;
        this.source = source;
        this.extra = extra;
        this.html = html;
        this.errors = (pos, message) -> {
            int[] lc = lineColumn(source, pos);
            return new TemplateException("template: " + name + ":" + lc[0] + ":" + lc[1] + ": " + message,
                    lc[0], lc[1]);
        };
    }

    static Compiled parse(String name, String source, Map<String, TemplateFunction> extra, boolean html) {
        Parser parser = new Parser(name, source, extra, html);
        return parser.run();
    }

    /** {line (1-based), column (0-based, Go's convention)} of a source offset. */
    static int[] lineColumn(String source, int pos) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(pos, source.length());
        for (int i = 0; i < end; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, pos - lineStart};
    }

    private Compiled run() {
        tokens = Lexer.lex(source);
        scopeNames.add("$");
        scopeSlots.add(0);
        List<Node> list = new ArrayList<>();
        while (peek().type() != Type.EOF) {
            Node n = textOrAction();
            if (n instanceof EndMarker) {
                throw errors.error(n.pos, "unexpected {{end}}");
            }
            if (n instanceof ElseMarker) {
                throw errors.error(n.pos, "unexpected {{else}}");
            }
            list.add(n);
        }
        return new Compiled(name, source, new ListNode(0, list), slotCount, html, escapeError);
    }

    // ---------------------------------------------------------------- token access

    private Token next() {
        Token t = tokens.get(index);
        if (t.type() == Type.ERROR) {
            throw errors.error(t.pos(), t.text());
        }
        if (index < tokens.size() - 1) {
            index++;
        }
        return t;
    }

    private Token peek() {
        Token t = tokens.get(index);
        if (t.type() == Type.ERROR) {
            throw errors.error(t.pos(), t.text());
        }
        return t;
    }

    private void backup() {
        index--;
    }

    private Token nextNonSpace() {
        Token t;
        do {
            t = next();
        } while (t.type() == Type.SPACE);
        return t;
    }

    private Token peekNonSpace() {
        Token t = nextNonSpace();
        backup();
        return t;
    }

    private Token expect(Type type, String context) {
        Token t = nextNonSpace();
        if (t.type() != type) {
            throw unexpected(t, context);
        }
        return t;
    }

    private TemplateException unexpected(Token t, String context) {
        return errors.error(t.pos(), "unexpected " + t + " in " + context);
    }

    // ---------------------------------------------------------------- lists and actions

    private Node textOrAction() {
        Token t = nextNonSpace();
        switch (t.type()) {
            case TEXT:
                return new TextNode(t.pos(), t.text());
            case LEFT_DELIM:
                return action();
            default:
                throw unexpected(t, "input");
        }
    }

    /** Parses nodes up to an {@code {{end}}} or {@code {{else}}}, which is returned as {@code terminator[0]}. */
    private ListNode itemList(Node[] terminator) {
        List<Node> list = new ArrayList<>();
        int pos = peek().pos();
        while (peek().type() != Type.EOF) {
            Node n = textOrAction();
            if (n instanceof EndMarker || n instanceof ElseMarker) {
                terminator[0] = n;
                return new ListNode(pos, list);
            }
            list.add(n);
        }
        throw errors.error(source.length(), "unexpected EOF");
    }

    private Node action() {
        Token t = nextNonSpace();
        if (t.type() == Type.KEYWORD) {
            switch (t.text()) {
                case "if":
                    return control(t, "if");
                case "with":
                    return control(t, "with");
                case "range":
                    return control(t, "range");
                case "end":
                    expect(Type.RIGHT_DELIM, "end");
                    return new EndMarker(t.pos());
                case "else":
                    return elseControl(t);
                case "break":
                case "continue":
                    Token after = nextNonSpace();
                    if (after.type() != Type.RIGHT_DELIM) {
                        throw unexpected(after, "{{" + t.text() + "}}");
                    }
                    if (rangeDepth == 0) {
                        throw errors.error(t.pos(), "{{" + t.text() + "}} outside {{range}}");
                    }
                    return new LoopControlNode(t.pos(), t.text().equals("break") ? Nodes.BREAK : Nodes.CONTINUE);
                default:
                    throw errors.error(t.pos(), "{{" + t.text() + "}} is not supported");
            }
        }
        backup();
        Token first = peekNonSpace();
        Pipe pipe = pipeline("command", Type.RIGHT_DELIM);
        boolean escape = true;
        if (html && pipe.decls.length == 0) {
            escape = checkEscapers(pipe);
        }
        return new ActionNode(first.pos(), pipe, escape);
    }

    /**
     * html/template's rules for the predefined escapers {@code html} and {@code urlquery} in a printed pipeline:
     * only last; a trailing {@code html} replaces the automatic escaping. Returns whether to escape.
     */
    private boolean checkEscapers(Pipe pipe) {
        Command[] cmds = pipe.cmds;
        for (int i = 0; i < cmds.length; i++) {
            if (cmds[i].args[0] instanceof FuncExpr f && f.builtin != null
                    && (f.builtin == Builtins.Builtin.HTML || f.builtin == Builtins.Builtin.URLQUERY)
                    && i < cmds.length - 1 && escapeError == null) {
                int[] lc = lineColumn(source, f.pos);
                escapeError = new TemplateException("html/template:" + name + ":" + lc[0] + ":" + lc[1]
                        + ": predefined escaper \"" + f.name + "\" disallowed in template", lc[0], lc[1]);
            }
        }
        Expr last = cmds[cmds.length - 1].args[0];
        return !(last instanceof FuncExpr f && f.builtin == Builtins.Builtin.HTML);
    }

    private Node elseControl(Token elseToken) {
        Token peek = peekNonSpace();
        if (peek.type() == Type.KEYWORD && (peek.text().equals("if") || peek.text().equals("with"))) {
            // "{{else if ...": leave the "if" pending for the enclosing control.
            return new ElseMarker(peek.pos());
        }
        expect(Type.RIGHT_DELIM, "else");
        return new ElseMarker(elseToken.pos());
    }

    private Node control(Token keyword, String context) {
        enter(keyword.pos());
        try {
            return controlBody(keyword, context);
        } finally {
            depth--;
        }
    }

    private void enter(int pos) {
        if (depth >= MAX_DEPTH) {
            throw errors.error(pos, "max expression depth exceeded");
        }
        depth++;
    }

    private Node controlBody(Token keyword, String context) {
        int mark = scopeNames.size();
        Pipe pipe = pipeline(context, Type.RIGHT_DELIM);
        if (context.equals("range")) {
            rangeDepth++;
        }
        Node[] terminator = new Node[1];
        ListNode list = itemList(terminator);
        if (context.equals("range")) {
            rangeDepth--;
        }
        Node elseList = null;
        if (terminator[0] instanceof ElseMarker elseMarker) {
            Token peek = peekNonSpace();
            if (context.equals("if") && peek.type() == Type.KEYWORD && peek.text().equals("if")) {
                Token nested = nextNonSpace();
                elseList = new ListNode(elseMarker.pos, List.of(control(nested, "if")));
            } else if (context.equals("with") && peek.type() == Type.KEYWORD && peek.text().equals("with")) {
                Token nested = nextNonSpace();
                elseList = new ListNode(elseMarker.pos, List.of(control(nested, "with")));
            } else {
                if (peek.type() == Type.KEYWORD && (peek.text().equals("if") || peek.text().equals("with"))) {
                    throw unexpected(peek, "else");
                }
                Node[] end = new Node[1];
                elseList = itemList(end);
                if (!(end[0] instanceof EndMarker)) {
                    throw errors.error(end[0].pos, "expected end; found {{else}}");
                }
            }
        }
        popScope(mark);
        return switch (context) {
            case "if" -> new BranchNode(keyword.pos(), false, pipe, list, elseList);
            case "with" -> new BranchNode(keyword.pos(), true, pipe, list, elseList);
            default -> new RangeNode(keyword.pos(), pipe, list, elseList);
        };
    }

    private void popScope(int mark) {
        while (scopeNames.size() > mark) {
            scopeNames.remove(scopeNames.size() - 1);
            scopeSlots.remove(scopeSlots.size() - 1);
        }
    }

    private int declare(String variable) {
        int slot = slotCount++;
        scopeNames.add(variable);
        scopeSlots.add(slot);
        return slot;
    }

    private int lookup(Token variable) {
        for (int i = scopeNames.size() - 1; i >= 0; i--) {
            if (scopeNames.get(i).equals(variable.text())) {
                return scopeSlots.get(i);
            }
        }
        throw errors.error(variable.pos(), "undefined variable \"" + variable.text() + "\"");
    }

    // ---------------------------------------------------------------- pipelines

    private Pipe pipeline(String context, Type end) {
        int pipePos = peekNonSpace().pos();
        List<Integer> decls = new ArrayList<>();
        List<String> declNames = new ArrayList<>();
        boolean assign = false;
        int save = index;
        List<Token> pending = new ArrayList<>();
        while (true) {
            Token v = nextNonSpace();
            if (v.type() != Type.VARIABLE) {
                index = save;
                pending.clear();
                break;
            }
            Token after = nextNonSpace();
            if (after.type() == Type.DECLARE || after.type() == Type.ASSIGN) {
                pending.add(v);
                assign = after.type() == Type.ASSIGN;
                for (Token p : pending) {
                    declNames.add(p.text());
                    decls.add(assign ? lookup(p) : declare(p.text()));
                }
                break;
            }
            if (after.type() == Type.COMMA) {
                if (!context.equals("range") || !pending.isEmpty()) {
                    throw errors.error(after.pos(), "too many declarations in " + context);
                }
                pending.add(v);
                Token second = peekNonSpace();
                if (second.type() != Type.VARIABLE) {
                    throw errors.error(second.pos(), "range can only initialize variables");
                }
                continue;
            }
            if (!pending.isEmpty()) {
                throw unexpected(after, context);
            }
            index = save;
            break;
        }
        List<Command> cmds = new ArrayList<>();
        while (true) {
            Token t = nextNonSpace();
            if (t.type() == end) {
                if (cmds.isEmpty()) {
                    throw errors.error(t.pos(), "missing value for " + context);
                }
                for (int i = 1; i < cmds.size(); i++) {
                    Expr first = cmds.get(i).args[0];
                    if (first instanceof ConstExpr || first instanceof DotExpr || first instanceof NilExpr) {
                        throw errors.error(first.pos, "non executable command in pipeline stage " + (i + 1));
                    }
                }
                int[] slots = decls.stream().mapToInt(Integer::intValue).toArray();
                return new Pipe(pipePos, slots, declNames.toArray(new String[0]), assign,
                        cmds.toArray(new Command[0]));
            }
            switch (t.type()) {
                case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
                        LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                    Token after = peekNonSpace();
                    if (commandEndedWithPipe && after.type() == end) {
                        throw errors.error(after.pos(), "missing command after |");
                    }
                }
                default -> throw unexpected(t, context);
            }
        }
    }

    private Command command() {
        List<Expr> args = new ArrayList<>();
        int pos = peekNonSpace().pos();
        while (true) {
            peekNonSpace();
            Expr operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Token t = next();
            if (t.type() == Type.SPACE) {
                continue;
            }
            commandEndedWithPipe = t.type() == Type.PIPE;
            if (t.type() == Type.RIGHT_DELIM || t.type() == Type.RIGHT_PAREN) {
                backup();
            } else if (t.type() != Type.PIPE) {
                throw unexpected(t, "operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw errors.error(pos, "empty command");
        }
        return new Command(pos, args.toArray(new Expr[0]));
    }

    private Expr operand() {
        Expr term = term();
        if (term == null) {
            return null;
        }
        if (peek().type() != Type.FIELD) {
            return term;
        }
        int chainPos = peek().pos();
        List<String> fields = new ArrayList<>();
        while (peek().type() == Type.FIELD) {
            fields.add(next().text().substring(1));
        }
        if (term instanceof FieldExpr f) {
            List<String> all = new ArrayList<>(List.of(f.fields));
            all.addAll(fields);
            return new FieldExpr(f.pos, all.toArray(new String[0]));
        }
        if (term instanceof VariableExpr v) {
            List<String> all = new ArrayList<>(List.of(v.fields));
            all.addAll(fields);
            return new VariableExpr(v.pos, v.slot, v.name, all.toArray(new String[0]));
        }
        if (term instanceof ConstExpr || term instanceof NilExpr || term instanceof DotExpr) {
            throw errors.error(chainPos, "unexpected . after term " + GoPrintf.quote(term.describe()));
        }
        return new ChainExpr(term.pos, term, fields.toArray(new String[0]));
    }

    private Expr term() {
        Token t = nextNonSpace();
        switch (t.type()) {
            case IDENTIFIER: {
                TemplateFunction fn = extra.get(t.text());
                Builtins.Builtin builtin = fn == null ? Builtins.Builtin.named(t.text()) : null;
                if (fn == null && builtin == null) {
                    throw errors.error(t.pos(), "function \"" + t.text() + "\" not defined");
                }
                return new FuncExpr(t.pos(), t.text(), builtin, fn);
            }
            case DOT:
                return new DotExpr(t.pos());
            case NIL:
                return new NilExpr(t.pos());
            case VARIABLE:
                return new VariableExpr(t.pos(), lookup(t), t.text(), new String[0]);
            case FIELD:
                return new FieldExpr(t.pos(), new String[] {t.text().substring(1)});
            case BOOL:
                return new ConstExpr(t.pos(), Boolean.valueOf(t.text()), t.text());
            case NUMBER: {
                // Go's untyped integer constants become int: Integer here when they fit, else Long.
                Object value = Literals.parseNumber(t.text());
                if (value instanceof Long l && l == l.intValue()) {
                    value = l.intValue();
                }
                return new ConstExpr(t.pos(), value, t.text());
            }
            case CHAR_CONSTANT: {
                int cp = Literals.unquoteChar(t.text());
                if (cp < 0) {
                    throw errors.error(t.pos(), "malformed character constant: " + t.text());
                }
                return new ConstExpr(t.pos(), cp, t.text());
            }
            case STRING:
            case RAW_STRING: {
                String value = Literals.unquote(t.text());
                if (value == null) {
                    throw errors.error(t.pos(), "invalid syntax: " + t.text());
                }
                return new ConstExpr(t.pos(), value, t.text());
            }
            case LEFT_PAREN: {
                enter(t.pos());
                try {
                    Pipe pipe = pipeline("parenthesized pipeline", Type.RIGHT_PAREN);
                    return new PipeExpr(t.pos(), pipe);
                } finally {
                    depth--;
                }
            }
            default:
                backup();
                return null;
        }
    }
}
