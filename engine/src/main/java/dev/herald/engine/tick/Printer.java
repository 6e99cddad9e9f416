package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Link;
import dev.herald.engine.tick.ast.Statement;

import java.math.BigDecimal;
import java.util.List;

/**
 * Formats an AST back to TICKscript in Kapacitor's {@code tickfmt} style: four-space indent, each {@code |node()} on
 * its own line one level in, each {@code .property()} two levels in, one blank line between statements, binary
 * expressions kept on one line unless they were written across lines, explicit parentheses kept. Comments are not
 * preserved.
 */
public final class Printer {
    private static final String INDENT = "    ";
    private final StringBuilder buf = new StringBuilder();

    private Printer() {
    }

    public static String format(List<Statement> statements) {
        Printer p = new Printer();
        for (int i = 0; i < statements.size(); i++) {
            if (i != 0) {
                p.buf.append('\n');
            }
            p.statement(statements.get(i));
            p.buf.append('\n');
        }
        return p.buf.toString();
    }

    public static String format(Expr expr) {
        Printer p = new Printer();
        p.expr(expr, "", false);
        return p.buf.toString();
    }

    private void statement(Statement s) {
        if (s instanceof Statement.VarDecl d) {
            buf.append("var ").append(d.name()).append(" = ");
            expr(d.value(), "", false);
        } else if (s instanceof Statement.TypeDecl d) {
            buf.append("var ").append(d.name()).append(' ').append(d.type());
        } else if (s instanceof Statement.Dbrp d) {
            buf.append("dbrp ");
            reference(d.database());
            buf.append('.');
            reference(d.retentionPolicy());
        } else if (s instanceof Statement.ExprStatement e) {
            expr(e.expr(), "", true);
        }
    }

    private void reference(String name) {
        buf.append('"').append(name.replace("\"", "\\\"")).append('"');
    }

    private void indent(String indent, boolean onNewLine) {
        if (onNewLine) {
            buf.append(indent);
        }
    }

    private void expr(Expr e, String indent, boolean onNewLine) {
        if (e instanceof Expr.Chain c) {
            expr(c.head(), indent, onNewLine);
            for (Link l : c.links()) {
                buf.append('\n');
                String li = indent + INDENT + (l.kind() == Link.Kind.PROPERTY ? INDENT : "");
                buf.append(li).append(l.kind().symbol());
                if (l.parens()) {
                    call(l.name(), l.args(), l.multiLine(), li);
                } else {
                    buf.append(l.name());
                }
            }
        } else if (e instanceof Expr.Call c) {
            indent(indent, onNewLine);
            call(c.name(), c.args(), c.multiLine(), indent);
        } else if (e instanceof Expr.Binary b) {
            indent(indent, onNewLine);
            String in = indent;
            if (b.parens()) {
                buf.append('(');
                in = indent + INDENT;
            }
            expr(b.left(), in, false);
            buf.append(' ').append(b.op().symbol());
            buf.append(b.multiLine() ? '\n' : ' ');
            expr(b.right(), in, b.multiLine());
            if (b.parens()) {
                buf.append(')');
            }
        } else if (e instanceof Expr.Unary u) {
            indent(indent, onNewLine);
            buf.append(u.op().symbol());
            expr(u.operand(), indent, false);
        } else if (e instanceof Expr.Lambda l) {
            indent(indent, onNewLine);
            buf.append("lambda: ");
            expr(l.expression(), indent, false);
        } else if (e instanceof Expr.ListLit l) {
            indent(indent, onNewLine);
            buf.append('[');
            for (int i = 0; i < l.items().size(); i++) {
                if (i != 0) {
                    buf.append(", ");
                }
                expr(l.items().get(i), indent, false);
            }
            buf.append(']');
        } else {
            indent(indent, onNewLine);
            literal(e);
        }
    }

    private void call(String name, List<Expr> args, boolean multiLine, String indent) {
        buf.append(name).append('(');
        String argIndent = indent + INDENT;
        for (int i = 0; i < args.size(); i++) {
            if (i != 0) {
                buf.append(',');
                if (!multiLine) {
                    buf.append(' ');
                }
            }
            if (multiLine) {
                buf.append('\n');
            }
            expr(args.get(i), argIndent, multiLine);
        }
        if (multiLine && !args.isEmpty()) {
            buf.append('\n').append(indent);
        }
        buf.append(')');
    }

    private void literal(Expr e) {
        if (e instanceof Expr.IntLit i) {
            if (i.octal() && i.value() >= 0) {
                buf.append('0').append(Long.toOctalString(i.value()));
            } else {
                buf.append(i.value());
            }
        } else if (e instanceof Expr.FloatLit f) {
            buf.append(formatFloat(f.value()));
        } else if (e instanceof Expr.StringLit s) {
            if (s.tripleQuoted()) {
                buf.append("'''").append(s.value()).append("'''");
            } else {
                buf.append('\'').append(s.value().replace("'", "\\'")).append('\'');
            }
        } else if (e instanceof Expr.DurationLit d) {
            buf.append(d.literal());
        } else if (e instanceof Expr.BoolLit b) {
            buf.append(b.value() ? "TRUE" : "FALSE");
        } else if (e instanceof Expr.RegexLit r) {
            buf.append('/').append(r.literal()).append('/');
        } else if (e instanceof Expr.Star) {
            buf.append('*');
        } else if (e instanceof Expr.Reference r) {
            reference(r.name());
        } else if (e instanceof Expr.Identifier id) {
            buf.append(id.name());
        } else {
            throw new IllegalStateException("not a literal: " + e);
        }
    }

    /** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)} plus a trailing {@code .0} for integral values. */
    static String formatFloat(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        String s = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        if (s.indexOf('.') < 0) {
            s += ".0";
        }
        return s;
    }
}
