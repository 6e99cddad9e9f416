package dev.herald.engine.lineprotocol;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Unit of the timestamps in a line protocol body, as given by the {@code precision} query parameter of an
 * InfluxDB 1.x style {@code /write} request.
 */
public enum Precision {
    /** {@code n} or {@code ns}; also the default when no precision is given. */
    NANOSECONDS("n", 1L, ChronoUnit.NANOS),
    /** {@code u} (or {@code us}). */
    MICROSECONDS("u", 1_000L, ChronoUnit.MICROS),
    /** {@code ms}. */
    MILLISECONDS("ms", 1_000_000L, ChronoUnit.MILLIS),
    /** {@code s}. */
    SECONDS("s", 1_000_000_000L, ChronoUnit.SECONDS),
    /** {@code m}. */
    MINUTES("m", 60_000_000_000L, ChronoUnit.MINUTES),
    /** {@code h}. */
    HOURS("h", 3_600_000_000_000L, ChronoUnit.HOURS);

    private final String code;
    private final long nanos;
    private final ChronoUnit unit;

    Precision(String code, long nanos, ChronoUnit unit) {
        this.code = code;
        this.nanos = nanos;
        this.unit = unit;
    }

    /**
     * Parses a {@code precision} query value. Accepted: {@code n}, {@code ns}, {@code u}, {@code us}, {@code ms},
     * {@code s}, {@code m}, {@code h} (case-sensitive, as in InfluxDB). {@code null} or {@code ""} means
     * nanoseconds.
     *
     * @param value the query value, may be {@code null}
     * @return the precision, or empty if the value is not a known precision
     */
    public static Optional<Precision> parse(String value) {
        if (value == null) {
            return Optional.of(NANOSECONDS);
        }
        return Optional.ofNullable(switch (value) {
            case "", "n", "ns" -> NANOSECONDS;
            case "u", "us" -> MICROSECONDS;
            case "ms" -> MILLISECONDS;
            case "s" -> SECONDS;
            case "m" -> MINUTES;
            case "h" -> HOURS;
            default -> null;
        });
    }

    /** Canonical InfluxDB code: {@code n}, {@code u}, {@code ms}, {@code s}, {@code m} or {@code h}. */
    String code() {
        return code;
    }

    /** Nanoseconds per unit. */
    long nanos() {
        return nanos;
    }

    /** The unit the default ("now") timestamp is truncated to. */
    ChronoUnit unit() {
        return unit;
    }
}
