package dev.herald.core.handler;

import dev.herald.core.Api;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of handing one event to a handler: delivered, or failed. A failure says whether trying again may
 * help (a 5xx, a timeout, a refused connection) or not (a 4xx, a bad option), and may carry how long the service
 * asked us to wait ({@code Retry-After}).
 */
@Api(status = Api.Status.STABLE)
public sealed interface HandlerResult {

    /** The shared success value. */
    static HandlerResult delivered() {
        return Delivered.INSTANCE;
    }

    /** A failure that may succeed when retried. */
    static HandlerResult retryable(String reason) {
        return new Failed(reason, true, Optional.empty());
    }

    /** A failure that may succeed when retried after {@code retryAfter}. */
    static HandlerResult retryable(String reason, Duration retryAfter) {
        return new Failed(reason, true, Optional.of(retryAfter));
    }

    /** A failure that will fail again the same way. */
    static HandlerResult permanent(String reason) {
        return new Failed(reason, false, Optional.empty());
    }

    /** Whether the event was delivered. */
    default boolean isDelivered() {
        return this instanceof Delivered;
    }

    /** The event reached the service and the service accepted it. */
    enum Delivered implements HandlerResult {
        INSTANCE
    }

    /**
     * The event was not delivered.
     *
     * @param reason     what went wrong, fit for a log line (never a secret)
     * @param retryable  whether trying again may help
     * @param retryAfter how long the service asked to wait, when it said
     */
    record Failed(String reason, boolean retryable, Optional<Duration> retryAfter) implements HandlerResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
