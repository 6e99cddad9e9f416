package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The handful of Go formatting behaviours the {@code kapacitor} CLI output depends on: {@code %-Ns}
 * padding, {@code %q} quoting, {@code %v} of floats and durations, {@code time.RFC822} and
 * {@code encoding/json}'s compact, key-sorted, HTML-escaped output.
 */
final class GoFmt {
    private GoFmt() {}

    private static final DateTimeFormatter RFC822_NO_ZONE =
            DateTimeFormatter.ofPattern("dd MMM yy HH:mm", Locale.ROOT);

    /** {@code %-Ns}: left-justify to {@code width} characters (code points, as Go counts runes). */
    static String padRight(String s, int width) {
        int n = s.codePointCount(0, s.length());
        if (n >= width) {
            return s;
        }
        StringBuilder b = new StringBuilder(width + s.length() - n);
        b.append(s);
        for (int i = n; i < width; i++) {
            b.append(' ');
        }
        return b.toString();
    }

    /** {@code %Ns}: right-justify to {@code width} characters. */
    static String padLeft(String s, int width) {
        int n = s.codePointCount(0, s.length());
        if (n >= width) {
            return s;
        }
        return " ".repeat(width - n) + s;
    }

    /** Go's {@code len(s)}: the UTF-8 byte length, which kapacitor uses to size columns. */
    static int byteLen(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Go's {@code strconv.Quote} for the characters that matter here. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 7 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 11 -> b.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        b.append(String.format("\\x%02x", cp));
                    } else if (!isPrintable(cp)) {
                        if (cp < 0x10000) {
                            b.append(String.format("\\u%04x", cp));
                        } else {
                            b.append(String.format("\\U%08x", cp));
                        }
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean isPrintable(int cp) {
        int type = Character.getType(cp);
        return cp == ' '
                || !(Character.isISOControl(cp)
                        || Character.isWhitespace(cp)
                        || type == Character.UNASSIGNED
                        || type == Character.FORMAT
                        || type == Character.SURROGATE
                        || type == Character.PRIVATE_USE
                        || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR
                        || type == Character.SPACE_SEPARATOR);
    }

    /** {@code %v} of a {@code float64} ({@code 1e+06} but {@code 123456}); core's Go formatting. */
    static String formatFloat(double d) {
        return dev.herald.core.template.GoFormat.value(d);
    }

    /** Go's {@code time.Duration.String()} for a nanosecond count; core's Go formatting. */
    static String formatDuration(long nanos) {
        return dev.herald.core.template.GoFormat.duration(java.time.Duration.ofNanos(nanos));
    }

    /**
     * InfluxQL duration literal ({@code 10s}, {@code 1h30m}, {@code 5m}, {@code 100ms}, {@code 2d},
     * {@code 1w}, {@code 10u}/{@code 10µ}, {@code 3ns}) to nanoseconds.
     */
    static long parseInfluxDuration(String s) {
        if (s.length() < 2) {
            throw new IllegalArgumentException("invalid duration");
        }
        boolean neg = false;
        int i = 0;
        if (s.charAt(0) == '-') {
            neg = true;
            i++;
        }
        long total = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i == s.length()) {
                throw new IllegalArgumentException("invalid duration");
            }
            long n = Long.parseLong(s.substring(start, i));
            long unit;
            char c = s.charAt(i);
            switch (c) {
                case 'n' -> {
                    if (i + 1 < s.length() && s.charAt(i + 1) == 's') {
                        unit = 1L;
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("invalid duration");
                    }
                }
                case 'u', 'µ' -> {
                    unit = 1_000L;
                    i++;
                }
                case 'm' -> {
                    if (i + 1 < s.length() && s.charAt(i + 1) == 's') {
                        unit = 1_000_000L;
                        i += 2;
                    } else {
                        unit = 60_000_000_000L;
                        i++;
                    }
                }
                case 's' -> {
                    unit = 1_000_000_000L;
                    i++;
                }
                case 'h' -> {
                    unit = 3_600_000_000_000L;
                    i++;
                }
                case 'd' -> {
                    unit = 86_400_000_000_000L;
                    i++;
                }
                case 'w' -> {
                    unit = 7 * 86_400_000_000_000L;
                    i++;
                }
                default -> throw new IllegalArgumentException("invalid duration");
            }
            total = Math.addExact(total, Math.multiplyExact(n, unit));
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("invalid duration");
        }
        return neg ? -total : total;
    }

    /**
     * {@code t.Format(time.RFC822)} for a timestamp exactly as Go would have parsed it from JSON:
     * {@code Z} stays UTC, an offset matching the local zone takes the local zone's abbreviation,
     * any other offset prints as {@code -0700}.
     */
    static String rfc822AsParsed(String rfc3339, ZoneId local) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return rfc822AsParsed("0001-01-01T00:00:00Z", local);
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(rfc3339);
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
        String zone;
        if (rfc3339.endsWith("Z") || rfc3339.endsWith("z")) {
            zone = "UTC";
        } else {
            ZoneOffset localOffset = local.getRules().getOffset(t.toInstant());
            if (localOffset.equals(t.getOffset())) {
                return rfc822Local(t.toInstant(), local);
            }
            zone = numericOffset(t.getOffset());
        }
        return RFC822_NO_ZONE.format(t) + " " + zone;
    }

    /** {@code t.Local().Format(time.RFC822)}. */
    static String rfc822Local(Instant instant, ZoneId local) {
        ZonedDateTime z = instant.atZone(local);
        return RFC822_NO_ZONE.format(z) + " " + zoneAbbrev(z);
    }

    static String rfc822Local(String rfc3339, ZoneId local) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            rfc3339 = "0001-01-01T00:00:00Z";
        }
        try {
            return rfc822Local(OffsetDateTime.parse(rfc3339).toInstant(), local);
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }

    private static String zoneAbbrev(ZonedDateTime z) {
        ZoneId id = z.getZone();
        if (id instanceof ZoneOffset off) {
            return off.getTotalSeconds() == 0 ? "UTC" : numericOffset(off);
        }
        if (id.getId().equals("UTC") || id.getId().equals("Etc/UTC") || id.getId().equals("Z")) {
            return "UTC";
        }
        boolean dst = id.getRules().isDaylightSavings(z.toInstant());
        java.util.TimeZone tz = java.util.TimeZone.getTimeZone(id);
        String name = tz.getDisplayName(dst, java.util.TimeZone.SHORT, Locale.ROOT);
        if (name.startsWith("GMT") && name.length() > 3) {
            // No abbreviation known: Go prints the numeric offset.
            return numericOffset(z.getOffset());
        }
        return name;
    }

    private static String numericOffset(ZoneOffset off) {
        int secs = off.getTotalSeconds();
        char sign = secs < 0 ? '-' : '+';
        secs = Math.abs(secs);
        return String.format("%c%02d%02d", sign, secs / 3600, (secs / 60) % 60);
    }

    /** Resolves the local zone the way Go does: {@code TZ} unset means the system zone, empty means UTC. */
    static ZoneId localZone(Map<String, String> env) {
        if (env == null || !env.containsKey("TZ")) {
            return ZoneId.systemDefault();
        }
        String tz = env.get("TZ");
        if (tz == null || tz.isEmpty()) {
            return ZoneOffset.UTC;
        }
        if (tz.startsWith(":")) {
            tz = tz.substring(1);
        }
        try {
            return ZoneId.of(tz);
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** {@code json.Marshal} of a decoded {@code interface{}}: compact, map keys sorted, HTML-escaped. */
    static String marshalJson(JsonNode node) {
        StringBuilder b = new StringBuilder();
        writeJson(node, b);
        return b.toString();
    }

    private static void writeJson(JsonNode n, StringBuilder b) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            b.append("null");
        } else if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            keys.sort(null);
            b.append('{');
            boolean first = true;
            for (String k : keys) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                jsonString(k, b);
                b.append(':');
                writeJson(n.get(k), b);
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                writeJson(n.get(i), b);
            }
            b.append(']');
        } else if (n.isTextual()) {
            jsonString(n.textValue(), b);
        } else if (n.isBoolean()) {
            b.append(n.booleanValue());
        } else if (n.isNumber()) {
            b.append(jsonFloat(n.doubleValue()));
        } else {
            jsonString(n.asText(), b);
        }
    }

    /** {@code encoding/json}'s float64 encoding (ES6 number-to-string, Go's exponent cleanup). */
    static String jsonFloat(double d) {
        if (d == 0) {
            return "0";
        }
        double abs = Math.abs(d);
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (abs < 1e-6 || abs >= 1e21) {
            String digits = bd.unscaledValue().abs().toString();
            int exp = digits.length() - 1 - bd.scale();
            StringBuilder m = new StringBuilder(digits.substring(0, 1));
            if (digits.length() > 1) {
                m.append('.').append(digits, 1, digits.length());
            }
            return (d < 0 ? "-" : "") + m + "e" + (exp < 0 ? "-" : "+") + Math.abs(exp);
        }
        return bd.toPlainString();
    }

    private static void jsonString(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
