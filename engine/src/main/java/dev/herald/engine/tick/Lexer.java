package dev.herald.engine.tick;

import java.util.ArrayList;
import java.util.List;

/**
 * TICKscript lexer. Like Kapacitor's, it is context sensitive: after an operand (identifier, literal, reference,
 * closing parenthesis) a {@code /} is division and {@code *} multiplication; elsewhere they start a regex and are
 * the star token. Comments ({@code //} to end of line) are skipped.
 */
final class Lexer {
    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;
    private final List<Token> tokens = new ArrayList<>();
    private int tokLine;
    private int tokCol;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> lex(String src) {
        Lexer l = new Lexer(src);
        l.run();
        return l.tokens;
    }

    private TickscriptException error(int offset, String msg) {
        int ln = 1;
        int ls = 0;
        for (int i = 0; i < offset && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                ln++;
                ls = i + 1;
            }
        }
        return new TickscriptException(ln, offset - ls + 1, msg);
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private boolean afterOperand() {
        if (tokens.isEmpty()) {
            return false;
        }
        return switch (tokens.get(tokens.size() - 1).type()) {
            case IDENT, NUMBER, DURATION, STRING, REFERENCE, REGEX, RPAREN, TRUE, FALSE -> true;
            default -> false;
        };
    }

    private void emit(TokenType t, int start) {
        tokens.add(new Token(t, src.substring(start, pos), start, tokLine, tokCol));
    }

    private void run() {
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                tokens.add(new Token(TokenType.EOF, "", pos, line, pos - lineStart + 1));
                return;
            }
            int start = pos;
            tokLine = line;
            tokCol = pos - lineStart + 1;
            char c = src.charAt(pos);
            if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                number(start);
            } else if (Character.isLetter(c)) {
                identOrKeyword(start);
            } else if (c == '"') {
                reference(start);
            } else if (c == '\'') {
                string(start);
            } else if (c == '/') {
                if (afterOperand()) {
                    pos++;
                    emit(TokenType.DIV, start);
                } else {
                    regex(start);
                }
            } else if (c == '*') {
                pos++;
                emit(afterOperand() ? TokenType.MULT : TokenType.STAR, start);
            } else {
                operatorOrPunct(start, c);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && peek(1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private void operatorOrPunct(int start, char c) {
        pos++;
        TokenType t;
        switch (c) {
            case '(' -> t = TokenType.LPAREN;
            case ')' -> t = TokenType.RPAREN;
            case '[' -> t = TokenType.LBRACKET;
            case ']' -> t = TokenType.RBRACKET;
            case ',' -> t = TokenType.COMMA;
            case '|' -> t = TokenType.PIPE;
            case '@' -> t = TokenType.AT;
            case '.' -> t = TokenType.DOT;
            case '+' -> t = TokenType.PLUS;
            case '-' -> t = TokenType.MINUS;
            case '%' -> t = TokenType.MOD;
            case '!' -> {
                if (peek(0) == '=') {
                    pos++;
                    t = TokenType.NE;
                } else if (peek(0) == '~') {
                    pos++;
                    t = TokenType.REGEX_NE;
                } else {
                    t = TokenType.NOT;
                }
            }
            case '=' -> {
                if (peek(0) == '=') {
                    pos++;
                    t = TokenType.EQ;
                } else if (peek(0) == '~') {
                    pos++;
                    t = TokenType.REGEX_EQ;
                } else {
                    t = TokenType.ASSIGN;
                }
            }
            case '<' -> {
                if (peek(0) == '=') {
                    pos++;
                    t = TokenType.LE;
                } else {
                    t = TokenType.LT;
                }
            }
            case '>' -> {
                if (peek(0) == '=') {
                    pos++;
                    t = TokenType.GE;
                } else {
                    t = TokenType.GT;
                }
            }
            default -> throw error(start, "unexpected character " + Token.quote(String.valueOf(c)));
        }
        emit(t, start);
    }

    private void number(int start) {
        boolean decimal = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '.') {
                if (decimal) {
                    throw error(start, "multiple decimals in number");
                }
                decimal = true;
                pos++;
            } else if (Character.isDigit(c)) {
                pos++;
            } else if (!decimal && isDurationUnit(c)) {
                pos++;
                if (c == 'm' && peek(0) == 's') {
                    pos++;
                }
                emit(TokenType.DURATION, start);
                return;
            } else {
                break;
            }
        }
        emit(TokenType.NUMBER, start);
    }

    private static boolean isDurationUnit(char c) {
        return "uµsmhdw".indexOf(c) >= 0;
    }

    private void identOrKeyword(int start) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_') {
                pos++;
            } else {
                break;
            }
        }
        String word = src.substring(start, pos);
        TokenType t = switch (word) {
            case "AND" -> TokenType.AND;
            case "OR" -> TokenType.OR;
            case "TRUE" -> TokenType.TRUE;
            case "FALSE" -> TokenType.FALSE;
            case "var" -> TokenType.VAR;
            case "dbrp" -> TokenType.DBRP;
            case "lambda" -> {
                if (peek(0) == ':') {
                    pos++;
                    yield TokenType.LAMBDA;
                }
                yield TokenType.IDENT;
            }
            default -> TokenType.IDENT;
        };
        emit(t, start);
    }

    private void reference(int start) {
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw error(start, "unterminated field reference");
            }
            char c = src.charAt(pos++);
            if (c == '\\' && peek(0) == '"') {
                pos++;
            } else if (c == '"') {
                emit(TokenType.REFERENCE, start);
                return;
            } else if (c == '\n') {
                line++;
                lineStart = pos;
            }
        }
    }

    private void string(int start) {
        if (src.startsWith("'''", pos)) {
            int end = src.indexOf("'''", pos + 3);
            if (end < 0) {
                throw error(start, "unterminated string");
            }
            for (int i = pos; i < end; i++) {
                if (src.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            pos = end + 3;
            emit(TokenType.STRING, start);
            return;
        }
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw error(start, "unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == '\\' && peek(0) == '\'') {
                pos++;
            } else if (c == '\'') {
                emit(TokenType.STRING, start);
                return;
            } else if (c == '\n') {
                line++;
                lineStart = pos;
            }
        }
    }

    private void regex(int start) {
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw error(start, "unterminated regex");
            }
            char c = src.charAt(pos++);
            if (c == '\\' && peek(0) == '/') {
                pos++;
            } else if (c == '/') {
                emit(TokenType.REGEX, start);
                return;
            } else if (c == '\n') {
                throw error(start, "unterminated regex");
            }
        }
    }
}
