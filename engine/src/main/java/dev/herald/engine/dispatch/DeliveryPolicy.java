package dev.herald.engine.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How events are delivered to each handler: a bounded queue per handler, a timeout per call, and retries with
 * exponential backoff and full jitter for retryable failures.
 *
 * @param queueCapacity events buffered per handler before new ones are dropped (Kapacitor: topic-buffer-length)
 * @param callTimeout   the longest one call to a handler may take before it counts as a retryable failure
 * @param maxAttempts   calls per event, the first included
 * @param initialBackoff the delay before the first retry; doubled for each further one
 * @param maxBackoff    the longest delay between two attempts (also caps a service's Retry-After)
 */
public record DeliveryPolicy(int queueCapacity, Duration callTimeout, int maxAttempts, Duration initialBackoff,
        Duration maxBackoff) {

    /** 5000 events, 30 s per call, 5 attempts, 500 ms doubling to at most 60 s. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(5000, Duration.ofSeconds(30), 5,
            Duration.ofMillis(500), Duration.ofSeconds(60));

    public DeliveryPolicy {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** The delay before attempt {@code attempt} (2 = first retry): full jitter over the exponential bound. */
    Duration backoff(int attempt, double random) {
        long base = initialBackoff.toNanos();
        long bound = base << Math.min(30, Math.max(0, attempt - 2));
        if (bound <= 0 || bound > maxBackoff.toNanos()) {
            bound = maxBackoff.toNanos();
        }
        // Full jitter, but never less than half the bound so that retries still spread out in time.
        return Duration.ofNanos(bound / 2 + (long) (random * (bound / 2)));
    }
}
