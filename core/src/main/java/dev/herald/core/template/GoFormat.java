package dev.herald.core.template;

import dev.herald.core.Api;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text forms of values exactly as Go prints them, for output that must equal Kapacitor's.
 *
 * <ul>
 *   <li>{@link #duration(Duration)}: Go's {@code time.Duration.String()} ({@code 0s}, {@code 100ms},
 *       {@code 1.5s}, {@code 1m0s}, {@code 1h2m3s}, {@code 1µs}, {@code -5s});</li>
 *   <li>{@link #time(Instant)}: Go's {@code time.Time.String()} of a UTC time
 *       ({@code 1971-01-01 00:00:10 +0000 UTC}, {@code 2006-01-02 15:04:05.5 +0000 UTC});</li>
 *   <li>{@link #value(Object)}: Go's {@code fmt} {@code %v}, as a template prints a value.</li>
 * </ul>
 */
@Api(status = Api.Status.INTERNAL)
public final class GoFormat {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private GoFormat() {
    }

    /**
     * Formats a duration as Go's {@code time.Duration.String()}: {@code 72h3m0.5s} style, or with a sub-second
     * unit ({@code ns}, {@code µs}, {@code ms}) when shorter than a second; {@code 0s} for zero.
     *
     * @throws ArithmeticException when the duration does not fit in 64-bit nanoseconds, as Go's cannot
     */
    public static String duration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Work on the magnitude as an unsigned value so that Long.MIN_VALUE works as in Go.
        long u = negative ? -nanos : nanos;
        StringBuilder out = new StringBuilder(24);
        if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
            String unit;
            int precision;
            if (u < 1_000L) {
                unit = "ns";
                precision = 0;
            } else if (u < 1_000_000L) {
                unit = "µs";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            appendScaled(out, u, precision);
            out.append(unit);
        } else {
            long seconds = Long.divideUnsigned(u, NANOS_PER_SECOND);
            long fraction = Long.remainderUnsigned(u, NANOS_PER_SECOND);
            long minutes = seconds / 60;
            long hours = minutes / 60;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (minutes > 0) {
                out.append(minutes % 60).append('m');
            }
            out.append(seconds % 60);
            appendFraction(out, fraction, 9);
            out.append('s');
        }
        return negative ? "-" + out : out.toString();
    }

    private static void appendScaled(StringBuilder out, long value, int precision) {
        long scale = 1;
        for (int i = 0; i < precision; i++) {
            scale *= 10;
        }
        out.append(value / scale);
        appendFraction(out, value % scale, precision);
    }

    /** Appends {@code .ddd} for {@code fraction / 10^digits}, trailing zeros dropped, nothing when zero. */
    private static void appendFraction(StringBuilder out, long fraction, int digits) {
        if (fraction == 0) {
            return;
        }
        String text = Long.toString(fraction);
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        out.append('.');
        for (int i = text.length(); i < digits; i++) {
            out.append('0');
        }
        out.append(text, 0, end);
    }

    /**
     * Formats an instant as Go's {@code time.Time.String()} does for a UTC time:
     * {@code 2006-01-02 15:04:05.999999999 +0000 UTC}, the fraction with trailing zeros dropped and omitted
     * when zero.
     */
    public static String time(Instant time) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(40);
        int year = t.getYear();
        if (year < 0) {
            out.append('-');
            year = -year;
        }
        pad(out, year, 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append(' ');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2);
        appendFraction(out, time.getNano(), 9);
        return out.append(" +0000 UTC").toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text);
    }

    /**
     * Formats a value as Go's {@code fmt} verb {@code %v} does, which is how a template prints it.
     *
     * <p>Strings raw; {@link Long}, {@link Integer}, {@link Short}, {@link Byte} in decimal; {@link Double} and
     * {@link Float} in Go's shortest {@code %g} form ({@code 1}, {@code 2.5}, {@code 1e+06}, {@code 1e-07});
     * booleans {@code true}/{@code false}; {@code null} as {@code <nil>}; a {@link Map} as
     * {@code map[k1:v1 k2:v2]} in sorted key order; a {@link List}, other {@link Iterable} or array as
     * {@code [a b c]}; {@link Instant} and {@link Duration} as {@link #time(Instant)} and
     * {@link #duration(Duration)}; enums by {@link Enum#name()}; anything else by {@link Object#toString()}.
     */
    public static String value(Object value) {
        StringBuilder out = new StringBuilder();
        appendValue(out, value);
        return out.toString();
    }

    static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("<nil>");
        } else if (value instanceof String s) {
            out.append(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Double d) {
            out.append(GoNumbers.formatG(d, -1, false));
        } else if (value instanceof Float f) {
            out.append(GoNumbers.formatG32(f));
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Enum<?> e) {
            out.append(e.name());
        } else if (value instanceof Instant i) {
            out.append(time(i));
        } else if (value instanceof Duration d) {
            out.append(duration(d));
        } else if (value instanceof Map<?, ?> map) {
            out.append("map[");
            boolean first = true;
            for (Map.Entry<?, ?> entry : Values.sortedEntries(map)) {
                if (!first) {
                    out.append(' ');
                }
                first = false;
                appendValue(out, entry.getKey());
                out.append(':');
                appendValue(out, entry.getValue());
            }
            out.append(']');
        } else if (value instanceof Iterable<?> iterable) {
            out.append('[');
            boolean first = true;
            for (Object element : iterable) {
                if (!first) {
                    out.append(' ');
                }
                first = false;
                appendValue(out, element);
            }
            out.append(']');
        } else if (value.getClass().isArray()) {
            out.append('[');
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    out.append(' ');
                }
                appendValue(out, Array.get(value, i));
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }

    /** Elements of a list-like value (List, Iterable, array), or null when it is not list-like. */
    static List<Object> elements(Object value) {
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> objects = (List<Object>) list;
            return objects;
        }
        if (value instanceof Iterable<?> iterable) {
            List<Object> out = new ArrayList<>();
            iterable.forEach(out::add);
            return out;
        }
        if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                out.add(Array.get(value, i));
            }
            return out;
        }
        return null;
    }

    /**
     * Parses Go's {@code time.ParseDuration} text: a sequence of decimal numbers with units {@code ns},
     * {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m}, {@code h} ({@code 1h2m3.5s}, {@code 500ms}),
     * optionally signed; {@code 0} alone is zero.
     *
     * @throws IllegalArgumentException when {@code text} is not such a duration
     */
    public static Duration parseDuration(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("invalid duration " + text);
            }
            BigDecimal number = new BigDecimal(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unitNanos = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("unknown unit in duration " + text);
            };
            totalNanos = totalNanos.add(number.multiply(BigDecimal.valueOf(unitNanos)));
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("invalid duration " + text);
        }
        long nanos;
        try {
            nanos = totalNanos.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration out of range: " + text);
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }
}
