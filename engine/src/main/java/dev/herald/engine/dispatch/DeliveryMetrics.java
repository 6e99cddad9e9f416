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
     * @param failed       events given up on and kept as dead letters (permanent failure, attempts or age used up)
     * @param redelivered  events delivered again after a restart (they may have reached the service before it)
     * @param resent       dead letters re-sent through the API
     * @param latencyNanos total time of successful calls
     * @param queued       events waiting in lanes right now (in memory or in the outbox)
     */
    public record Counts(long delivered, long retries, long failed, long redelivered, long resent, long latencyNanos,
            long queued) {
    }

    private static final class Kind {
        final LongAdder delivered = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder redelivered = new LongAdder();
        final LongAdder resent = new LongAdder();
        final LongAdder latency = new LongAdder();
        final LongAdder queued = new LongAdder();
    }

    private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

    private Kind kind(String name) {
        return kinds.computeIfAbsent(name, k -> new Kind());
    }

    void delivered(String kind, int events, long nanos) {
        Kind k = kind(kind);
        k.delivered.add(events);
        k.latency.add(nanos);
    }

    void retried(String kind) {
        kind(kind).retries.increment();
    }

    void failed(String kind) {
        kind(kind).failed.increment();
    }

    void redelivered(String kind, int events) {
        kind(kind).redelivered.add(events);
    }

    void resent(String kind) {
        kind(kind).resent.increment();
    }

    void queued(String kind, int delta) {
        kind(kind).queued.add(delta);
    }

    /** Counts per kind, sorted by kind. */
    public Map<String, Counts> snapshot() {
        Map<String, Counts> out = new TreeMap<>();
        kinds.forEach((name, k) -> out.put(name, new Counts(k.delivered.sum(), k.retries.sum(), k.failed.sum(),
                k.redelivered.sum(), k.resent.sum(), k.latency.sum(), k.queued.sum())));
        return out;
    }
}
