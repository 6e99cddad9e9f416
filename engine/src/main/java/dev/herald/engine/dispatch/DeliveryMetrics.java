package dev.herald.engine.dispatch;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Delivery counters per handler kind, read by the server's {@code /metrics}. */
public final class DeliveryMetrics {

    /**
     * A snapshot of one kind's counters.
     *
     * @param delivered    events delivered
     * @param retries      retry attempts made
     * @param failed       events given up on (permanent failure, or retries exhausted)
     * @param dropped      events dropped because a handler's queue was full
     * @param latencyNanos total time of successful calls
     * @param queued       events waiting in queues right now
     */
    public record Counts(long delivered, long retries, long failed, long dropped, long latencyNanos, long queued) {
    }

    private static final class Kind {
        final LongAdder delivered = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder latency = new LongAdder();
        final LongAdder queued = new LongAdder();
    }

    private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

    private Kind kind(String name) {
        return kinds.computeIfAbsent(name, k -> new Kind());
    }

    void delivered(String kind, long nanos) {
        Kind k = kind(kind);
        k.delivered.increment();
        k.latency.add(nanos);
    }

    void retried(String kind) {
        kind(kind).retries.increment();
    }

    void failed(String kind) {
        kind(kind).failed.increment();
    }

    void dropped(String kind) {
        kind(kind).dropped.increment();
    }

    void queued(String kind, int delta) {
        kind(kind).queued.add(delta);
    }

    /** Counts per kind, sorted by kind. */
    public Map<String, Counts> snapshot() {
        Map<String, Counts> out = new TreeMap<>();
        kinds.forEach((name, k) -> out.put(name, new Counts(k.delivered.sum(), k.retries.sum(), k.failed.sum(),
                k.dropped.sum(), k.latency.sum(), k.queued.sum())));
        return out;
    }
}
