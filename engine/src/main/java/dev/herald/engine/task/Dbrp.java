package dev.herald.engine.task;

import java.util.Objects;

/**
 * A database and retention policy a task reads from ({@code "telegraf"."autogen"}).
 *
 * @param db database
 * @param rp retention policy
 */
public record Dbrp(String db, String rp) {
    public Dbrp {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(rp, "rp");
    }

    /** Parses {@code db.rp} as the CLI's {@code -dbrp} flag writes it (quotes allowed). */
    public static Dbrp parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("invalid dbrp \"" + text + "\": expected database.retention_policy");
        }
        return new Dbrp(unquote(text.substring(0, dot)), unquote(text.substring(dot + 1)));
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "\"" + db + "\".\"" + rp + "\"";
    }
}
