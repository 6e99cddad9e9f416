package dev.herald.core.template;

/** Go literal syntax: numbers, interpreted and raw strings, character constants. */
final class Literals {

    private Literals() {
    }

    /**
     * The value of a Go number literal as a template uses it: {@link Long} for an integer, {@link Double} when
     * the text has a fraction or exponent (Go's {@code float64} constants), null when malformed.
     */
    static Object parseNumber(String text) {
        String t = text.replace("_", "");
        if (t.isEmpty() || t.contains("_")) {
            return null;
        }
        boolean negative = false;
        String body = t;
        if (body.startsWith("+") || body.startsWith("-")) {
            negative = body.charAt(0) == '-';
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        String lower = body.toLowerCase();
        try {
            if (lower.startsWith("0x")) {
                if (lower.contains("p") || lower.contains(".")) {
                    String f = lower.contains("p") ? lower : lower + "p0";
                    double d = Double.parseDouble(f);
                    return negative ? -d : d;
                }
                return signed(Long.parseUnsignedLong(lower.substring(2), 16), negative);
            }
            if (lower.startsWith("0b")) {
                return signed(Long.parseUnsignedLong(lower.substring(2), 2), negative);
            }
            if (lower.startsWith("0o")) {
                return signed(Long.parseUnsignedLong(lower.substring(2), 8), negative);
            }
            if (lower.contains(".") || lower.contains("e")) {
                for (int i = 0; i < lower.length(); i++) {
                    char c = lower.charAt(i);
                    if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == '+' || c == '-')) {
                        return null;
                    }
                }
                double d = Double.parseDouble(lower);
                return negative ? -d : d;
            }
            for (int i = 0; i < lower.length(); i++) {
                if (!Character.isDigit(lower.charAt(i))) {
                    return null;
                }
            }
            if (lower.length() > 1 && lower.charAt(0) == '0') {
                return signed(Long.parseUnsignedLong(lower.substring(1), 8), negative);
            }
            try {
                return signed(Long.parseLong(lower), negative);
            } catch (NumberFormatException tooBig) {
                double d = Double.parseDouble(lower);
                return negative ? -d : d;
            }
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object signed(long v, boolean negative) {
        if (v < 0) {
            return null;
        }
        return negative ? -v : v;
    }

    /** Go's {@code strconv.Unquote} of a {@code "..."} or raw {@code `...`} literal; null when malformed. */
    static String unquote(String literal) {
        if (literal.startsWith("`")) {
            return literal.substring(1, literal.length() - 1).replace("\r", "");
        }
        StringBuilder out = new StringBuilder(literal.length());
        String body = literal.substring(1, literal.length() - 1);
        int[] index = {0};
        while (index[0] < body.length()) {
            if (!appendUnquotedChar(out, body, index, '"')) {
                return null;
            }
        }
        return out.toString();
    }

    /** The code point of a character constant such as {@code 'a'} or {@code '\n'}; -1 when malformed. */
    static int unquoteChar(String literal) {
        String body = literal.substring(1, literal.length() - 1);
        StringBuilder out = new StringBuilder();
        int[] index = {0};
        if (body.isEmpty() || !appendUnquotedChar(out, body, index, '\'') || index[0] != body.length()) {
            return -1;
        }
        int cp = out.codePointAt(0);
        return Character.charCount(cp) == out.length() ? cp : -1;
    }

    private static boolean appendUnquotedChar(StringBuilder out, String s, int[] index, char quote) {
        int i = index[0];
        char c = s.charAt(i);
        if (c == quote && quote == '"') {
            return false;
        }
        if (c != '\\') {
            out.append(c);
            index[0] = i + 1;
            return true;
        }
        if (i + 1 >= s.length()) {
            return false;
        }
        char e = s.charAt(i + 1);
        i += 2;
        switch (e) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\\' -> out.append('\\');
            case '"', '\'' -> {
                if (e != quote) {
                    return false;
                }
                out.append(e);
            }
            case 'x', 'u', 'U' -> {
                int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + len > s.length()) {
                    return false;
                }
                int v;
                try {
                    v = Integer.parseUnsignedInt(s.substring(i, i + len), 16);
                } catch (NumberFormatException ex) {
                    return false;
                }
                i += len;
                if (e == 'x') {
                    // A byte; as Go strings are bytes, only ASCII is representable exactly here.
                    out.append((char) v);
                } else {
                    if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
                        return false;
                    }
                    out.appendCodePoint(v);
                }
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    if (i + 2 > s.length()) {
                        return false;
                    }
                    String oct = s.substring(i - 1, i + 2);
                    int v;
                    try {
                        v = Integer.parseInt(oct, 8);
                    } catch (NumberFormatException ex) {
                        return false;
                    }
                    if (v > 255) {
                        return false;
                    }
                    i += 2;
                    out.append((char) v);
                } else {
                    return false;
                }
            }
        }
        index[0] = i;
        return true;
    }
}
