package dev.herald.core.template;

import java.util.ArrayList;
import java.util.List;

/** Splits template source into tokens, following Go's {@code text/template/parse} lexer. */
final class Lexer {

    enum Type {
        TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, IDENTIFIER, KEYWORD, FIELD, VARIABLE, DOT, NUMBER, CHAR_CONSTANT,
        STRING, RAW_STRING, BOOL, NIL, PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN, COMMA, CHAR, ERROR, EOF
    }

    /** A token: its type, text (for TEXT already trimmed) and offset in the source. */
    record Token(Type type, String text, int pos) {
        @Override
        public String toString() {
            return switch (type) {
                case EOF -> "EOF";
                case LEFT_DELIM, RIGHT_DELIM -> "<" + text + ">";
                case KEYWORD -> "<" + text + ">";
                case SPACE -> "space";
                default -> '"' + text + '"';
            };
        }
    }

    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";

    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String input) {
        this.input = input;
    }

    /**
     * All tokens; a lexical error becomes a final ERROR token, so that (as in Go, whose parser pulls tokens
     * lazily) a parse error in an earlier token is reported first.
     */
    static List<Token> lex(String input) {
        Lexer lexer = new Lexer(input);
        try {
            lexer.run();
        } catch (LexError e) {
            lexer.tokens.add(new Token(Type.ERROR, e.getMessage(), e.pos));
        }
        return lexer.tokens;
    }

    /** Stops lexing at an error. */
    private static final class LexError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int pos;

        LexError(int pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlphaNumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private void run() {
        boolean trimNextText = false;
        while (true) {
            int delim = input.indexOf(LEFT, pos);
            int textEnd = delim < 0 ? input.length() : delim;
            boolean trimLeft = delim >= 0 && hasLeftTrimMarker(delim + LEFT.length());
            int start = pos;
            int end = textEnd;
            if (trimNextText) {
                while (start < end && isSpace(input.charAt(start))) {
                    start++;
                }
            }
            if (trimLeft) {
                while (end > start && isSpace(input.charAt(end - 1))) {
                    end--;
                }
            }
            if (end > start) {
                tokens.add(new Token(Type.TEXT, input.substring(start, end), start));
            }
            if (delim < 0) {
                tokens.add(new Token(Type.EOF, "", input.length()));
                return;
            }
            pos = delim + LEFT.length();
            if (trimLeft) {
                pos += 1;
            }
            trimNextText = lexAction(delim);
        }
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
    }

    /** 0 when not at a right delimiter, 1 at a plain one, 2 at one with a trim marker. */
    private int atRightDelim() {
        if (pos + 1 < input.length() && isSpace(input.charAt(pos)) && input.charAt(pos + 1) == '-'
                && input.startsWith(RIGHT, pos + 2)) {
            return 2;
        }
        return input.startsWith(RIGHT, pos) ? 1 : 0;
    }

    /** Lexes one action starting after its left delimiter; returns whether it ended with a trim marker. */
    private boolean lexAction(int delimPos) {
        // A comment must directly follow the delimiter (after a trim marker's space).
        int afterSpace = pos;
        if (afterSpace > delimPos + LEFT.length()) {
            while (afterSpace < input.length() && isSpace(input.charAt(afterSpace))) {
                afterSpace++;
            }
        }
        if (input.startsWith("/*", afterSpace)) {
            int close = input.indexOf("*/", afterSpace + 2);
            if (close < 0) {
                throw new LexError(delimPos, "unclosed comment");
            }
            pos = close + 2;
            int right = atRightDelim();
            if (right == 0) {
                throw new LexError(delimPos, "comment ends before closing delimiter");
            }
            pos += right == 2 ? 2 + RIGHT.length() : RIGHT.length();
            return right == 2;
        }
        tokens.add(new Token(Type.LEFT_DELIM, LEFT, delimPos));
        int parenDepth = 0;
        while (true) {
            int right = atRightDelim();
            if (right != 0) {
                if (parenDepth > 0) {
                    throw new LexError(pos, "unclosed left paren");
                }
                if (right == 2) {
                    tokens.add(new Token(Type.SPACE, " ", pos));
                    pos += 2;
                }
                tokens.add(new Token(Type.RIGHT_DELIM, RIGHT, pos));
                pos += RIGHT.length();
                return right == 2;
            }
            if (pos >= input.length()) {
                throw new LexError(delimPos, "unclosed action");
            }
            char c = input.charAt(pos);
            int start = pos;
            if (isSpace(c)) {
                while (pos < input.length() && isSpace(input.charAt(pos)) && atRightDelim() != 2) {
                    pos++;
                }
                if (pos == start) {
                    // At " -}}": let the loop handle it.
                    continue;
                }
                tokens.add(new Token(Type.SPACE, input.substring(start, pos), start));
            } else if (c == '=') {
                pos++;
                tokens.add(new Token(Type.ASSIGN, "=", start));
            } else if (c == ':') {
                if (pos + 1 >= input.length() || input.charAt(pos + 1) != '=') {
                    throw new LexError(pos, "expected :=");
                }
                pos += 2;
                tokens.add(new Token(Type.DECLARE, ":=", start));
            } else if (c == '|') {
                pos++;
                tokens.add(new Token(Type.PIPE, "|", start));
            } else if (c == '"') {
                lexQuote(start);
            } else if (c == '`') {
                int close = input.indexOf('`', pos + 1);
                if (close < 0) {
                    throw new LexError(start, "unterminated raw quoted string");
                }
                pos = close + 1;
                tokens.add(new Token(Type.RAW_STRING, input.substring(start, pos), start));
            } else if (c == '$') {
                pos++;
                while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                    pos++;
                }
                tokens.add(new Token(Type.VARIABLE, input.substring(start, pos), start));
            } else if (c == '\'') {
                lexChar(start);
            } else if (c == '.') {
                if (pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1))) {
                    lexNumber(start);
                } else {
                    pos++;
                    while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                        pos++;
                    }
                    if (pos == start + 1) {
                        tokens.add(new Token(Type.DOT, ".", start));
                    } else {
                        tokens.add(new Token(Type.FIELD, input.substring(start, pos), start));
                    }
                }
            } else if (c == '+' || c == '-' || Character.isDigit(c)) {
                lexNumber(start);
            } else if (isAlphaNumeric(c)) {
                while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                    pos++;
                }
                String word = input.substring(start, pos);
                Type type = switch (word) {
                    case "true", "false" -> Type.BOOL;
                    case "nil" -> Type.NIL;
                    case "if", "else", "end", "range", "with", "break", "continue", "define", "template",
                            "block" -> Type.KEYWORD;
                    default -> Type.IDENTIFIER;
                };
                tokens.add(new Token(type, word, start));
            } else if (c == '(') {
                pos++;
                parenDepth++;
                tokens.add(new Token(Type.LEFT_PAREN, "(", start));
            } else if (c == ')') {
                pos++;
                parenDepth--;
                if (parenDepth < 0) {
                    throw new LexError(start, "unexpected right paren");
                }
                tokens.add(new Token(Type.RIGHT_PAREN, ")", start));
            } else if (c == ',') {
                pos++;
                tokens.add(new Token(Type.COMMA, ",", start));
            } else if (c < 0x80 && GoPrintf.isPrint(c)) {
                pos++;
                tokens.add(new Token(Type.CHAR, String.valueOf(c), start));
            } else {
                int cp = input.codePointAt(start);
                throw new LexError(start, String.format("bad character U+%04X '%s'", cp, new String(Character.toChars(cp))));
            }
        }
    }

    private void lexQuote(int start) {
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw new LexError(start, "unterminated quoted string");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (pos >= input.length() || input.charAt(pos) == '\n') {
                    throw new LexError(start, "unterminated quoted string");
                }
                pos++;
            } else if (c == '"') {
                break;
            }
        }
        tokens.add(new Token(Type.STRING, input.substring(start, pos), start));
    }

    private void lexChar(int start) {
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw new LexError(start, "unterminated character constant");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (pos >= input.length() || input.charAt(pos) == '\n') {
                    throw new LexError(start, "unterminated character constant");
                }
                pos++;
            } else if (c == '\'') {
                break;
            }
        }
        tokens.add(new Token(Type.CHAR_CONSTANT, input.substring(start, pos), start));
    }

    private void lexNumber(int start) {
        if (input.charAt(pos) == '+' || input.charAt(pos) == '-') {
            pos++;
        }
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (isAlphaNumeric(c) || c == '.') {
                pos++;
            } else if ((c == '+' || c == '-') && "eEpP".indexOf(input.charAt(pos - 1)) >= 0
                    && !input.startsWith("0x", start) && !input.startsWith("0X", start)) {
                pos++;
            } else if ((c == '+' || c == '-') && "pP".indexOf(input.charAt(pos - 1)) >= 0) {
                pos++;
            } else {
                break;
            }
        }
        String text = input.substring(start, pos);
        if (Literals.parseNumber(text) == null) {
            throw new LexError(start, "bad number syntax: \"" + text + "\"");
        }
        tokens.add(new Token(Type.NUMBER, text, start));
    }
}
