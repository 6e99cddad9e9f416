package dev.herald.server;

import dev.herald.core.event.AlertEvent;
import dev.herald.engine.Herald;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps topic state in the store: the latest event per alert id per topic. Events are collected on the engine's
 * thread into a map that keeps only the latest per key, and written in one transaction every 200 ms by a
 * background thread, so evaluation never waits for the disk. Also counts events collected per topic.
 */
final class TopicState implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.store");

    private final Store store;
    private final Map<String, AlertEvent> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> collected = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private volatile Herald herald;
    private final AlertHistory history;

    TopicState(Store store) {
        this(store, 100, java.time.Duration.ofHours(24));
    }

    TopicState(Store store, int historyEvents, java.time.Duration historyAge) {
        this.store = store;
        this.history = new AlertHistory(store, historyEvents, historyAge);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-topic-state");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Puts the stored events back into the engine's topics; returns how many. */
    int restore(Herald herald) {
        this.herald = herald;
        int n = 0;
        for (Store.Row row : store.list(Store.Table.TOPIC_EVENTS)) {
            try {
                AlertEvent event = EventCodec.decode(row.doc());
                herald.topics().ensure(row.group()).restore(event);
                n++;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping unreadable stored event " + row.group() + "/"
                        + row.key() + ": " + e.getMessage());
            }
        }
        return n;
    }

    /**
     * Replays the events the outbox holds from after the store's last flush (a crash lost at most that window of
     * the store's state, never the outbox's); returns how many.
     */
    int replay(Herald herald) {
        this.herald = herald;
        int n = 0;
        for (long seq : herald.outbox().recovery().topicEvents()) {
            try {
                AlertEvent event = herald.outbox().read(seq);
                if (event.topic().isEmpty()) {
                    continue; // a record for a lane only (an influxDBOut batch), not an alert of any topic
                }
                herald.topics().ensure(event.topic()).restore(event);
                record(event);
                n++;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping unreadable outbox event " + seq + ": " + e.getMessage());
            }
        }
        return n;
    }

    /** The topics' recent events, for the console's timeline. */
    AlertHistory history() {
        return history;
    }

    /** Records a published event (engine thread). */
    void record(AlertEvent event) {
        history.record(event);
        pending.put(key(event.topic(), event.id()), event);
        collected.computeIfAbsent(event.topic(), k -> new AtomicLong()).incrementAndGet();
    }

    long collected(String topic) {
        AtomicLong n = collected.get(topic);
        return n == null ? 0 : n.get();
    }

    private static String key(String topic, String id) {
        return topic + '\u0000' + id;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "writing topic state failed: " + e.getMessage());
        }
    }

    /**
     * Writes pending events now, then tells the outbox it need not keep topic state up to the sequence number read
     * before the pending events were taken (every event up to it was recorded here first, see TopicRegistry).
     */
    synchronized void flush() {
        Herald h = herald;
        long upTo = h == null ? 0 : h.outbox().lastSequence();
        if (pending.isEmpty()) {
            if (h != null) {
                h.outbox().topicCheckpoint(upTo);
            }
            return;
        }
        Map<String, AlertEvent> batch = new java.util.HashMap<>();
        for (String k : pending.keySet()) {
            AlertEvent e = pending.remove(k);
            if (e != null) {
                batch.put(k, e);
            }
        }
        store.write(w -> {
            for (AlertEvent e : batch.values()) {
                if (e.level() == dev.herald.core.event.Level.OK) {
                    w.delete(Store.Table.TOPIC_EVENTS, e.topic(), e.id()); // a recovered alert leaves the topic
                } else {
                    w.put(Store.Table.TOPIC_EVENTS, e.topic(), e.id(), EventCodec.encode(e));
                }
            }
        });
        if (h != null) {
            h.outbox().topicCheckpoint(upTo);
        }
    }

    /** Forgets a deleted topic. */
    synchronized void deleteTopic(String topic) {
        flush();
        pending.keySet().removeIf(k -> k.startsWith(topic + '\u0000'));
        collected.remove(topic);
        store.write(w -> w.deleteGroup(Store.Table.TOPIC_EVENTS, topic));
        history.delete(topic);
    }

    /** Forgets the events {@code ids} of {@code topic} (a cluster's topic deleted on another node). */
    synchronized void deleteEvents(String topic, java.util.Collection<String> ids) {
        flush();
        for (String id : ids) {
            pending.remove(key(topic, id));
        }
        store.write(w -> {
            for (String id : ids) {
                w.delete(Store.Table.TOPIC_EVENTS, topic, id);
            }
        });
    }

    /** Forgets every topic whose id starts with {@code prefix} (a deleted task's anonymous topics). */
    synchronized void deleteTopicsWithPrefix(String prefix) {
        flush();
        pending.keySet().removeIf(k -> k.startsWith(prefix));
        collected.keySet().removeIf(k -> k.startsWith(prefix));
        store.write(w -> w.deleteGroupPrefix(Store.Table.TOPIC_EVENTS, prefix));
        history.deletePrefix(prefix);
    }

    @Override
    public void close() {
        history.close();
        flusher.shutdown();
        try {
            flusher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
