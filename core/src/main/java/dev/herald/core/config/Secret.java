package dev.herald.core.config;

import dev.herald.core.Api;
import java.util.Objects;

/**
 * A secret value (token, password, key, webhook URL that embeds a token). Its {@link #toString()} never shows
 * the value, so records that hold one can be logged and printed safely; {@link #reveal()} is the single,
 * greppable place where the value is read.
 *
 * <p>A config or options record component of this type is a secret key of the schema: the config API shows
 * it only as {@code true}/{@code false}, and binding errors never echo its value.
 */
@Api(status = Api.Status.STABLE)
public final class Secret {
    /** The empty secret (no value set). */
    public static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps {@code value}; {@code ""} gives {@link #EMPTY}. */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    /** The secret value itself. Only pass it to the service that needs it. */
    public String reveal() {
        return value;
    }

    /** Whether no value is set. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** This secret, or {@code fallback} when this one is empty. */
    public Secret or(Secret fallback) {
        return isEmpty() ? fallback : this;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** {@code ******} when set, {@code ""} when empty; never the value. */
    @Override
    public String toString() {
        return value.isEmpty() ? "" : "******";
    }
}
