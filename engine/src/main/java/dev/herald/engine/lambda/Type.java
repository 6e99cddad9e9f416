package dev.herald.engine.lambda;

/** Value types of the lambda language (Kapacitor's names). */
public enum Type {
    BOOL("boolean"), INT("int"), FLOAT("float"), STRING("string"), DURATION("duration"), REGEX("regex"),
    TIME("time"), MISSING("missing");

    private final String display;

    Type(String display) {
        this.display = display;
    }

    boolean isNumeric() {
        return this == INT || this == FLOAT;
    }

    /** The runtime type of a value: Boolean, Long (or Integer), Double, String, Duration, Pattern, Instant. */
    static Type of(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return FLOAT;
        }
        if (v instanceof Long || v instanceof Integer) {
            return INT;
        }
        if (v instanceof String) {
            return STRING;
        }
        if (v instanceof Boolean) {
            return BOOL;
        }
        if (v instanceof java.time.Duration) {
            return DURATION;
        }
        if (v instanceof com.google.re2j.Pattern) {
            return REGEX;
        }
        if (v instanceof java.time.Instant) {
            return TIME;
        }
        return null;
    }

    @Override
    public String toString() {
        return display;
    }
}
