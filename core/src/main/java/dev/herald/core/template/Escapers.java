package dev.herald.core.template;

import java.nio.charset.StandardCharsets;

/** Go's template escapers: text/template's {@code html}, {@code js}, {@code urlquery}, and html/template's. */
final class Escapers {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Escapers() {
    }

    /** text/template {@code HTMLEscapeString}: {@code " ' & < >} and NUL. */
    static String html(String s) {
        return replace(s, false);
    }

    /** html/template's escaping of a value printed in HTML text: as {@link #html} plus {@code +} as {@code &#43;}. */
    static String htmlTemplate(String s) {
        return replace(s, true);
    }

    private static String replace(String s, boolean plus) {
        int i = 0;
        int n = s.length();
        while (i < n && !special(s.charAt(i), plus)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        // Appending char by char: StringBuilder's append(CharSequence, start, end) copies a String one checked
        // char at a time, which showed up in profiles of the details template.
        StringBuilder out = new StringBuilder(n + 32);
        out.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case 0 -> out.append('\uFFFD');
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '+' -> {
                    if (plus) {
                        out.append("&#43;");
                    } else {
                        out.append(c);
                    }
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean special(char c, boolean plus) {
        return c == 0 || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' || (plus && c == '+');
    }

    /** text/template {@code JSEscapeString}. */
    static String js(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '<' -> out.append("\\u003C");
                case '>' -> out.append("\\u003E");
                case '&' -> out.append("\\u0026");
                case '=' -> out.append("\\u003D");
                default -> {
                    if (cp < ' ') {
                        out.append("\\u00").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
                    } else if (cp < 0x80 || GoPrintf.isPrint(cp)) {
                        out.appendCodePoint(cp);
                    } else {
                        String hex = Integer.toHexString(cp).toUpperCase();
                        out.append("\\u");
                        for (int k = hex.length(); k < 4; k++) {
                            out.append('0');
                        }
                        out.append(hex);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Go's {@code url.QueryEscape}: unreserved bytes kept, space as {@code +}, the rest {@code %XX}. */
    static String urlQuery(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
