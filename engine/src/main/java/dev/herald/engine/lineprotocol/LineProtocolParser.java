package dev.herald.engine.lineprotocol;

import dev.herald.engine.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parser for the InfluxDB 1.x line protocol:
 * {@code measurement[,tag=value...] field=value[,field=value...] [timestamp]}, one point per line.
 *
 * <p>Every line is parsed on its own: a malformed line is reported as a {@link LineError} and skipped, the other
 * lines of the body still produce points. Blank lines and lines whose first non-blank character is {@code #} are
 * skipped; a {@code \r} before the {@code \n} is ignored.
 *
 * <p>Escaping follows InfluxDB: in the measurement a backslash escapes comma and space; in tag keys, tag values
 * and field keys it escapes comma, equals sign and space; in string field values it escapes {@code "} and
 * {@code \}. A backslash before any other character is kept as is.
 *
 * <p>Field values: {@code 1}, {@code -1.5}, {@code 1e3} are floats ({@link Double}); {@code 1i} is an integer and
 * {@code 1u} an unsigned integer (both {@link Long}; unsigned values above {@link Long#MAX_VALUE} are rejected);
 * {@code t T true True TRUE f F false False FALSE} are booleans; {@code "..."} is a string. A line needs at least
 * one field; when a field key repeats, the last value wins. A repeated tag key is an error, as in InfluxDB.
 *
 * <p>The timestamp is an optional, possibly negative, integer in the given {@link Precision}; it must be within
 * InfluxDB's range (int64 nanoseconds, 1677-09-21 to 2262-04-11). Without it the point gets {@code now}
 * truncated to the precision, as InfluxDB does. Unlike InfluxDB's implementation, a string field value cannot
 * span lines (the documented protocol does not allow newlines in values).
 *
 * <p>Thread-safe: the parser keeps no shared state.
 */
public final class LineProtocolParser {

    private static final long MIN_NANO_TIME = Long.MIN_VALUE + 2;
    private static final long MAX_NANO_TIME = Long.MAX_VALUE - 1;

    private LineProtocolParser() {
    }

    /**
     * Parses a line protocol body.
     *
     * @param body            the request body, lines separated by {@code \n} (or {@code \r\n})
     * @param database        database the points are written to (copied into every point)
     * @param retentionPolicy retention policy the points are written to ({@code ""} for the default)
     * @param precision       unit of the timestamps in the body
     * @param now             time given to points without a timestamp (truncated to {@code precision})
     * @return the points of the good lines and an error for each rejected line, both in body order
     */
    public static ParseResult parse(String body, String database, String retentionPolicy, Precision precision,
            Instant now) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(retentionPolicy, "retentionPolicy");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(now, "now");
        return new Scanner(body, database, retentionPolicy, precision, now).run();
    }

    /** A rejected line; carries no stack trace, it is control flow on the ingest path. */
    static final class LineException extends RuntimeException {
        final int column;

        LineException(String message, int column) {
            super(message, null, false, false);
            this.column = column;
        }
    }

    /** Which characters a backslash escapes in a token. */
    private enum Escapes {
        /** measurement: comma, space. */
        MEASUREMENT,
        /** tag key, tag value, field key: comma, equals, space. */
        KEY
    }

    /** One parse of one body. Single pass over each line's characters; no regex, no splitting. */
    /**
     * A line's keys and values in arrays, made into an immutable map once the line is read: a point keeps its maps
     * immutable ({@link Point} copies anything else), and building them straight from arrays spares a mutable map
     * and its copy per point.
     */
    private static final class Pairs<V> {
        /** Up to this many keys a line is searched by scanning; beyond, through {@link #index}. */
        private static final int SCAN_LIMIT = 32;
        private String[] keys = new String[8];
        private Object[] values = new Object[8];
        private int size;
        /** Key to position, built only for a line with more than {@link #SCAN_LIMIT} keys (no quadratic scan). */
        private Map<String, Integer> index;

        void clear() {
            java.util.Arrays.fill(keys, 0, size, null);
            java.util.Arrays.fill(values, 0, size, null);
            size = 0;
            index = null;
        }

        /** Adds a pair; false if the key is there already (nothing changed). */
        boolean add(String key, V value) {
            if (indexOf(key) >= 0) {
                return false;
            }
            append(key, value);
            return true;
        }

        /** Adds a pair or replaces the value of its key (a repeated field key: the last value wins). */
        void put(String key, V value) {
            int at = indexOf(key);
            if (at >= 0) {
                values[at] = value;
            } else {
                append(key, value);
            }
        }

        private int indexOf(String key) {
            if (index != null) {
                return index.getOrDefault(key, -1);
            }
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        private void append(String key, V value) {
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
            if (index != null) {
                index.put(key, size - 1);
            } else if (size > SCAN_LIMIT) {
                index = new HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    index.put(keys[i], i);
                }
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, V> toMap() {
            return switch (size) {
                case 0 -> Map.of();
                case 1 -> Map.of(keys[0], (V) values[0]);
                case 2 -> Map.of(keys[0], (V) values[0], keys[1], (V) values[1]);
                case 3 -> Map.of(keys[0], (V) values[0], keys[1], (V) values[1], keys[2], (V) values[2]);
                default -> {
                    Map<String, V> map = new HashMap<>(size * 2);
                    for (int i = 0; i < size; i++) {
                        map.put(keys[i], (V) values[i]);
                    }
                    yield Map.copyOf(map);
                }
            };
        }
    }

    private static final class Scanner {
        private final String s;
        private final String database;
        private final String retentionPolicy;
        private final Precision precision;
        private final Instant now;
        private Instant defaultTime;

        private final List<Point> points = new ArrayList<>();
        private final List<LineError> errors = new ArrayList<>(0);

        /** Start (inclusive) and end (exclusive, before any \r\n) of the current line. */
        private int lineStart;
        private int lineEnd;

        /** The current line's tags and fields, reused from line to line. */
        private final Pairs<String> tagPairs = new Pairs<>();
        private final Pairs<Object> fieldPairs = new Pairs<>();

        /** Result of the last {@link #stringValue}; avoids allocating a holder per field. */
        private String lastString;

        Scanner(String body, String database, String retentionPolicy, Precision precision, Instant now) {
            this.s = body;
            this.database = database;
            this.retentionPolicy = retentionPolicy;
            this.precision = precision;
            this.now = now;
        }

        ParseResult run() {
            int n = s.length();
            int pos = 0;
            int lineNo = 0;
            while (pos < n) {
                lineNo++;
                int nl = s.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                int next = nl < 0 ? n : nl + 1;
                if (end > pos && s.charAt(end - 1) == '\r') {
                    end--;
                }
                lineStart = pos;
                lineEnd = end;
                try {
                    Point p = parseLine();
                    if (p != null) {
                        points.add(p);
                    }
                } catch (LineException e) {
                    errors.add(new LineError(lineNo, s.substring(lineStart, lineEnd),
                            "line " + lineNo + ": " + e.getMessage() + " at column " + e.column));
                }
                pos = next;
            }
            return new ParseResult(points, errors);
        }

        private LineException error(String message, int pos) {
            return new LineException(message, pos - lineStart + 1);
        }

        /** @return the point, or {@code null} for a blank or comment line */
        private Point parseLine() {
            final int end = lineEnd;
            int i = lineStart;
            while (i < end) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\0') {
                    break;
                }
                i++;
            }
            if (i == end || s.charAt(i) == '#') {
                return null;
            }

            // measurement
            final int mStart = i;
            boolean escaped = false;
            while (i < end) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < end && isMeasurementEscapable(s.charAt(i + 1))) {
                    escaped = true;
                    i += 2;
                    continue;
                }
                if (c == ',' || c == ' ') {
                    break;
                }
                i++;
            }
            if (i == mStart) {
                throw error("missing measurement", i);
            }
            if (i == end) {
                throw error("missing fields", i);
            }
            String name = token(mStart, i, escaped, Escapes.MEASUREMENT);

            // tags
            tagPairs.clear();
            if (s.charAt(i) == ',') {
                i++;
                while (true) {
                    final int kStart = i;
                    if (i == end || isKeyTerminator(s.charAt(i))) {
                        throw error("missing tag key", i);
                    }
                    escaped = false;
                    while (i < end) {
                        char c = s.charAt(i);
                        if (c == '\\' && i + 1 < end && isKeyEscapable(s.charAt(i + 1))) {
                            escaped = true;
                            i += 2;
                            continue;
                        }
                        if (c == '=' || c == ',' || c == ' ') {
                            break;
                        }
                        i++;
                    }
                    String key = token(kStart, i, escaped, Escapes.KEY);
                    if (i == end || s.charAt(i) != '=') {
                        throw error("invalid tag \"" + key + "\": missing \"=\"", kStart);
                    }
                    i++; // '='
                    final int vStart = i;
                    if (i == end || s.charAt(i) == ',' || s.charAt(i) == ' ') {
                        throw error("missing value for tag \"" + key + "\"", i);
                    }
                    escaped = false;
                    while (i < end) {
                        char c = s.charAt(i);
                        if (c == '\\' && i + 1 < end && isKeyEscapable(s.charAt(i + 1))) {
                            escaped = true;
                            i += 2;
                            continue;
                        }
                        if (c == ',' || c == ' ') {
                            break;
                        }
                        if (c == '=') {
                            throw error("invalid value for tag \"" + key + "\": unescaped \"=\"", i);
                        }
                        i++;
                    }
                    String value = token(vStart, i, escaped, Escapes.KEY);
                    if (!tagPairs.add(key, value)) {
                        throw error("duplicate tag \"" + key + "\"", kStart);
                    }
                    if (i == end) {
                        throw error("missing fields", i);
                    }
                    if (s.charAt(i) == ' ') {
                        break;
                    }
                    i++; // ','
                }
            }

            // fields
            i = skipBlanks(i, end);
            if (i == end) {
                throw error("missing fields", i);
            }
            fieldPairs.clear();
            while (true) {
                final int kStart = i;
                escaped = false;
                while (i < end) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < end && isKeyEscapable(s.charAt(i + 1))) {
                        escaped = true;
                        i += 2;
                        continue;
                    }
                    if (c == '=' || c == ',' || c == ' ') {
                        break;
                    }
                    i++;
                }
                if (i == kStart) {
                    throw error("missing field key", i);
                }
                String key = token(kStart, i, escaped, Escapes.KEY);
                if (i == end || s.charAt(i) != '=') {
                    throw error("invalid field \"" + key + "\": missing \"=\"", kStart);
                }
                i++; // '='
                if (i == end || s.charAt(i) == ',' || s.charAt(i) == ' ') {
                    throw error("missing value for field \"" + key + "\"", i);
                }
                char first = s.charAt(i);
                Object value;
                if (first == '"') {
                    i = stringValue(i, end, key);
                    value = lastString;
                    if (i < end && s.charAt(i) != ',' && s.charAt(i) != ' ') {
                        throw error("unexpected character after string value of field \"" + key + "\"", i);
                    }
                } else {
                    final int vStart = i;
                    while (i < end) {
                        char c = s.charAt(i);
                        if (c == ',' || c == ' ') {
                            break;
                        }
                        i++;
                    }
                    if ((first >= '0' && first <= '9') || first == '-' || first == '.') {
                        value = number(vStart, i, key);
                    } else {
                        value = bool(vStart, i, key);
                    }
                }
                fieldPairs.put(key, value);
                if (i == end || s.charAt(i) == ' ') {
                    break;
                }
                i++; // ','
            }

            // timestamp
            i = skipBlanks(i, end);
            Instant time;
            if (i == end) {
                time = defaultTime();
            } else {
                time = timestamp(i, end);
            }
            return new Point(database, retentionPolicy, name, tagPairs.toMap(), fieldPairs.toMap(), time);
        }

        private int skipBlanks(int i, int end) {
            while (i < end) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t') {
                    break;
                }
                i++;
            }
            return i;
        }

        private Instant defaultTime() {
            Instant t = defaultTime;
            if (t == null) {
                t = precision == Precision.NANOSECONDS ? now : now.truncatedTo(precision.unit());
                defaultTime = t;
            }
            return t;
        }

        /**
         * Scans a double-quoted string starting at the opening quote; stores the unescaped value in
         * {@link #lastString}.
         *
         * @return the index after the closing quote
         */
        private int stringValue(int quote, int end, String key) {
            int i = quote + 1;
            final int start = i;
            StringBuilder sb = null;
            int copied = start;
            while (i < end) {
                char c = s.charAt(i);
                if (c == '"') {
                    if (sb == null) {
                        lastString = s.substring(start, i);
                    } else {
                        lastString = sb.append(s, copied, i).toString();
                    }
                    return i + 1;
                }
                if (c == '\\' && i + 1 < end) {
                    char next = s.charAt(i + 1);
                    if (next == '"' || next == '\\') {
                        if (sb == null) {
                            sb = new StringBuilder(end - start);
                        }
                        sb.append(s, copied, i).append(next);
                        i += 2;
                        copied = i;
                        continue;
                    }
                }
                i++;
            }
            throw error("unterminated string value for field \"" + key + "\"", quote);
        }

        private Object bool(int start, int end, String key) {
            int len = end - start;
            char c = s.charAt(start);
            boolean t = c == 't' || c == 'T';
            boolean f = c == 'f' || c == 'F';
            if (len == 1 && (t || f)) {
                return t;
            }
            if (len == 4 && t && (matches(start, end, "true") || matches(start, end, "True")
                    || matches(start, end, "TRUE"))) {
                return Boolean.TRUE;
            }
            if (len == 5 && f && (matches(start, end, "false") || matches(start, end, "False")
                    || matches(start, end, "FALSE"))) {
                return Boolean.FALSE;
            }
            throw invalidValue(start, end, key);
        }

        private boolean matches(int start, int end, String literal) {
            return s.regionMatches(start, literal, 0, end - start);
        }

        private LineException invalidValue(int start, int end, String key) {
            return error("invalid field value \"" + s.substring(start, end) + "\" for field \"" + key + "\"",
                    start);
        }

        /** Float, {@code i} integer or {@code u} unsigned; the token has no comma or space. */
        private Object number(int start, int end, String key) {
            char last = s.charAt(end - 1);
            boolean negative = s.charAt(start) == '-';
            int digitsStart = negative ? start + 1 : start;
            if (last == 'i' || last == 'u') {
                int digitsEnd = end - 1;
                if (digitsEnd == digitsStart || !allDigits(digitsStart, digitsEnd)) {
                    throw invalidValue(start, end, key);
                }
                if (last == 'u') {
                    if (negative) {
                        throw error("negative unsigned value \"" + s.substring(start, end) + "\" for field \""
                                + key + "\"", start);
                    }
                    Long v = parseLong(start, digitsEnd);
                    if (v == null) {
                        throw error("unsigned value \"" + s.substring(start, end) + "\" for field \"" + key
                                + "\" out of range (max " + Long.MAX_VALUE + ")", start);
                    }
                    return v;
                }
                Long v = parseLong(start, digitsEnd);
                if (v == null) {
                    throw error("integer value \"" + s.substring(start, end) + "\" for field \"" + key
                            + "\" out of range", start);
                }
                return v;
            }
            return floatValue(start, end, digitsStart, negative, key);
        }

        /** 10^0 ... 10^15: every fraction the fast path takes has at most 15 digits. */
        private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
            1e11, 1e12, 1e13, 1e14, 1e15};

        private Double floatValue(int start, int end, int digitsStart, boolean negative, String key) {
            // validate: digits [ '.' digits ] [ (e|E) [+|-] digits ], at least one mantissa digit
            int i = digitsStart;
            int mantissaDigits = 0;
            long acc = 0;
            while (i < end) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                acc = acc * 10 + (c - '0');
                mantissaDigits++;
                i++;
            }
            boolean simple = i == end;
            if (simple && mantissaDigits > 0 && mantissaDigits <= 15) {
                // exactly representable: skip Double.parseDouble
                double d = (double) acc;
                return negative ? -d : d;
            }
            int fractionDigits = 0;
            if (i < end && s.charAt(i) == '.') {
                i++;
                while (i < end && isDigit(s.charAt(i))) {
                    if (mantissaDigits < 18) {
                        acc = acc * 10 + (s.charAt(i) - '0');
                    }
                    mantissaDigits++;
                    fractionDigits++;
                    i++;
                }
            }
            if (mantissaDigits == 0) {
                throw invalidValue(start, end, key);
            }
            if (i == end && mantissaDigits <= 15) {
                // Clinger's fast path: the digits and the power of ten are exact doubles, so one correctly
                // rounded division gives what Double.parseDouble would (most measured values look like 12.34)
                double d = acc / POWERS_OF_TEN[fractionDigits];
                return negative ? -d : d;
            }
            if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    i++;
                }
                int expStart = i;
                while (i < end && isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == expStart) {
                    throw invalidValue(start, end, key);
                }
            }
            if (i != end) {
                throw invalidValue(start, end, key);
            }
            double d = Double.parseDouble(s.substring(start, end));
            if (Double.isInfinite(d)) {
                throw error("float value \"" + s.substring(start, end) + "\" for field \"" + key
                        + "\" out of range", start);
            }
            return d;
        }

        private boolean allDigits(int start, int end) {
            for (int i = start; i < end; i++) {
                if (!isDigit(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Parses an optionally negative run of digits (already validated).
         *
         * @return the value, or {@code null} when it does not fit a long
         */
        private Long parseLong(int start, int end) {
            boolean negative = s.charAt(start) == '-';
            int i = negative ? start + 1 : start;
            // accumulate negatively so Long.MIN_VALUE fits
            long acc = 0;
            final long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
            final long multMin = limit / 10;
            for (; i < end; i++) {
                int d = s.charAt(i) - '0';
                if (acc < multMin) {
                    return null;
                }
                acc *= 10;
                if (acc < limit + d) {
                    return null;
                }
                acc -= d;
            }
            return negative ? acc : -acc;
        }

        private Instant timestamp(int start, int end) {
            int i = start;
            if (s.charAt(i) == '-') {
                i++;
            }
            int digitsStart = i;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
            }
            int tokenEnd = i;
            while (tokenEnd < end && s.charAt(tokenEnd) != ' ' && s.charAt(tokenEnd) != '\t') {
                tokenEnd++;
            }
            if (i == digitsStart || i != tokenEnd) {
                throw error("invalid timestamp \"" + s.substring(start, tokenEnd) + "\"", start);
            }
            int rest = skipBlanks(tokenEnd, end);
            if (rest != end) {
                throw error("unexpected text after timestamp", rest);
            }
            Long ts = parseLong(start, tokenEnd);
            long nanos;
            try {
                if (ts == null) {
                    throw new ArithmeticException();
                }
                nanos = Math.multiplyExact(ts, precision.nanos());
            } catch (ArithmeticException overflow) {
                throw timeOutOfRange(start, tokenEnd);
            }
            if (nanos < MIN_NANO_TIME || nanos > MAX_NANO_TIME) {
                throw timeOutOfRange(start, tokenEnd);
            }
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }

        private LineException timeOutOfRange(int start, int end) {
            return error("timestamp \"" + s.substring(start, end) + "\" out of range (" + MIN_NANO_TIME + " to "
                    + MAX_NANO_TIME + " ns)", start);
        }

        /** Substring of {@code [start, end)}, unescaped when {@code escaped}. */
        private String token(int start, int end, boolean escaped, Escapes kind) {
            if (!escaped) {
                return s.substring(start, end);
            }
            StringBuilder sb = new StringBuilder(end - start);
            int i = start;
            while (i < end) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < end) {
                    char next = s.charAt(i + 1);
                    if (kind == Escapes.MEASUREMENT ? isMeasurementEscapable(next) : isKeyEscapable(next)) {
                        sb.append(next);
                        i += 2;
                        continue;
                    }
                }
                sb.append(c);
                i++;
            }
            return sb.toString();
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isMeasurementEscapable(char c) {
            return c == ',' || c == ' ';
        }

        private static boolean isKeyEscapable(char c) {
            return c == ',' || c == ' ' || c == '=';
        }

        private static boolean isKeyTerminator(char c) {
            return c == ',' || c == ' ' || c == '=';
        }
    }
}
