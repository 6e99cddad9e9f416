package dev.herald.engine.outbox;

import dev.herald.core.event.AlertEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An outbox in memory: events stay until every lane has acknowledged them, nothing survives the process. For
 * embedding programs that want no files and for tests; the server uses a {@link SegmentLog}.
 */
public final class MemoryOutbox implements Outbox {
    private static final class Held {
        final AlertEvent event;
        int lanes;

        Held(AlertEvent event, int lanes) {
            this.event = event;
            this.lanes = lanes;
        }
    }

    private final Map<Long, Held> held = new HashMap<>();
    private long nextSeq = 1;

    @Override
    public synchronized long append(AlertEvent event, List<String> lanes) {
        long seq = nextSeq++;
        if (!lanes.isEmpty()) {
            held.put(seq, new Held(event, lanes.size()));
        }
        return seq;
    }

    @Override
    public void commit() {
    }

    @Override
    public synchronized void acknowledge(String lane, long[] seqs, int count) {
        for (int i = 0; i < count; i++) {
            Held h = held.get(seqs[i]);
            if (h != null && --h.lanes <= 0) {
                held.remove(seqs[i]);
            }
        }
    }

    @Override
    public synchronized AlertEvent read(long seq) {
        Held h = held.get(seq);
        if (h == null) {
            throw new IllegalStateException("outbox holds no event " + seq);
        }
        return h.event;
    }

    @Override
    public Recovery recovery() {
        return Recovery.EMPTY;
    }

    @Override
    public void topicCheckpoint(long seq) {
    }

    @Override
    public synchronized long lastSequence() {
        return nextSeq - 1;
    }

    @Override
    public boolean durable() {
        return false;
    }

    /** Events held for at least one lane. */
    public synchronized int size() {
        return held.size();
    }

    @Override
    public void close() {
    }
}
