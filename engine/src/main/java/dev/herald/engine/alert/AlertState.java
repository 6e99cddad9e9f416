package dev.herald.engine.alert;

import dev.herald.core.event.Level;
import java.time.Duration;
import java.time.Instant;

/**
 * The alert state of one group: a ring of recent levels (for change and flapping detection) and when the current
 * non-OK episode began and was last triggered. Kapacitor's rules: the event is "changed" when the new level
 * differs from the previous one; the flapping measure weighs recent changes more (weights from 1/1.5 rising to
 * 1.2 over the history); {@code .stateChangesOnly(d)} lets an unchanged state through once {@code d} has passed
 * since it was last triggered.
 */
final class AlertState {
    /** Level.values() copies its array on every call; this is the hot path. */
    private static final Level[] LEVELS = Level.values();
    private static final double WEIGHT_DIFF = 1.5;
    private static final double MAX_WEIGHT = 1.2;

    private final byte[] history;
    private int index;
    private boolean flapping;
    private boolean changed;
    private boolean expired;
    private Instant firstTriggered = Instant.EPOCH;
    private Instant lastTriggered = Instant.EPOCH;

    AlertState(int historySize) {
        this.history = new byte[Math.max(2, historySize)];
    }

    Level current() {
        return LEVELS[history[index]];
    }

    boolean changed() {
        return changed;
    }

    boolean expired() {
        return expired;
    }

    boolean flapping() {
        return flapping;
    }

    /** Records level {@code level} seen at {@code time}. */
    void add(Instant time, Level level, boolean useFlapping, double flapLow, double flapHigh,
            Duration stateChangesOnlyInterval) {
        changed = history[index] != level.ordinal();
        index = (index + 1) % history.length;
        history[index] = (byte) level.ordinal();
        if (useFlapping) {
            double p = percentChange();
            if (flapping && p < flapLow) {
                flapping = false;
            } else if (!flapping && p > flapHigh) {
                flapping = true;
            }
        }
        expired = !changed && !stateChangesOnlyInterval.isZero()
                && Duration.between(lastTriggered, time).compareTo(stateChangesOnlyInterval) >= 0;
    }

    /** Records that an event was emitted at {@code time}; returns whether the state is non-OK afterwards. */
    boolean triggered(Instant time) {
        lastTriggered = time;
        int previous = index - 1 < 0 ? history.length - 1 : index - 1;
        if (history[previous] == Level.OK.ordinal()) {
            firstTriggered = time;
        }
        return history[index] != Level.OK.ordinal();
    }

    /** Restores a non-OK state read back from a topic (after a restart). */
    void restore(Instant eventTime, Level level, Instant triggeredAt, Duration interval) {
        add(eventTime, level, false, 0, 1, interval);
        triggered(triggeredAt);
    }

    /** Everything this state holds, for a cluster's changelog; {@link #read} gives it back. */
    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeByte(history.length);
        out.write(history);
        out.writeByte(index);
        out.writeByte((flapping ? 1 : 0) | (changed ? 2 : 0) | (expired ? 4 : 0));
        out.writeLong(firstTriggered.getEpochSecond());
        out.writeInt(firstTriggered.getNano());
        out.writeLong(lastTriggered.getEpochSecond());
        out.writeInt(lastTriggered.getNano());
    }

    /** The state {@link #write} wrote, in a ring of {@code historySize} (what the node has now, if it changed). */
    static AlertState read(java.io.DataInputStream in, int historySize) throws java.io.IOException {
        byte[] written = new byte[in.readUnsignedByte()];
        in.readFully(written);
        int writtenIndex = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        AlertState s = new AlertState(historySize);
        // newest last, in the ring of the size the node has now
        int n = Math.min(written.length, s.history.length);
        for (int i = n - 1; i >= 0; i--) {
            int from = Math.floorMod(writtenIndex - i, written.length);
            s.index = (s.index + 1) % s.history.length;
            s.history[s.index] = written[from];
        }
        s.flapping = (flags & 1) != 0;
        s.changed = (flags & 2) != 0;
        s.expired = (flags & 4) != 0;
        s.firstTriggered = Instant.ofEpochSecond(in.readLong(), in.readInt());
        s.lastTriggered = Instant.ofEpochSecond(in.readLong(), in.readInt());
        return s;
    }

    Duration duration() {
        return Duration.between(firstTriggered, lastTriggered);
    }

    private double percentChange() {
        int l = history.length;
        double changes = 0;
        double weight = MAX_WEIGHT / WEIGHT_DIFF;
        double step = (MAX_WEIGHT - weight) / (l - 1);
        for (int i = 0; i < l - 1; i++) {
            int c = (i + index) % l;
            int p = c - 1 < 0 ? l - 1 : c - 1;
            if (history[c] != history[p]) {
                changes += weight;
            }
            weight += step;
        }
        return changes / (l - 1);
    }
}
