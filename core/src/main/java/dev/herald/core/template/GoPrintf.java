package dev.herald.core.template;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Go's {@code fmt.Sprintf}, {@code fmt.Sprint} and {@code fmt.Sprintln} for the values templates see. */
final class GoPrintf {

    private GoPrintf() {
    }

    /** One verb's flags, width and precision. */
    private static final class Spec {
        boolean minus;
        boolean plus;
        boolean sharp;
        boolean space;
        boolean zero;
        int width = -1;
        int prec = -1;
        char verb;
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder(format.length() + 16);
        int argNum = 0;
        int n = format.length();
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                int next = format.indexOf('%', i);
                if (next < 0) {
                    next = n;
                }
                out.append(format, i, next);
                i = next;
                continue;
            }
            i++;
            Spec spec = new Spec();
            flags:
            while (i < n) {
                switch (format.charAt(i)) {
                    case '#' -> spec.sharp = true;
                    case '0' -> spec.zero = true;
                    case '+' -> spec.plus = true;
                    case '-' -> spec.minus = true;
                    case ' ' -> spec.space = true;
                    default -> {
                        break flags;
                    }
                }
                i++;
            }
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (argNum < args.size() && Values.kind(args.get(argNum)) == Values.Kind.INT
                        && !tooLarge(((Number) args.get(argNum)).longValue())) {
                    spec.width = (int) ((Number) args.get(argNum++)).longValue();
                    if (spec.width < 0) {
                        spec.minus = true;
                        spec.width = -spec.width;
                    }
                } else {
                    out.append("%!(BADWIDTH)");
                    argNum++;
                }
            } else {
                long num = parseNum(format, i, n);
                i = (int) (num >>> 32);
                if ((int) num >= 0) {
                    spec.width = (int) num;
                }
            }
            if (i < n && format.charAt(i) == '.') {
                i++;
                if (i < n && format.charAt(i) == '*') {
                    i++;
                    if (argNum < args.size() && Values.kind(args.get(argNum)) == Values.Kind.INT
                            && !tooLarge(((Number) args.get(argNum)).longValue())) {
                        spec.prec = (int) ((Number) args.get(argNum++)).longValue();
                        if (spec.prec < 0) {
                            spec.prec = -1;
                        }
                    } else {
                        out.append("%!(BADPREC)");
                        argNum++;
                    }
                } else {
                    long num = parseNum(format, i, n);
                    i = (int) (num >>> 32);
                    spec.prec = Math.max(0, (int) num);
                }
            }
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argNum >= args.size()) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            spec.verb = verb > 0xffff ? '?' : (char) verb;
            if (spec.minus) {
                spec.zero = false;
            }
            formatArg(out, args.get(argNum++), spec);
        }
        if (argNum < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argNum; k < args.size(); k++) {
                if (k > argNum) {
                    out.append(", ");
                }
                Object arg = args.get(k);
                if (arg == null) {
                    out.append("<nil>");
                } else {
                    out.append(Values.typeName(arg)).append('=');
                    GoFormat.appendValue(out, arg);
                }
            }
            out.append(')');
        }
        return out.toString();
    }

    /** {@code fmt.Sprint}: spaces between operands when neither side is a string. */
    static String sprint(List<Object> args) {
        StringBuilder out = new StringBuilder();
        boolean prevString = false;
        for (int k = 0; k < args.size(); k++) {
            Object arg = args.get(k);
            boolean isString = arg instanceof String;
            if (k > 0 && !isString && !prevString) {
                out.append(' ');
            }
            GoFormat.appendValue(out, arg);
            prevString = isString;
        }
        return out.toString();
    }

    /** {@code fmt.Sprintln}: spaces between all operands, then a newline. */
    static String sprintln(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < args.size(); k++) {
            if (k > 0) {
                out.append(' ');
            }
            GoFormat.appendValue(out, args.get(k));
        }
        return out.append('\n').toString();
    }

    private static void formatArg(StringBuilder out, Object arg, Spec spec) {
        char verb = spec.verb;
        if (verb == 'T') {
            pad(out, Values.typeName(arg), spec);
            return;
        }
        if (arg == null) {
            if (verb == 'v') {
                pad(out, "<nil>", spec);
            } else {
                badVerb(out, arg, verb);
            }
            return;
        }
        if (arg instanceof Boolean b) {
            if (verb == 'v' || verb == 't') {
                pad(out, b.toString(), spec);
            } else {
                badVerb(out, arg, verb);
            }
        } else if (Values.kind(arg) == Values.Kind.INT) {
            formatInteger(out, arg, ((Number) arg).longValue(), spec);
        } else if (arg instanceof Double || arg instanceof Float) {
            formatFloat(out, arg, spec);
        } else if (arg instanceof String s) {
            formatString(out, arg, s, spec);
        } else if (arg instanceof Duration || arg instanceof Instant || arg instanceof Enum<?>) {
            // Go types with a String method (time.Duration, time.Time, Kapacitor's levels).
            switch (verb) {
                case 'v', 's', 'q', 'x', 'X' -> formatString(out, arg, GoFormat.value(arg), spec);
                default -> {
                    if (arg instanceof Duration d) {
                        formatInteger(out, arg, d.toNanos(), spec);
                    } else if (arg instanceof Enum<?> e) {
                        formatInteger(out, arg, e.ordinal(), spec);
                    } else {
                        badVerb(out, arg, verb);
                    }
                }
            }
        } else if (arg instanceof Map<?, ?> map) {
            StringBuilder inner = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> entry : Values.sortedEntries(map)) {
                if (!first) {
                    inner.append(' ');
                }
                first = false;
                formatArg(inner, entry.getKey(), spec);
                inner.append(':');
                formatArg(inner, entry.getValue(), spec);
            }
            out.append(inner.append(']'));
        } else if (GoFormat.elements(arg) != null) {
            StringBuilder inner = new StringBuilder("[");
            boolean first = true;
            for (Object e : GoFormat.elements(arg)) {
                if (!first) {
                    inner.append(' ');
                }
                first = false;
                formatArg(inner, e, spec);
            }
            out.append(inner.append(']'));
        } else if (verb == 'v' || verb == 's') {
            pad(out, arg.toString(), spec);
        } else {
            badVerb(out, arg, verb);
        }
    }

    private static void badVerb(StringBuilder out, Object arg, char verb) {
        out.append("%!").append(verb).append('(');
        if (arg == null) {
            out.append("<nil>");
        } else {
            out.append(Values.typeName(arg)).append('=');
            GoFormat.appendValue(out, arg);
        }
        out.append(')');
    }

    private static void formatInteger(StringBuilder out, Object arg, long v, Spec spec) {
        String digits;
        String prefix = "";
        switch (spec.verb) {
            case 'v', 'd' -> digits = unsignedDigits(v, 10);
            case 'b' -> digits = unsignedDigits(v, 2);
            case 'o', 'O' -> {
                digits = unsignedDigits(v, 8);
                if (spec.verb == 'O') {
                    prefix = "0o";
                } else if (spec.sharp) {
                    prefix = "0";
                }
            }
            case 'x' -> {
                digits = unsignedDigits(v, 16);
                prefix = spec.sharp ? "0x" : "";
            }
            case 'X' -> {
                digits = unsignedDigits(v, 16).toUpperCase();
                prefix = spec.sharp ? "0X" : "";
            }
            case 'c' -> {
                pad(out, validCodePoint(v) ? new String(Character.toChars((int) v)) : "\uFFFD", spec);
                return;
            }
            case 'q' -> {
                pad(out, quoteRune(v), spec);
                return;
            }
            case 'U' -> {
                String hex = Long.toHexString(v).toUpperCase();
                StringBuilder u = new StringBuilder("U+");
                for (int k = hex.length(); k < 4; k++) {
                    u.append('0');
                }
                u.append(hex);
                if (spec.sharp && validCodePoint(v)) {
                    u.append(" '").appendCodePoint((int) v).append('\'');
                }
                pad(out, u.toString(), spec);
                return;
            }
            default -> {
                badVerb(out, arg, spec.verb);
                return;
            }
        }
        if (spec.prec >= 0) {
            if (spec.prec == 0 && v == 0) {
                digits = "";
            }
            StringBuilder padded = new StringBuilder();
            for (int k = digits.length(); k < spec.prec; k++) {
                padded.append('0');
            }
            digits = padded.append(digits).toString();
        }
        String sign = v < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        appendNumber(out, sign + prefix, digits, spec, spec.prec < 0);
    }

    private static boolean validCodePoint(long v) {
        return v >= 0 && v <= Character.MAX_CODE_POINT && !(v >= 0xD800 && v <= 0xDFFF);
    }

    private static String unsignedDigits(long v, int radix) {
        if (v == Long.MIN_VALUE) {
            return Long.toUnsignedString(v, radix);
        }
        return Long.toString(Math.abs(v), radix);
    }

    private static void formatFloat(StringBuilder out, Object arg, Spec spec) {
        double v = ((Number) arg).doubleValue();
        String text;
        switch (spec.verb) {
            case 'v', 'g' -> text = spec.prec < 0 && arg instanceof Float f ? GoNumbers.formatG32(f)
                    : GoNumbers.formatG(v, spec.prec, false);
            case 'G' -> text = GoNumbers.formatG(v, spec.prec, true);
            case 'e' -> text = GoNumbers.formatE(v, spec.prec, false);
            case 'E' -> text = GoNumbers.formatE(v, spec.prec, true);
            case 'f', 'F' -> text = GoNumbers.formatF(v, spec.prec);
            default -> {
                badVerb(out, arg, spec.verb);
                return;
            }
        }
        String sign = "";
        if (text.startsWith("-")) {
            sign = "-";
            text = text.substring(1);
        } else if (text.startsWith("+")) {
            sign = "+";
            text = text.substring(1);
        } else if (spec.plus) {
            sign = "+";
        } else if (spec.space) {
            sign = " ";
        }
        boolean finite = !Double.isNaN(v) && !Double.isInfinite(v);
        appendNumber(out, sign, text, spec, finite);
    }

    private static void appendNumber(StringBuilder out, String sign, String digits, Spec spec, boolean zeroOk) {
        int len = sign.length() + digits.length();
        if (spec.width > len && !spec.minus && spec.zero && zeroOk) {
            out.append(sign);
            for (int k = len; k < spec.width; k++) {
                out.append('0');
            }
            out.append(digits);
            return;
        }
        pad(out, sign + digits, spec);
    }

    private static void formatString(StringBuilder out, Object arg, String s, Spec spec) {
        switch (spec.verb) {
            case 'v', 's' -> pad(out, truncate(s, spec.prec), spec);
            case 'q' -> pad(out, quote(truncate(s, spec.prec)), spec);
            case 'x', 'X' -> {
                byte[] bytes = truncate(s, spec.prec).getBytes(StandardCharsets.UTF_8);
                StringBuilder hex = new StringBuilder();
                String digits = spec.verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
                for (int k = 0; k < bytes.length; k++) {
                    if (spec.space && k > 0) {
                        hex.append(' ');
                    }
                    if (spec.sharp && (spec.space || k == 0)) {
                        hex.append(spec.verb == 'x' ? "0x" : "0X");
                    }
                    hex.append(digits.charAt((bytes[k] >> 4) & 0xf)).append(digits.charAt(bytes[k] & 0xf));
                }
                pad(out, hex.toString(), spec);
            }
            default -> badVerb(out, arg, spec.verb);
        }
    }

    private static String truncate(String s, int prec) {
        if (prec < 0 || s.codePointCount(0, s.length()) <= prec) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, prec));
    }

    private static void pad(StringBuilder out, String s, Spec spec) {
        int count = s.codePointCount(0, s.length());
        if (spec.width <= count) {
            out.append(s);
            return;
        }
        if (spec.minus) {
            out.append(s);
        }
        for (int k = count; k < spec.width; k++) {
            out.append(' ');
        }
        if (!spec.minus) {
            out.append(s);
        }
    }

    /** Go's {@code strconv.Quote}. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> appendEscapedRune(out, cp, '"'));
        return out.append('"').toString();
    }

    /** Go's {@code strconv.QuoteRune} for {@code %q} of an integer. */
    private static String quoteRune(long v) {
        int cp = validCodePoint(v) ? (int) v : 0xFFFD;
        StringBuilder out = new StringBuilder().append('\'');
        appendEscapedRune(out, cp, '\'');
        return out.append('\'').toString();
    }

    private static void appendEscapedRune(StringBuilder out, int cp, char quote) {
        if (cp == quote || cp == '\\') {
            out.append('\\').appendCodePoint(cp);
            return;
        }
        if (isPrint(cp)) {
            out.appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0b -> out.append("\\v");
            default -> {
                if (cp < ' ' || cp == 0x7f) {
                    out.append("\\x").append(hex(cp, 2));
                } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                    out.append("\\ufffd");
                } else if (cp < 0x10000) {
                    out.append("\\u").append(hex(cp, 4));
                } else {
                    out.append("\\U").append(hex(cp, 8));
                }
            }
        }
    }

    private static String hex(int v, int width) {
        String h = Integer.toHexString(v);
        StringBuilder out = new StringBuilder();
        for (int k = h.length(); k < width; k++) {
            out.append('0');
        }
        return out.append(h).toString();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        if (cp < 0x20 || cp == 0x7f) {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                    Character.SURROGATE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    /** Go's fmt bound on widths and precisions: a larger one is not a number (so no giant padding). */
    private static boolean tooLarge(long x) {
        return x > 1_000_000 || x < -1_000_000;
    }

    /**
     * Go's {@code parsenum}: ASCII digits from {@code start}; returns the index after them in the high 32 bits and
     * the number in the low 32 bits, -1 when there are none. An overflowing number consumes the rest of the format
     * and is no number, as in Go.
     */
    private static long parseNum(String s, int start, int end) {
        int num = 0;
        boolean isNum = false;
        int i = start;
        for (; i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            if (tooLarge(num)) {
                return ((long) end << 32) | 0xFFFFFFFFL;
            }
            num = num * 10 + (s.charAt(i) - '0');
            isNum = true;
        }
        return ((long) i << 32) | ((isNum ? num : -1) & 0xFFFFFFFFL);
    }
}
