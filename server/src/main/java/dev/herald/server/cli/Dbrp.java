package dev.herald.server.cli;

import java.util.List;

/** A database and retention policy pair, as {@code {"db": ..., "rp": ...}} on the wire. */
record Dbrp(String db, String rp) {

    /** Kapacitor's rendering: both parts Go-quoted, {@code "db"."rp"}. */
    @Override
    public String toString() {
        return GoFmt.quote(db) + "." + GoFmt.quote(rp);
    }

    /** {@code fmt.Sprint} of a slice of pairs: {@code ["db"."rp" "db2"."rp2"]}. */
    static String listToString(List<Dbrp> dbrps) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dbrps.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(dbrps.get(i));
        }
        return b.append(']').toString();
    }

    /**
     * Parses the {@code -dbrp} argument {@code db.rp}; either part may be double-quoted (with
     * {@code \"} escapes inside) so it can contain dots.
     */
    static Dbrp parse(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("dbrp cannot be empty");
        }
        String db;
        int n;
        if (value.charAt(0) == '"') {
            int[] consumed = new int[1];
            db = unquote(value, consumed);
            n = consumed[0];
        } else {
            n = value.indexOf('.');
            if (n == -1) {
                throw new IllegalArgumentException(
                        "does not contain a '.', it must be in the form \"dbname\".\"rpname\" where the quotes are optional.");
            }
            db = value.substring(0, n);
        }
        if (n >= value.length() || value.charAt(n) != '.') {
            throw new IllegalArgumentException(
                    "dbrp must specify retention policy, do you have a missing or extra '.'?");
        }
        String rest = value.substring(n + 1);
        String rp;
        if (!rest.isEmpty() && rest.charAt(0) == '"') {
            rp = unquote(rest, new int[1]);
        } else {
            rp = rest;
        }
        return new Dbrp(db, rp);
    }

    /** Reads a quoted string from the start of {@code txt}; {@code consumed[0]} gets the bytes read. */
    private static String unquote(String txt, int[] consumed) {
        char quote = txt.charAt(0);
        StringBuilder b = new StringBuilder();
        int i = 1;
        boolean closed = false;
        while (i < txt.length()) {
            char c = txt.charAt(i);
            if (c == '\\' && i + 1 < txt.length() && txt.charAt(i + 1) == quote) {
                b.append(quote);
                i += 2;
            } else if (c == quote) {
                closed = true;
                break;
            } else {
                b.append(c);
                i++;
            }
        }
        if (!closed) {
            throw new IllegalArgumentException("unterminated quoted name in " + txt);
        }
        consumed[0] = i + 1;
        return b.toString();
    }
}
