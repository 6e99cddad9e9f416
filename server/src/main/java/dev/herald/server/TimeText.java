package dev.herald.server;

import dev.herald.core.json.GoJson;
import dev.herald.core.template.GoFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Go's text forms of times (RFC 3339 with trimmed nanoseconds) and durations ({@code 1m30s}), from core. */
final class TimeText {
    private TimeText() {
    }

    /** Go's {@code time.RFC3339Nano} of a UTC instant: trailing zeros of the fraction dropped. */
    static String format(Instant time) {
        return GoJson.formatTime(time);
    }

    static Instant parse(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    /** Go's {@code time.ParseDuration}. @throws IllegalArgumentException naming the text when it is not one */
    static Duration parseDuration(String text) {
        try {
            return GoFormat.parseDuration(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
    }

    /** Go's {@code time.Duration.String()}: {@code 0s}, {@code 2ms}, {@code 1m30s}, {@code 1h0m0s}. */
    static String format(Duration d) {
        return GoFormat.duration(d);
    }
}
