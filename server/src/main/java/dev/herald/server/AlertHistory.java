package dev.herald.server;

import dev.herald.core.event.AlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recent events of every topic, OK ones included, for the console's timeline ({@code [history]}): kept in the
 * store, at most {@code max-events-per-topic} per topic and none older than {@code max-age} before the topic's newest
 * event (relative to the events' own times, so replayed or back-dated data keeps its history). Events are queued on
 * the engine's thread and written every 200 ms by a background thread, as topic state is.
 */
final class AlertHistory implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.store");

    private final Store store;
    private final int maxEvents;
    private final Duration maxAge;
    private final ConcurrentLinkedQueue<AlertEvent> pending = new ConcurrentLinkedQueue<>();
    /** Events queued since the last {@link #stage}; past {@link #STAGE_AT} the history thread stages at once. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Each topic's newest events not yet written, at most {@code maxEvents}, by key; guarded by {@code this}. */
    private final Map<String, TreeMap<String, AlertEvent>> staged = new HashMap<>();
    private final Map<String, Instant> newest = new HashMap<>();
    private final ScheduledExecutorService flusher;

    AlertHistory(Store store, int maxEvents, Duration maxAge) {
        this.store = store;
        this.maxEvents = maxEvents;
        this.maxAge = maxAge;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-alert-history");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, 200, 200, TimeUnit.MILLISECONDS);
    }

    /**
     * Under a burst, events waiting 200 ms for the next write outlived several young collections and were copied and
     * promoted by each (the delivery benchmark's young pauses); staged every few hundred events instead, all but the
     * newest of each topic die young.
     */
    private static final int STAGE_AT = 256;

    /** Queues a published event (engine thread). */
    void record(AlertEvent event) {
        if (maxEvents > 0) {
            pending.add(event);
            if (queued.incrementAndGet() == STAGE_AT) {
                try {
                    flusher.execute(this::stageQuietly);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // closing: close() flushes what is queued
                }
            }
        }
    }

    /** The topic's kept events, oldest first; only alert {@code alertId}'s when it is not empty. */
    List<AlertEvent> events(String topic, String alertId) {
        flush();
        List<AlertEvent> out = new ArrayList<>();
        for (Store.Row row : store.list(Store.Table.EVENT_HISTORY, topic)) {
            try {
                AlertEvent e = EventCodec.decode(row.doc());
                if (alertId.isEmpty() || e.id().equals(alertId)) {
                    out.add(e);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping unreadable history event " + topic + "/" + row.key());
            }
        }
        return out;
    }

    /** Forgets a deleted topic's history. */
    synchronized void delete(String topic) {
        flush();
        store.write(w -> w.deleteGroup(Store.Table.EVENT_HISTORY, topic));
    }

    /** Forgets the history of every topic whose id starts with {@code prefix} (a deleted task's). */
    synchronized void deletePrefix(String prefix) {
        flush();
        store.write(w -> w.deleteGroupPrefix(Store.Table.EVENT_HISTORY, prefix));
    }

    /**
     * Sorts by event time (fixed width, so text order is time order for times from 1970 on), then alert id and
     * level: an event's identity, so an event recorded twice (replayed from the outbox after a crash) is one row.
     */
    private static String key(AlertEvent e) {
        return timePrefix(e.time()) + e.id() + "\u0000" + e.level().name();
    }

    /** Keys of events older than {@code maxAge} before {@code newest} sort before this. */
    private static String bound(Instant newest, Duration maxAge) {
        return timePrefix(newest.minus(maxAge));
    }

    /** Nanoseconds since 1970, zero-padded (times before 1970 count as 1970). */
    private static String timePrefix(Instant t) {
        long nanos = t.getEpochSecond() < 0 ? 0 : t.getEpochSecond() * 1_000_000_000L + t.getNano();
        String digits = Long.toString(nanos);
        // zero-padded by hand: String.format was the history thread's largest cost under a burst
        return "0".repeat(19 - digits.length()) + digits + "-";
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "alert history not written: " + e.getMessage());
        }
    }

    private void stageQuietly() {
        try {
            stage();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "alert history not staged: " + e.getMessage());
        }
    }

    /**
     * Moves queued events to each topic's staged set. Under a burst most of them would be deleted at once by the count
     * bound, so each topic keeps only its newest {@code max-events-per-topic} (the rows a write and then the bound
     * would leave).
     */
    private synchronized void stage() {
        queued.set(0);
        for (AlertEvent e; (e = pending.poll()) != null; ) {
            newest.merge(e.topic(), e.time(), (a, b) -> a.isAfter(b) ? a : b);
            TreeMap<String, AlertEvent> kept = staged.computeIfAbsent(e.topic(), t -> new TreeMap<>());
            String key = key(e);
            if (kept.size() >= maxEvents && key.compareTo(kept.firstKey()) < 0) {
                continue; // older than the newest maxEvents staged: the count bound would delete it
            }
            kept.put(key, e);
            if (kept.size() > maxEvents) {
                kept.pollFirstEntry();
            }
        }
    }

    /** Writes what was queued; events already past {@code max-age} are not written. */
    synchronized void flush() {
        stage();
        if (staged.isEmpty()) {
            return;
        }
        Map<String, TreeMap<String, AlertEvent>> byTopic = new HashMap<>(staged);
        Map<String, Instant> newestOf = new HashMap<>(newest);
        staged.clear();
        newest.clear();
        store.write(w -> {
            for (Map.Entry<String, TreeMap<String, AlertEvent>> t : byTopic.entrySet()) {
                String topic = t.getKey();
                String oldest = bound(newestOf.get(topic), maxAge);
                for (Map.Entry<String, AlertEvent> e : t.getValue().tailMap(oldest, true).entrySet()) {
                    w.put(Store.Table.EVENT_HISTORY, topic, e.getKey(), EventCodec.encode(e.getValue()));
                }
                w.keepNewest(Store.Table.EVENT_HISTORY, topic, maxEvents);
                w.deleteBefore(Store.Table.EVENT_HISTORY, topic, oldest);
            }
        });
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
