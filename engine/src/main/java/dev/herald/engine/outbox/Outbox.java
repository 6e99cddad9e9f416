package dev.herald.engine.outbox;

import dev.herald.core.event.AlertEvent;
import java.util.List;

/**
 * Where every published alert event is recorded before the write that produced it is acknowledged, and where each
 * delivery lane marks what it has finished. The engine owns this interface so that the log behind it can change:
 * a segment log on local disk ({@link SegmentLog}) for one node, memory for tests and embedding programs that want
 * no files ({@link MemoryOutbox}), a Kafka topic for a cluster.
 *
 * <p>An event is appended once, with the lanes (topic handlers) it is bound for; a lane acknowledges each event
 * when it is delivered or moved to the dead letters. After a crash, {@link #recovery()} hands every lane back what
 * it had not acknowledged, in order.
 *
 * <p>A record with an empty topic is for its lanes only (a batch of influxDBOut's line protocol), not topic state.
 */
public interface Outbox extends AutoCloseable {

    /**
     * Appends {@code event}, bound for {@code lanes} (possibly none: the record then only keeps topic state).
     * Not durable until {@link #commit()}.
     *
     * @return the event's sequence number, increasing across restarts
     * @throws OutboxException when the log cannot be written
     */
    long append(AlertEvent event, List<String> lanes);

    /**
     * Makes every append made before this call durable (one sync shared by concurrent callers).
     *
     * @throws OutboxException when the log cannot be written or synced
     */
    void commit();

    /** {@code lane} is done with the events {@code seqs[0..count)} (delivered or dead-lettered). */
    void acknowledge(String lane, long[] seqs, int count);

    /** Reads back the event appended as {@code seq} and not yet acknowledged by every lane. */
    AlertEvent read(long seq);

    /**
     * Reads back the events {@code seqs[0..count)} (ascending), as {@link #read(long)} does one by one; a log on disk
     * reads neighbours together. Throws when any of them cannot be read; the caller then reads them one by one.
     */
    default AlertEvent[] read(long[] seqs, int count) {
        AlertEvent[] out = new AlertEvent[count];
        for (int i = 0; i < count; i++) {
            out[i] = read(seqs[i]);
        }
        return out;
    }

    /** What the previous run left behind; empty for a new log. Valid until the first {@link #append}. */
    Recovery recovery();

    /**
     * Topic state for every sequence number up to {@code seq} is durable elsewhere (the server's store), so the log
     * need not keep those events for topic recovery. Only matters where the log was opened to keep topic state.
     */
    void topicCheckpoint(long seq);

    /** The highest sequence number appended so far ({@code 0} when none). */
    long lastSequence();

    /** Whether appended events survive a crash (false for {@link MemoryOutbox}). */
    boolean durable();

    /** Why the log refuses appends, if it does (a disk that failed); the write that would append is refused. */
    default java.util.Optional<String> failure() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
