package dev.herald.core.event;

import dev.herald.core.Api;
import java.util.Optional;

/**
 * Alert levels, ordered from least to most severe, as Kapacitor defines them (OK=0 .. CRITICAL=3).
 *
 * <p>The text form is upper case. Unlike Kapacitor, which parses a level by a substring search that accepts
 * odd strings such as {@code OKINFO}, {@link #parse(String)} accepts exactly the four names.
 */
@Api(status = Api.Status.STABLE)
public enum Level {
    OK, INFO, WARNING, CRITICAL;

    /**
     * Parses one of {@code OK}, {@code INFO}, {@code WARNING}, {@code CRITICAL} (case-sensitive, as Kapacitor's
     * service-test API is).
     *
     * @return the level, or empty when {@code text} is not exactly one of the four names
     */
    public static Optional<Level> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text) {
            case "OK" -> Optional.of(OK);
            case "INFO" -> Optional.of(INFO);
            case "WARNING" -> Optional.of(WARNING);
            case "CRITICAL" -> Optional.of(CRITICAL);
            default -> Optional.empty();
        };
    }

    /** The more severe of this level and {@code other}. */
    public Level max(Level other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
