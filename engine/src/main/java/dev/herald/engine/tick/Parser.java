package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Link;
import dev.herald.engine.tick.ast.Operator;
import dev.herald.engine.tick.ast.Position;
import dev.herald.engine.tick.ast.Statement;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import com.google.re2j.PatternSyntaxException;

/** Recursive-descent TICKscript parser with precedence climbing for lambda expressions. */
final class Parser {
    private final String src;
    private final List<Token> tokens;
    private int idx;
    /** Open parentheses, unary operators, calls and nested expressions: bounded so deep nesting is an error. */
    private int depth;
    /** Height of the binary and unary nodes built here, so a long operator chain is bounded too. */
    private final java.util.IdentityHashMap<Expr, Integer> heights = new java.util.IdentityHashMap<>();

    /** Deepest nesting of parentheses, unary operators and calls (Kapacitor: none; Go's stack grows instead). */
    static final int MAX_NESTING = 100;
    /** Highest expression tree, e.g. {@code a OR b OR ...} with this many operators. */
    static final int MAX_HEIGHT = 250;

    private Parser(String src) {
        this.src = src;
        this.tokens = Lexer.lex(src);
    }

    static List<Statement> parseProgram(String src) {
        Parser p = new Parser(src);
        List<Statement> out = new ArrayList<>();
        while (p.peek().type() != TokenType.EOF) {
            out.add(p.statement());
        }
        return out;
    }

    static Expr parseLambdaExpression(String src) {
        Parser p = new Parser(src);
        Expr e = p.primaryExpr();
        p.expect(TokenType.EOF);
        return e;
    }

    // ---------------------------------------------------------------- token helpers

    private Token peek() {
        return tokens.get(idx);
    }

