package dev.herald.engine.tick;

enum TokenType {
    EOF("end of input"), VAR("var"), DBRP("dbrp"), ASSIGN("="), DOT("."), PIPE("|"), AT("@"), IDENT("identifier"),
    REFERENCE("reference"), LAMBDA("lambda:"), NUMBER("number"), STRING("string"), DURATION("duration"),
    LPAREN("("), RPAREN(")"), LBRACKET("["), RBRACKET("]"), COMMA(","), NOT("!"), TRUE("TRUE"), FALSE("FALSE"),
    REGEX("regex"), STAR("*"),
    PLUS("+"), MINUS("-"), MULT("*"), DIV("/"), MOD("%"), AND("AND"), OR("OR"),
    EQ("=="), NE("!="), LT("<"), GT(">"), LE("<="), GE(">="), REGEX_EQ("=~"), REGEX_NE("!~");

    final String display;

    TokenType(String display) {
        this.display = display;
    }

    boolean isBinaryOperator() {
        return ordinal() >= PLUS.ordinal();
    }
}
