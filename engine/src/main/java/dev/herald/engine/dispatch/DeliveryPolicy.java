package dev.herald.engine.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How events are delivered: a timeout per call, a retry policy (with per-kind overrides), and how many events a
 * lane keeps in memory before it leaves the rest of its backlog on disk for the outbox to hand back.
 *
 * @param callTimeout the longest one call to a handler may take before it counts as a retryable failure
 * @param retry       the retry policy of kinds without their own
 * @param perKind     retry policies per handler kind ({@code [delivery.slack]})
 * @param window      events a lane holds in memory; its backlog beyond that is read back from the outbox
 */
public record DeliveryPolicy(Duration callTimeout, RetryPolicy retry, Map<String, RetryPolicy> perKind, int window) {

    /** 30 s per call, {@link RetryPolicy#DEFAULT}, 1024 events in memory per lane. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(Duration.ofSeconds(30), RetryPolicy.DEFAULT,
            Map.of(), 1024);

    public DeliveryPolicy {
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(retry, "retry");
        perKind = Map.copyOf(perKind);
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        if (callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must be positive");
        }
    }

    /** The retry policy of {@code kind}. */
    public RetryPolicy retryFor(String kind) {
        return perKind.getOrDefault(kind, retry);
    }

    /** This policy with {@code value} as the default retry policy. */
    public DeliveryPolicy withRetry(RetryPolicy value) {
        return new DeliveryPolicy(callTimeout, value, perKind, window);
    }

    /** This policy with {@code value} as the retry policy of {@code kind}. */
    public DeliveryPolicy withRetry(String kind, RetryPolicy value) {
        Map<String, RetryPolicy> m = new java.util.HashMap<>(perKind);
        m.put(kind, value);
        return new DeliveryPolicy(callTimeout, retry, m, window);
    }

    /** This policy with another call timeout. */
    public DeliveryPolicy withCallTimeout(Duration value) {
        return new DeliveryPolicy(value, retry, perKind, window);
    }

    /** This policy with another in-memory window per lane. */
    public DeliveryPolicy withWindow(int value) {
        return new DeliveryPolicy(callTimeout, retry, perKind, value);
    }
}
