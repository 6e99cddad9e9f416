package dev.herald.engine.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A lane's counters per minute over the last hour: a ring of 60 buckets indexed by minute, a bucket reset when its
 * slot comes round again. Not thread-safe: the lane calls it holding its own lock.
 */
final class LaneHistory {
    static final int MINUTES = 60;
    private static final long MINUTE = 60_000;

    private final long[] minute = new long[MINUTES];
    private final long[] delivered = new long[MINUTES];
    private final long[] retries = new long[MINUTES];
    private final long[] dead = new long[MINUTES];
    private final long[] calls = new long[MINUTES];
    private final long[] callNanos = new long[MINUTES];
    private final long[] maxNanos = new long[MINUTES];

    private int slot(long nowMillis) {
        long m = nowMillis / MINUTE;
        int i = (int) (m % MINUTES);
        if (minute[i] != m) {
            minute[i] = m;
            delivered[i] = 0;
            retries[i] = 0;
            dead[i] = 0;
            calls[i] = 0;
            callNanos[i] = 0;
            maxNanos[i] = 0;
        }
        return i;
    }

    void delivered(long nowMillis, int events, long nanos) {
        int i = slot(nowMillis);
        delivered[i] += events;
        calls[i]++;
        callNanos[i] += nanos;
        maxNanos[i] = Math.max(maxNanos[i], nanos);
    }

    void retried(long nowMillis) {
        retries[slot(nowMillis)]++;
    }

    void deadLettered(long nowMillis) {
        dead[slot(nowMillis)]++;
    }

    /** The 60 minutes up to and including the current one, oldest first, empty minutes as zeros. */
    List<LaneMinute> lastHour(long nowMillis) {
        long current = nowMillis / MINUTE;
        List<LaneMinute> out = new ArrayList<>(MINUTES);
        for (long m = current - MINUTES + 1; m <= current; m++) {
            int i = (int) (m % MINUTES);
            Instant start = Instant.ofEpochMilli(m * MINUTE);
            if (minute[i] != m) {
                out.add(new LaneMinute(start, 0, 0, 0, 0, 0));
            } else {
                out.add(new LaneMinute(start, delivered[i], retries[i], dead[i],
                        calls[i] == 0 ? 0 : callNanos[i] / 1e6 / calls[i], maxNanos[i] / 1e6));
            }
        }
        return out;
    }
}
