package dev.herald.engine.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogTest {
    @TempDir
    Path dir;

    static AlertEvent event(int n) {
        Map<String, Object> fields = Map.of("usage_idle", 3.25 + n, "count", (long) n, "up", true, "note", "é\n\"x\"");
        SeriesRow row = new SeriesRow("cpu", Map.of("host", "h" + n), List.of("time", "usage_idle"),
                List.of(Arrays.asList(Instant.ofEpochSecond(n, 5), 3.25 + n), Arrays.asList(Instant.EPOCH, null)));
        return new AlertEvent("main:cpu:alert2", "cpu:host=h" + n, "CRITICAL " + n, "<b>details</b>".repeat(n % 3),
                Instant.ofEpochSecond(1_700_000_000L + n, 123_456_789), Duration.ofSeconds(n), Level.CRITICAL,
                Level.WARNING, new EventData("cpu", "cpu_alert", "", "host=h" + n, Map.of("host", "h" + n), fields,
                        n % 2 == 0, List.of(row)));
    }

    private static long[] seqs(List<Recovery.Pending> pending) {
        return pending.stream().mapToLong(Recovery.Pending::seq).toArray();
    }

    @Test
    void whatWasCommittedAndNotAcknowledgedComesBackPerLaneInOrderAfterACrash() {
        SegmentLog log = SegmentLog.open(dir, 1 << 20, false);
        List<Long> seq = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seq.add(log.append(event(i), i % 2 == 0 ? List.of("cpu/slack", "cpu/~log-0") : List.of("cpu/slack")));
        }
        log.acknowledge("cpu/slack", new long[] {seq.get(0), seq.get(1), seq.get(2)}, 3);
        log.acknowledge("cpu/~log-0", new long[] {seq.get(0), seq.get(2), seq.get(4), seq.get(6), seq.get(8)}, 5);
        log.commit();
        // A crash: the log is never closed, and a new process opens the directory.
        SegmentLog after = SegmentLog.open(dir, 1 << 20, false);
        Recovery r = after.recovery();
        assertEquals(List.of("cpu/slack"), List.copyOf(r.lanes().keySet()));
        assertEquals(seq.subList(3, 10), Arrays.stream(seqs(r.lanes().get("cpu/slack"))).boxed().toList());
        for (int i = 3; i < 10; i++) {
            assertEquals(event(i), after.read(seq.get(i)), "the event comes back exactly as appended");
        }
        assertEquals(0, r.corrupt());
        long next = after.append(event(99), List.of("cpu/slack"));
        assertTrue(next > seq.get(9), "sequence numbers keep growing across restarts");
        after.close();
        log.close();
    }

    @Test
    void aTornWriteAtTheEndIsCutOffCountedAndTheRestRecovered() throws IOException {
        SegmentLog log = SegmentLog.open(dir, 1 << 20, false);
        long a = log.append(event(1), List.of("t/h"));
        long b = log.append(event(2), List.of("t/h"));
        log.commit();
        log.close();
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.sorted().reduce((x, y) -> y).orElseThrow();
        }
        Files.write(segment, new byte[] {0, 0, 1, 0, 7, 7}, StandardOpenOption.APPEND);
        SegmentLog after = SegmentLog.open(dir, 1 << 20, false);
        assertEquals(1, after.recovery().corrupt());
        assertEquals(List.of(a, b), Arrays.stream(seqs(after.recovery().lanes().get("t/h"))).boxed().toList());
        long c = after.append(event(3), List.of("t/h"));
        after.commit();
        after.close();
        SegmentLog again = SegmentLog.open(dir, 1 << 20, false);
        assertEquals(0, again.recovery().corrupt(), "the torn tail was cut off, so later appends read cleanly");
        assertEquals(List.of(a, b, c), Arrays.stream(seqs(again.recovery().lanes().get("t/h"))).boxed().toList());
        again.close();
    }

    @Test
    void readingNeighboursTogetherGivesWhatReadingEachGivesAcrossSegmentsAcksAndTheUnwrittenBuffer() {
        SegmentLog log = SegmentLog.open(dir, 4096, false); // small segments: runs cross segment ends
        List<Long> seq = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            seq.add(log.append(event(i), i % 3 == 0 ? List.of("a", "b") : List.of("b")));
            if (i % 7 == 0) {
                log.acknowledge("a", new long[] {seq.get(i)}, 1); // ACK records between the events
            }
            if (i == 60) {
                log.commit();
            }
        }
        // the last events are still in the write buffer: the range read must see them
        long[] every = seq.stream().mapToLong(Long::longValue).toArray();
        long[] sparse = java.util.stream.IntStream.range(0, 120).filter(i -> i % 3 == 0 || i > 110)
                .mapToLong(i -> seq.get(i)).toArray();
        for (long[] wanted : List.of(every, sparse, new long[] {seq.get(119)}, new long[] {seq.get(5), seq.get(4)})) {
            AlertEvent[] got = log.read(wanted, wanted.length);
            for (int k = 0; k < wanted.length; k++) {
                assertEquals(log.read(wanted[k]), got[k], "event " + wanted[k]);
            }
        }
        assertEquals(event(119), log.read(every, every.length)[119]);
        log.close();
    }

    @Test
    void finishedSegmentsAreDeletedOldestFirstAndOnlyPastTheTopicCheckpoint() {
        SegmentLog log = SegmentLog.open(dir, 4096, true);
        List<Long> seq = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seq.add(log.append(event(i), List.of("t/h")));
        }
        assertTrue(log.segmentCount() > 5, "segments roll at the size limit");
        long[] all = seq.stream().mapToLong(Long::longValue).toArray();
        log.acknowledge("t/h", all, all.length);
        log.maintain();
        assertTrue(log.segmentCount() > 5, "topic state not checkpointed yet: segments stay");
        log.topicCheckpoint(seq.get(199));
        log.maintain();
        assertEquals(1, log.segmentCount());
        log.close();
        SegmentLog after = SegmentLog.open(dir, 4096, true);
        assertEquals(Map.of(), after.recovery().lanes());
        assertEquals(List.of(), after.recovery().topicEvents());
        after.close();
    }

    @Test
    void topicEventsAfterTheCheckpointAreReplayedAndAnUnackedSegmentKeepsLaterOnes() {
        SegmentLog log = SegmentLog.open(dir, 4096, true);
        long first = log.append(event(0), List.of("t/stuck"));
        List<Long> later = new ArrayList<>();
        for (int i = 1; i < 100; i++) {
            later.add(log.append(event(i), List.of()));
        }
        log.topicCheckpoint(later.get(97));
        log.maintain();
        assertTrue(log.segmentCount() > 1, "the oldest segment has an unacknowledged event, so nothing goes");
        log.commit();
        SegmentLog after = SegmentLog.open(dir, 4096, true);
        assertEquals(List.of(later.get(98)), after.recovery().topicEvents());
        assertEquals(List.of(first), Arrays.stream(seqs(after.recovery().lanes().get("t/stuck"))).boxed().toList());
        after.close();
        log.close();
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsAClearError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        OutboxException e = assertThrows(OutboxException.class,
                () -> SegmentLog.open(file.resolve("outbox"), 1 << 20, false));
        assertTrue(e.getMessage().startsWith("outbox " + file.resolve("outbox") + " cannot be used: "),
                e.getMessage());
    }

    @Test
    void aFullDiskStopsWritesWithTheKernelsReasonAndKeepsWhatWasCommitted() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir, "64k")) {
            SegmentLog log = SegmentLog.open(disk.path().resolve("outbox"), 1 << 20, false);
            List<Long> committed = new ArrayList<>();
            OutboxException full = null;
            for (int i = 0; i < 10_000 && full == null; i++) {
                try {
                    long s = log.append(event(i), List.of("t/h"));
                    log.commit();
                    committed.add(s);
                } catch (OutboxException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "a 64 KB disk fills up");
            assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
            OutboxException again = assertThrows(OutboxException.class, () -> log.append(event(1), List.of("t/h")));
            assertEquals(full.getMessage(), again.getMessage(), "the outbox stays failed: writes are refused");
            assertTrue(log.failure().isPresent());
            log.close();
            OutboxException stillFull = assertThrows(OutboxException.class,
                    () -> SegmentLog.open(disk.path().resolve("outbox"), 1 << 20, false));
            assertTrue(stillFull.getMessage().contains("No space left on device"), "start-up on a full disk says so");
            // The operator frees space (here: moves the files to a roomier disk) and starts again.
            Path moved = Files.createDirectories(dir.resolve("moved"));
            try (var files = Files.list(disk.path().resolve("outbox"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, moved.resolve(f.getFileName()));
                }
            }
            SegmentLog after = SegmentLog.open(moved, 1 << 20, false);
            List<Long> back = Arrays.stream(seqs(after.recovery().lanes().get("t/h"))).boxed().toList();
            assertEquals(committed, back.subList(0, committed.size()), "every committed event is still there");
            after.close();
        }
    }
}
