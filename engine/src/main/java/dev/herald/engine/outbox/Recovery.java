package dev.herald.engine.outbox;

import java.util.List;
import java.util.Map;

/**
 * What a previous run left in the outbox.
 *
 * @param lanes       per lane name, the events it had not acknowledged, in append order
 * @param topicEvents sequence numbers of events published after the last topic checkpoint, in order (to replay into
 *                    topic state)
 * @param corrupt     records that failed their checksum and were skipped (a torn write at a crash)
 */
public record Recovery(Map<String, List<Pending>> lanes, List<Long> topicEvents, long corrupt) {

    /** Nothing to recover. */
    public static final Recovery EMPTY = new Recovery(Map.of(), List.of(), 0);

    /**
     * One unacknowledged event.
     *
     * @param seq        its sequence number
     * @param appendedAt when it was appended, epoch milliseconds (for a retry policy's maximum age)
     */
    public record Pending(long seq, long appendedAt) {
    }

    /** Events waiting across all lanes. */
    public long pendingCount() {
        return lanes.values().stream().mapToLong(List::size).sum();
    }
}