    private Token peek2() {
        return tokens.get(Math.min(idx + 1, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(idx);
        if (t.type() != TokenType.EOF) {
            idx++;
        }
        return t;
    }

    private Token expect(TokenType type) {
        Token t = peek();
        if (t.type() != type) {
            throw unexpected(t, Token.quote(type.display));
        }
        return next();
    }

    private static TickscriptException unexpected(Token t, String expected) {
        return new TickscriptException(t.line(), t.column(), "expected " + expected + " but found " + t.describe());
    }

    private static Position pos(Token t) {
        return new Position(t.offset(), t.line(), t.column());
    }

    private boolean hasNewLine(int from, int to) {
        if (from >= to) {
            return false;
        }
        return src.substring(from, Math.min(to, src.length())).indexOf('\n') >= 0;
    }

    // ---------------------------------------------------------------- statements

    private Statement statement() {
        Token t = peek();
        if (t.type() == TokenType.VAR) {
            next();
            Token name = expect(TokenType.IDENT);
            if (peek().type() == TokenType.ASSIGN) {
                next();
                return new Statement.VarDecl(pos(t), name.text(), expression());
            }
            if (peek().type() == TokenType.IDENT) {
                Token type = next();
                return new Statement.TypeDecl(pos(t), name.text(), type.text());
            }
            throw unexpected(peek(), "\"=\" or a type name");
        }
        if (t.type() == TokenType.DBRP) {
            next();
            Token db = expect(TokenType.REFERENCE);
            expect(TokenType.DOT);
            Token rp = expect(TokenType.REFERENCE);
            return new Statement.Dbrp(pos(t), unquoteRef(db.text()), unquoteRef(rp.text()));
        }
        Expr e = expression();
        return new Statement.ExprStatement(e.position(), e);
    }

    // ---------------------------------------------------------------- TICKscript expressions

    private Expr expression() {
        enter(peek());
        try {
            return expressionBody();
        } finally {
            depth--;
        }
    }

    private void enter(Token t) {
        if (depth >= MAX_NESTING) {
            throw new TickscriptException(t.line(), t.column(), "expression nested too deeply (more than "
                    + MAX_NESTING + " levels)");
        }
        depth++;
    }

    private int height(Expr e) {
        return heights.getOrDefault(e, 1);
    }

    private <E extends Expr> E measured(Token at, E e, int height) {
        if (height > MAX_HEIGHT) {
            throw new TickscriptException(at.line(), at.column(), "expression too large (more than " + MAX_HEIGHT
                    + " nested operators)");
        }
        heights.put(e, height);
        return e;
    }

    private Expr expressionBody() {
        Token t = peek();
        switch (t.type()) {
            case IDENT -> {
                TokenType after = peek2().type();
                if (after == TokenType.LPAREN) {
                    Expr call = call(true);
                    if (isChainOp(peek().type())) {
                        return chain(call);
                    }
                    return precedence(call, 0);
                }
                if (isChainOp(after)) {
                    Token id = next();
                    return chain(new Expr.Identifier(pos(id), id.text()));
                }
                return primaryExpr();
            }
            case LAMBDA -> {
                next();
                return new Expr.Lambda(pos(t), primaryExpr());
            }
            case LBRACKET -> {
                return list();
            }
            default -> {
                return primaryExpr();
            }
        }
    }

    private static boolean isChainOp(TokenType t) {
        return t == TokenType.PIPE || t == TokenType.DOT || t == TokenType.AT;
    }

    private Expr chain(Expr head) {
        List<Link> links = new ArrayList<>();
        while (isChainOp(peek().type())) {
            Token op = next();
            if (op.type() == TokenType.AT) {
                Token name = peek();
                throw new TickscriptException(op.line(), op.column(),
                        "user defined functions are not supported: @"
                                + (name.type() == TokenType.IDENT ? name.text() : ""));
            }
            Token name = expect(TokenType.IDENT);
            if (op.type() == TokenType.PIPE) {
                if (peek().type() != TokenType.LPAREN) {
                    throw unexpected(peek(), "\"(\"");
                }
                links.add(link(op, name, Link.Kind.PIPE));
            } else if (peek().type() == TokenType.LPAREN) {
                links.add(link(op, name, Link.Kind.PROPERTY));
            } else {
                links.add(new Link(pos(name), Link.Kind.PROPERTY, name.text(), List.of(), false, false));
            }
        }
        return new Expr.Chain(head.position(), head, links);
    }

    private Link link(Token op, Token name, Link.Kind kind) {
        expect(TokenType.LPAREN);
        List<Expr> args = new ArrayList<>();
        while (peek().type() != TokenType.RPAREN) {
            args.add(expression());
            if (peek().type() != TokenType.COMMA) {
                break;
            }
            next();
        }
        expect(TokenType.RPAREN);
        boolean multi = !args.isEmpty() && hasNewLine(name.offset(), args.get(args.size() - 1).position().offset());
        return new Link(pos(name), kind, name.text(), args, true, multi);
    }

    /** Parses {@code ident(args)} where args are full TICKscript expressions. */
    private Expr.Call call(boolean tickArgs) {
        Token name = expect(TokenType.IDENT);
        expect(TokenType.LPAREN);
        List<Expr> args = new ArrayList<>();
        while (peek().type() != TokenType.RPAREN) {
            args.add(tickArgs ? expression() : primaryExpr());
            if (peek().type() != TokenType.COMMA) {
                break;
            }
            next();
        }
        expect(TokenType.RPAREN);
        boolean multi = !args.isEmpty() && hasNewLine(name.offset(), args.get(args.size() - 1).position().offset());
        return measured(name, new Expr.Call(pos(name), name.text(), args, multi),
                1 + args.stream().mapToInt(this::height).max().orElse(0));
    }

    private Expr list() {
        Token open = expect(TokenType.LBRACKET);
        List<Expr> items = new ArrayList<>();
        while (peek().type() != TokenType.RBRACKET) {
            Token t = peek();
            switch (t.type()) {
                case IDENT -> {
                    next();
                    items.add(new Expr.Identifier(pos(t), t.text()));
                }
                case STRING -> {
                    next();
                    items.add(string(t));
                }
                case STAR -> {
                    next();
                    items.add(new Expr.Star(pos(t)));
                }
                default -> throw unexpected(t, "identifier, string or \"*\"");
            }
            if (peek().type() != TokenType.COMMA) {
                break;
            }
            next();
        }
        expect(TokenType.RBRACKET);
        return new Expr.ListLit(pos(open), items);
    }

    // ---------------------------------------------------------------- lambda expressions

    private Expr primaryExpr() {
        return precedence(primary(), 0);
    }

    private static Operator binaryOperator(TokenType t) {
        return switch (t) {
            case OR -> Operator.OR;
            case AND -> Operator.AND;
            case EQ -> Operator.EQ;
            case NE -> Operator.NE;
            case REGEX_EQ -> Operator.REGEX_EQ;
            case REGEX_NE -> Operator.REGEX_NE;
            case GT -> Operator.GT;
            case GE -> Operator.GE;
            case LT -> Operator.LT;
            case LE -> Operator.LE;
            case PLUS -> Operator.PLUS;
            case MINUS -> Operator.MINUS;
            case MULT -> Operator.MULT;
            case DIV -> Operator.DIV;
            case MOD -> Operator.MOD;
            default -> null;
        };
    }

    private Expr precedence(Expr lhs, int minPrecedence) {
        Operator look = binaryOperator(peek().type());
        while (look != null && look.precedence() >= minPrecedence) {
            Token opTok = next();
            Operator op = look;
            Expr rhs = primary();
            look = binaryOperator(peek().type());
            while (look != null && look.precedence() > op.precedence()) {
                rhs = precedence(rhs, look.precedence());
                look = binaryOperator(peek().type());
            }
            boolean multi = hasNewLine(lhs.position().offset(), rhs.position().offset());
            lhs = measured(opTok, new Expr.Binary(pos(opTok), op, lhs, rhs, false, multi),
                    1 + Math.max(height(lhs), height(rhs)));
        }
        return lhs;
    }

    private Expr primary() {
        enter(peek());
        try {
            return primaryBody();
        } finally {
            depth--;
        }
    }

    private Expr primaryBody() {
        Token t = peek();
        switch (t.type()) {
            case LPAREN -> {
                next();
                Expr e = primaryExpr();
                if (e instanceof Expr.Binary b) {
                    e = measured(t, b.withParens(true), height(b));
                }
                expect(TokenType.RPAREN);
                return e;
            }
            case NUMBER -> {
                next();
                return number(t);
            }
            case STRING -> {
                next();
                return string(t);
            }
            case TRUE, FALSE -> {
                next();
                return new Expr.BoolLit(pos(t), t.type() == TokenType.TRUE);
            }
            case DURATION -> {
                next();
                return new Expr.DurationLit(pos(t), durationNanos(t), t.text());
            }
            case REGEX -> {
                next();
                String lit = t.text().substring(1, t.text().length() - 1);
                Expr.RegexLit r = new Expr.RegexLit(pos(t), lit);
                try {
                    r.compile();
                } catch (PatternSyntaxException e) {
                    throw new TickscriptException(t.line(), t.column(), "invalid regex /" + lit + "/: "
                            + e.getDescription());
                }
                return r;
            }
            case STAR -> {
                next();
                return new Expr.Star(pos(t));
            }
            case REFERENCE -> {
                next();
                return new Expr.Reference(pos(t), unquoteRef(t.text()));
            }
            case IDENT -> {
                if (peek2().type() == TokenType.LPAREN) {
                    return call(false);
                }
                next();
                return new Expr.Identifier(pos(t), t.text());
            }
            case MINUS, NOT -> {
                next();
                Expr operand = primary();
                return measured(t, new Expr.Unary(pos(t), t.type() == TokenType.MINUS ? Operator.MINUS
                        : Operator.NOT, operand), 1 + height(operand));
            }
            default -> throw unexpected(t, "expression");
        }
    }

    // ---------------------------------------------------------------- literals

    private static Expr number(Token t) {
        String s = t.text();
        if (s.indexOf('.') >= 0) {
            return new Expr.FloatLit(pos(t), Double.parseDouble(s));
        }
        boolean octal = s.length() > 1 && s.charAt(0) == '0';
        try {
            BigInteger v = new BigInteger(octal ? s.substring(1) : s, octal ? 8 : 10);
            return new Expr.IntLit(pos(t), v.longValueExact(), octal);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TickscriptException(t.line(), t.column(), "illegal number syntax: " + Token.quote(s));
        }
    }

    private static Expr.StringLit string(Token t) {
        String s = t.text();
        if (s.length() >= 6 && s.startsWith("'''")) {
            return new Expr.StringLit(pos(t), s.substring(3, s.length() - 3), true);
        }
        return new Expr.StringLit(pos(t), s.substring(1, s.length() - 1).replace("\\'", "'"), false);
    }

    private static String unquoteRef(String s) {
        return s.substring(1, s.length() - 1).replace("\\\"", "\"");
    }

    /** Parses a duration literal such as {@code 10s}, {@code 5ms}, {@code 1u}/{@code 1µ}, {@code 2w} to nanoseconds. */
    static long durationNanos(Token t) {
        String s = t.text();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        String unit = s.substring(i);
        long mult = switch (unit) {
            case "u", "µ" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            case "w" -> 604_800_000_000_000L;
            default -> throw new TickscriptException(t.line(), t.column(), "invalid duration " + Token.quote(s));
        };
        try {
            return Math.multiplyExact(Long.parseLong(s.substring(0, i)), mult);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new TickscriptException(t.line(), t.column(), "duration out of range " + Token.quote(s));
        }
    }
}
