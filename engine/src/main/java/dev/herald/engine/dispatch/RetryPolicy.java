package dev.herald.engine.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How one handler kind retries: attempts, backoff and the age after which an event is given up and kept as a dead
 * letter; and how many calls a lane may have in flight (1 keeps events in order).
 *
 * @param maxAttempts    calls per event, the first included; 0 for no limit other than {@code maxAge}
 * @param initialBackoff the delay before the first retry; doubled for each further one (with jitter)
 * @param maxBackoff     the longest delay between two attempts; also caps a service's {@code Retry-After}
 * @param maxAge         how long after it was queued an event may still be retried
 * @param inFlight       calls a lane may have outstanding at once; above 1, events may arrive out of order
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxAge,
        int inFlight) {

    /**
     * Survives a long outage: no attempt limit, 1 s doubling to 5 min (so about 290 tries in a day), given up after
     * 24 h, one call at a time.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(24), 1);

    public RetryPolicy {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("max-attempts must be 0 (no limit) or more");
        }
        if (inFlight < 1 || inFlight > 1024) {
            throw new IllegalArgumentException("in-flight must be between 1 and 1024");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxAge, "maxAge");
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxAge.isNegative()) {
            throw new IllegalArgumentException("backoff and max-age must not be negative");
        }
    }

    /**
     * The delay before attempt {@code attempt} (2 = first retry): between half and all of the exponential bound,
     * so retries of many lanes spread out in time. {@code random} is in [0, 1).
     */
    public Duration backoff(int attempt, double random) {
        long base = initialBackoff.toNanos();
        long bound = base << Math.min(30, Math.max(0, attempt - 2));
        if (bound <= 0 || bound > maxBackoff.toNanos()) {
            bound = maxBackoff.toNanos();
        }
        return Duration.ofNanos(bound / 2 + (long) (random * (bound / 2)));
    }

    /** The delay before the next attempt: the service's own wish (capped) when it gave one, else {@link #backoff}. */
    public Duration delay(int nextAttempt, java.util.Optional<Duration> retryAfter, double random) {
        return retryAfter.map(d -> d.compareTo(maxBackoff) > 0 ? maxBackoff : d.isNegative() ? Duration.ZERO : d)
                .orElseGet(() -> backoff(nextAttempt, random));
    }

    /** Whether an event that has had {@code attempts} calls, queued {@code ageMillis} ago, may be tried again. */
    public boolean mayRetry(int attempts, long ageMillis) {
        return (maxAttempts == 0 || attempts < maxAttempts) && ageMillis <= maxAge.toMillis();
    }
}
