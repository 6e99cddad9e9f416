package dev.herald.engine.tick;

record Token(TokenType type, String text, int offset, int line, int column) {
    /** How the token is shown in error messages. */
    String describe() {
        return switch (type) {
            case EOF -> "end of input";
            case IDENT, NUMBER, DURATION, STRING, REFERENCE, REGEX -> type.display + " " + quote(text);
            default -> quote(text);
        };
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }
}
