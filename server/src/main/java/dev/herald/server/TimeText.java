package dev.herald.server;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's text forms of times (RFC 3339 with trimmed nanoseconds) and durations ({@code 1m30s}). */
final class TimeText {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private TimeText() {
    }

    /** Go's {@code time.RFC3339Nano} of a UTC instant: trailing zeros of the fraction dropped. */
    static String format(Instant time) {
        StringBuilder sb = new StringBuilder(SECONDS.format(time));
        int nanos = time.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (end > 0 && frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }

    static Instant parse(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    /** Go's {@code time.Duration.String()}: {@code 0s}, {@code 2ms}, {@code 1m30s}, {@code 1h0m0s}. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        boolean negative = nanos < 0;
        long u = Math.abs(nanos);
        if (u < 1_000_000_000L) {
            String unit;
            long scale;
            if (u < 1_000L) {
                return (negative ? "-" : "") + u + "ns";
            } else if (u < 1_000_000L) {
                unit = "µs";
                scale = 1_000L;
            } else {
                unit = "ms";
                scale = 1_000_000L;
            }
            sb.append(fraction(u, scale)).append(unit);
        } else {
            long hours = u / 3_600_000_000_000L;
            long rem = u % 3_600_000_000_000L;
            long minutes = rem / 60_000_000_000L;
            rem = rem % 60_000_000_000L;
            String seconds = fraction(rem, 1_000_000_000L);
            if (hours > 0) {
                sb.append(hours).append('h').append(minutes).append('m');
            } else if (minutes > 0) {
                sb.append(minutes).append('m');
            }
            sb.append(seconds).append('s');
        }
        return (negative ? "-" : "") + sb;
    }

    private static String fraction(long value, long scale) {
        long whole = value / scale;
        long frac = value % scale;
        if (frac == 0) {
            return Long.toString(whole);
        }
        int digits = Long.toString(scale).length() - 1;
        String f = String.format("%0" + digits + "d", frac);
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + f.substring(0, end);
    }

    /**
     * Parses Go duration text ({@code 1h30m}, {@code 500ms}, {@code 10s}; units ns, us, µs, ms, s, m, h).
     *
     * @throws IllegalArgumentException when the text is not a duration
     */
    static Duration parseDuration(String text) {
        java.util.regex.Matcher whole = java.util.regex.Pattern
                .compile("([-+]?)((?:\\d+(?:\\.\\d*)?(?:ns|us|µs|ms|s|m|h))+|0)").matcher(text.trim());
        if (!whole.matches()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        if (whole.group(2).equals("0")) {
            return Duration.ZERO;
        }
        java.util.regex.Matcher part = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)")
                .matcher(whole.group(2));
        java.math.BigDecimal nanos = java.math.BigDecimal.ZERO;
        while (part.find()) {
            long unit = switch (part.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new java.math.BigDecimal(part.group(1)).multiply(java.math.BigDecimal.valueOf(unit)));
        }
        long n = nanos.longValue();
        return Duration.ofNanos(whole.group(1).equals("-") ? -n : n);
    }
}
