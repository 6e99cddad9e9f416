package dev.herald.engine.influxdb;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a point as one line of InfluxDB line protocol, as InfluxDB's Go client writes it: tags and fields sorted by
 * key, floats in plain decimal notation, integers with {@code i}, strings quoted, the timestamp in the write's
 * precision.
 */
public final class LineProtocolWriter {
    private LineProtocolWriter() {
    }

    /** One line, with its trailing newline. */
    public static void append(StringBuilder out, String measurement, Map<String, String> tags,
            Map<String, Object> fields, Instant time, String precision) {
        escape(out, measurement, false);
        for (Map.Entry<String, String> t : new TreeMap<>(tags).entrySet()) {
            if (t.getValue().isEmpty()) {
                continue; // InfluxDB drops empty tag values
            }
            out.append(',');
            escape(out, t.getKey(), true);
            out.append('=');
            escape(out, t.getValue(), true);
        }
        char sep = ' ';
        for (Map.Entry<String, Object> f : new TreeMap<>(fields).entrySet()) {
            out.append(sep);
            sep = ',';
            escape(out, f.getKey(), true);
            out.append('=');
            value(out, f.getValue());
        }
        out.append(' ').append(timestamp(time, precision)).append('\n');
    }

    static long timestamp(Instant time, String precision) {
        long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
        return switch (precision) {
            case "u" -> Math.floorDiv(nanos, 1_000L);
            case "ms" -> Math.floorDiv(nanos, 1_000_000L);
            case "s" -> Math.floorDiv(nanos, 1_000_000_000L);
            case "m" -> Math.floorDiv(nanos, 60_000_000_000L);
            case "h" -> Math.floorDiv(nanos, 3_600_000_000_000L);
            default -> nanos;
        };
    }

    private static void value(StringBuilder out, Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            out.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
        } else if (v instanceof Long || v instanceof Integer) {
            out.append(v).append('i');
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else {
            out.append('"');
            String s = String.valueOf(v);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
    }

    private static void escape(StringBuilder out, String s, boolean equalsToo) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || (equalsToo && c == '=')) {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
