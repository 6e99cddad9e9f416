package dev.herald.engine.tick.ast;

import java.util.List;
import com.google.re2j.Pattern;

/** TICKscript and lambda expressions. */
public sealed interface Expr extends Node {

    /** Integer literal; {@code octal} when written with a leading 0 (printed back the same way). */
    record IntLit(Position position, long value, boolean octal) implements Expr {
    }

    record FloatLit(Position position, double value) implements Expr {
    }

    /** String literal (quotes removed, {@code \'} unescaped). */
    record StringLit(Position position, String value, boolean tripleQuoted) implements Expr {
    }

    /** Duration literal, value in nanoseconds, {@code literal} as written (e.g. {@code 10s}). */
    record DurationLit(Position position, long nanos, String literal) implements Expr {
        public java.time.Duration duration() {
            return java.time.Duration.ofNanos(nanos);
        }
    }

    record BoolLit(Position position, boolean value) implements Expr {
    }

    /**
     * Regex literal. {@code literal} is the text between the slashes as written; {@link #pattern()} is the
     * unescaped pattern ({@code \/} becomes {@code /}).
     */
    record RegexLit(Position position, String literal) implements Expr {
        public String pattern() {
            return literal.replace("\\/", "/");
        }

        public Pattern compile() {
            return Pattern.compile(pattern());
        }
    }

    record Star(Position position) implements Expr {
    }

    /** Double-quoted field/tag reference {@code "name"}. */
    record Reference(Position position, String name) implements Expr {
    }

    /** Bare identifier: a variable name, {@code stream}/{@code batch}, or an identifier list item. */
    record Identifier(Position position, String name) implements Expr {
    }

    record ListLit(Position position, List<Expr> items) implements Expr {
        public ListLit {
            items = List.copyOf(items);
        }
    }

    record Lambda(Position position, Expr expression) implements Expr {
    }

    record Unary(Position position, Operator op, Expr operand) implements Expr {
    }

    /**
     * Binary operation. The position is the operator's. {@code parens}: written in parentheses; {@code multiLine}:
     * a line break separated the operands (both only affect formatting).
     */
    record Binary(Position position, Operator op, Expr left, Expr right, boolean parens, boolean multiLine)
            implements Expr {
        public Binary withParens(boolean p) {
            return new Binary(position, op, left, right, p, multiLine);
        }
    }

    /** Function call, {@code name(args)}: a lambda function, or a global TICKscript function. */
    record Call(Position position, String name, List<Expr> args, boolean multiLine) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** A pipeline chain: {@code head|node(args).prop(args)...}. */
    record Chain(Position position, Expr head, List<Link> links) implements Expr {
        public Chain {
            links = List.copyOf(links);
        }
    }
}
