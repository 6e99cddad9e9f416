package dev.herald.engine;

import dev.herald.core.event.Level;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the evaluation side: points in, point evaluations by tasks, events per level. */
public final class EngineMetrics {
    private final LongAdder pointsIn = new LongAdder();
    private final LongAdder evaluations = new LongAdder();
    private final LongAdder rejectedLines = new LongAdder();
    private final LongAdder[] events = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};

    void pointIn() {
        pointsIn.increment();
    }

    void evaluated(int tasks) {
        evaluations.add(tasks);
    }

    void rejected(int lines) {
        rejectedLines.add(lines);
    }

    void event(Level level) {
        events[level.ordinal()].increment();
    }

    /** Points written. */
    public long pointsIn() {
        return pointsIn.sum();
    }

    /** Point × task evaluations. */
    public long evaluations() {
        return evaluations.sum();
    }

    /** Malformed line-protocol lines rejected. */
    public long rejectedLines() {
        return rejectedLines.sum();
    }

    /** Events published at {@code level}. */
    public long events(Level level) {
        return events[level.ordinal()].sum();
    }
}
