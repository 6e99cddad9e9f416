package dev.herald.engine.tick.ast;

/** Unary and binary operators with Kapacitor's precedence (higher binds tighter). */
public enum Operator {
    OR("OR", 0), AND("AND", 1),
    EQ("==", 2), NE("!=", 2), REGEX_EQ("=~", 2), REGEX_NE("!~", 2),
    GT(">", 3), GE(">=", 3), LT("<", 3), LE("<=", 3),
    PLUS("+", 4), MINUS("-", 4),
    MULT("*", 5), DIV("/", 5), MOD("%", 5),
    NOT("!", -1);

    private final String symbol;
    private final int precedence;

    Operator(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isLogical() {
        return this == OR || this == AND;
    }

    public boolean isComparison() {
        return precedence == 2 || precedence == 3;
    }

    public boolean isMath() {
        return precedence == 4 || precedence == 5;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
