package dev.herald.engine.outbox;

import dev.herald.core.event.AlertEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The durable outbox: an append-only log of segment files in one directory, group-committed.
 *
 * <p>Records are {@code [length][crc32c][type][payload]}: EVENT (sequence number, append time, lane ids, the event
 * in {@link EventBinary} form), ACK (a lane id and the sequence numbers it finished), LANE (a lane id and its name,
 * repeated at the head of each segment) and CHECKPOINT (topic state is durable elsewhere up to a sequence number).
 * Appends go to a buffer written out at each {@link #commit()}, when full, and every 100 ms; a commit then syncs the
 * file once for every caller waiting on it.
 *
 * <p>A segment is deleted when it is no longer the one being written, every event in it and in every older segment
 * has been acknowledged by all its lanes, topic state has been checkpointed past it (when topic state is kept
 * here), and the acknowledgements themselves have been synced. Deleting only from the oldest end keeps an ACK from
 * outliving... rather, keeps every ACK alive as long as the event it refers to. On open, every segment is read back;
 * a record that fails its checksum ends that segment (a torn write at a crash) and is counted.
 *
 * <p>One node's lanes share the log, so a lane stuck in a long outage keeps later segments on disk too: disk use
 * grows with everything appended during the outage, not only that lane's backlog.
 */
public final class SegmentLog implements Outbox {
    private static final System.Logger LOG = System.getLogger("dev.herald.engine.outbox");
    private static final byte EVENT = 1;
    private static final byte ACK = 2;
    private static final byte LANE = 3;
    private static final byte CHECKPOINT = 4;
    private static final int HEADER = 9;
    private static final int READ_RANGE = 1 << 20;
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    /** One segment file. */
    private static final class Segment {
        final long firstSeq;
        final Path path;
        FileChannel channel;
        long[] positions = new long[1024];
        int events;
        long outstanding;
        long size;
        long written;
        long synced;

        Segment(long firstSeq, Path path) {
            this.firstSeq = firstSeq;
            this.path = path;
        }

        void position(long seq, long pos) {
            int i = (int) (seq - firstSeq);
            if (i >= positions.length) {
                positions = java.util.Arrays.copyOf(positions, Math.max(i + 1, positions.length * 2));
            }
            positions[i] = pos;
            events = Math.max(events, i + 1);
        }

        long lastSeq() {
            return firstSeq + events - 1;
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private final boolean keepTopicState;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final Map<String, Integer> laneIds = new HashMap<>();
    private final List<String> laneNames = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private final CRC32C crc = new CRC32C();
    private final Object syncLock = new Object();
    private final ScheduledExecutorService maintenance;
    private Segment current;
    private long nextSeq;
    private long checkpoint;
    private long lastAck;
    private Recovery recovery;
    private volatile OutboxException failure;
    private boolean closed;

    private SegmentLog(Path dir, long segmentBytes, boolean keepTopicState) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.keepTopicState = keepTopicState;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-outbox");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (creating when absent) the log in {@code dir} and reads back what it holds.
     *
     * @param segmentBytes   the size at which a new segment is started
     * @param keepTopicState whether events must also stay until {@link #topicCheckpoint} passes them
     * @throws OutboxException naming the directory when it cannot be created, read or written
     */
    public static SegmentLog open(Path dir, long segmentBytes, boolean keepTopicState) {
        SegmentLog log = new SegmentLog(dir, segmentBytes, keepTopicState);
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new IOException("directory is not writable");
            }
            log.recover();
            log.startSegment();
            log.flushBuffer();
            log.syncCurrent();
        } catch (IOException | RuntimeException e) {
            log.maintenance.shutdownNow();
            throw new OutboxException("outbox " + dir + " cannot be used: " + describe(e), e);
        }
        log.maintenance.scheduleWithFixedDelay(log::maintain, 100, 100, TimeUnit.MILLISECONDS);
        return log;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        String what = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        return what;
    }

    // ---- recovery -----------------------------------------------------------------------------------------------

    private static final class Open {
        final long appendedAt;
        final Segment segment;
        final java.util.BitSet lanes = new java.util.BitSet();

        Open(long appendedAt, Segment segment) {
            this.appendedAt = appendedAt;
            this.segment = segment;
        }
    }

    private void recover() throws IOException {
        List<Path> files;
        try (var stream = Files.list(dir)) {
            files = stream.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                    && p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        Map<Integer, String> names = new HashMap<>();
        TreeMap<Long, Open> open = new TreeMap<>();
        List<Long> topicSeqs = new ArrayList<>();
        long corrupt = 0;
        long maxSeq = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            String n = file.getFileName().toString();
            long first = Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
            Segment seg = new Segment(first, file);
            seg.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = seg.channel.size();
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            long pos = 0;
            while (pos < size) {
                head.clear();
                if (readFully(seg.channel, head, pos) < HEADER) {
                    corrupt++;
                    break;
                }
                head.flip();
                int length = head.getInt();
                int sum = head.getInt();
                byte type = head.get();
                if (length < 0 || pos + HEADER + length > size) {
                    corrupt++;
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(length);
                readFully(seg.channel, body, pos + HEADER);
                CRC32C c = new CRC32C();
                c.update(type);
                c.update(body.array(), 0, length);
                if ((int) c.getValue() != sum) {
                    corrupt++;
                    break;
                }
                body.flip();
                switch (type) {
                    case EVENT -> {
                        long seq = body.getLong();
                        long at = body.getLong();
                        int nLanes = body.getInt();
                        Open o = new Open(at, seg);
                        for (int i = 0; i < nLanes; i++) {
                            o.lanes.set(body.getInt());
                        }
                        seg.position(seq, pos);
                        maxSeq = Math.max(maxSeq, seq);
                        if (!o.lanes.isEmpty()) {
                            open.put(seq, o);
                        }
                        topicSeqs.add(seq);
                    }
                    case ACK -> {
                        int lane = body.getInt();
                        int count = body.getInt();
                        for (int i = 0; i < count; i++) {
                            long acked = body.getLong();
                            Open o = open.get(acked);
                            if (o != null) {
                                o.lanes.clear(lane);
                                if (o.lanes.isEmpty()) {
                                    open.remove(acked);
                                }
                            }
                        }
                    }
                    case LANE -> {
                        int id = body.getInt();
                        byte[] b = new byte[body.remaining()];
                        body.get(b);
                        names.put(id, new String(b, StandardCharsets.UTF_8));
                    }
                    case CHECKPOINT -> checkpoint = Math.max(checkpoint, body.getLong());
                    default -> corrupt++;
                }
                pos += HEADER + length;
            }
            if (pos < size) {
                // A torn tail: cut it off so that later appends to this file cannot be misread after it.
                seg.channel.truncate(pos);
                LOG.log(System.Logger.Level.WARNING, "outbox segment " + file + ": unreadable record at byte "
                        + pos + " (a write torn by a crash); the rest of the segment was cut off");
            }
            seg.size = pos;
            seg.written = pos;
            seg.synced = pos;
            segments.put(first, seg);
        }
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            while (laneNames.size() <= e.getKey()) {
                laneNames.add(null);
            }
            laneNames.set(e.getKey(), e.getValue());
            laneIds.put(e.getValue(), e.getKey());
        }
        Map<String, List<Recovery.Pending>> lanes = new LinkedHashMap<>();
        for (Map.Entry<Long, Open> e : open.entrySet()) {
            Open o = e.getValue();
            o.segment.outstanding += o.lanes.cardinality();
            for (int lane = o.lanes.nextSetBit(0); lane >= 0; lane = o.lanes.nextSetBit(lane + 1)) {
                String name = lane < laneNames.size() && laneNames.get(lane) != null ? laneNames.get(lane)
                        : "lane-" + lane;
                lanes.computeIfAbsent(name, k -> new ArrayList<>()).add(new Recovery.Pending(e.getKey(), o.appendedAt));
            }
        }
        long cp = checkpoint;
        List<Long> topicEvents = keepTopicState ? topicSeqs.stream().filter(s -> s > cp).toList() : List.of();
        recovery = new Recovery(lanes, topicEvents, corrupt);
        nextSeq = Math.max(maxSeq + 1, segments.isEmpty() ? 1 : segments.lastKey());
        if (corrupt > 0) {
            LOG.log(System.Logger.Level.WARNING, "outbox " + dir + ": " + corrupt + " unreadable record(s) skipped");
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    private void startSegment() throws IOException {
        Path path = dir.resolve(String.format("%s%020d%s", PREFIX, nextSeq, SUFFIX));
        Segment stale = segments.remove(nextSeq);
        if (stale != null) {
            // An empty segment left by the previous run (no events, only lane names): start it afresh.
            stale.channel.close();
        }
        Segment seg = new Segment(nextSeq, path);
        seg.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        seg.channel.truncate(0);
        segments.put(nextSeq, seg);
        current = seg;
        for (int id = 0; id < laneNames.size(); id++) {
            if (laneNames.get(id) != null) {
                writeLane(id, laneNames.get(id));
            }
        }
        if (checkpoint > 0) {
            writeRecord(CHECKPOINT, ByteBuffer.allocate(8).putLong(0, checkpoint).array(), 8);
        }
        // The directory entry of a new file must be synced too, or the file may vanish at a power loss.
        syncDirectory();
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system can open a directory; the segment's own sync still holds its data.
        }
    }

    private void writeLane(int id, String name) throws IOException {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer p = ByteBuffer.allocate(4 + b.length).putInt(id).put(b);
        writeRecord(LANE, p.array(), p.capacity());
    }

    /** Writes one record to the buffer (or straight to the file when larger than the buffer). */
    private long writeRecord(byte type, byte[] payload, int length) throws IOException {
        long pos = current.size;
        crc.reset();
        crc.update(type);
        crc.update(payload, 0, length);
        int total = HEADER + length;
        if (total > buffer.remaining()) {
            flushBuffer();
        }
        if (total > buffer.capacity()) {
            ByteBuffer big = ByteBuffer.allocate(total);
            big.putInt(length).putInt((int) crc.getValue()).put(type).put(payload, 0, length).flip();
            while (big.hasRemaining()) {
                current.channel.write(big, current.written + big.position());
            }
            current.written += total;
        } else {
            buffer.putInt(length).putInt((int) crc.getValue()).put(type).put(payload, 0, length);
        }
        current.size += total;
        return pos;
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            current.written += current.channel.write(buffer, current.written);
        }
        buffer.clear();
    }

    private void syncCurrent() throws IOException {
        current.channel.force(false);
        current.synced = current.written;
    }

    private void check() {
        OutboxException f = failure;
        if (f != null) {
            throw f;
        }
        if (closed) {
            throw new OutboxException("outbox " + dir + " is closed", null);
        }
    }

    private OutboxException fail(IOException e) {
        OutboxException f = new OutboxException("outbox " + dir + " is not writable: " + describe(e), e);
        if (failure == null) {
            failure = f;
            LOG.log(System.Logger.Level.ERROR, f.getMessage() + "; writes are refused (503) until the disk "
                    + "problem is fixed and Herald restarted; events already accepted are still delivered");
        }
        return failure;
    }

    private int laneId(String lane) throws IOException {
        Integer id = laneIds.get(lane);
        if (id == null) {
            id = laneNames.size();
            laneNames.add(lane);
            laneIds.put(lane, id);
            writeLane(id, lane);
        }
        return id;
    }

    private final EventBinary.Out scratch = new EventBinary.Out(4096);

    @Override
    public synchronized long append(AlertEvent event, List<String> lanes) {
        check();
        try {
            int[] ids = new int[lanes.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = laneId(lanes.get(i));
            }
            long seq = nextSeq;
            scratch.reset();
            scratch.writeLong(seq);
            scratch.writeLong(System.currentTimeMillis());
            scratch.writeInt(ids.length);
            for (int id : ids) {
                scratch.writeInt(id);
            }
            EventBinary.write(scratch, event);
            long pos = writeRecord(EVENT, scratch.buf, scratch.len);
            nextSeq++;
            current.position(seq, pos);
            current.outstanding += ids.length;
            if (current.size >= segmentBytes) {
                flushBuffer();
                syncCurrent();
                startSegment();
            }
            return seq;
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void commit() {
        Segment seg;
        long target;
        synchronized (this) {
            check();
            try {
                flushBuffer();
            } catch (IOException e) {
                throw fail(e);
            }
            seg = current;
            target = seg.written;
        }
        synchronized (syncLock) {
            if (seg.synced >= target) {
                return;
            }
            long upTo;
            synchronized (this) {
                upTo = seg.written;
            }
            try {
                seg.channel.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                // Rolled over and synced at the roll, or closed: nothing left to sync in this segment.
                return;
            } catch (IOException e) {
                synchronized (this) {
                    throw fail(e);
                }
            }
            seg.synced = Math.max(seg.synced, upTo);
        }
    }

    @Override
    public synchronized void acknowledge(String lane, long[] seqs, int count) {
        if (count == 0 || closed) {
            return;
        }
        for (int i = 0; i < count; i++) {
            Map.Entry<Long, Segment> e = segments.floorEntry(seqs[i]);
            if (e != null) {
                e.getValue().outstanding--;
            }
        }
        if (failure != null) {
            return;
        }
        try {
            int id = laneId(lane);
            ByteBuffer p = ByteBuffer.allocate(8 + 8 * count).putInt(id).putInt(count);
            for (int i = 0; i < count; i++) {
                p.putLong(seqs[i]);
            }
            writeRecord(ACK, p.array(), p.capacity());
            lastAck = System.nanoTime();
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public AlertEvent read(long seq) {
        Segment seg;
        long pos;
        synchronized (this) {
            Map.Entry<Long, Segment> e = segments.floorEntry(seq);
            if (e == null || seq > e.getValue().lastSeq()) {
                throw new IllegalStateException("outbox " + dir + " holds no event " + seq);
            }
            seg = e.getValue();
            pos = seg.positions[(int) (seq - seg.firstSeq)];
            if (seg == current && pos >= current.written) {
                try {
                    flushBuffer();
                } catch (IOException ex) {
                    throw fail(ex);
                }
            }
        }
        try {
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            readFully(seg.channel, head, pos);
            int length = head.getInt(0);
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(seg.channel, body, pos + HEADER);
            body.flip();
            body.getLong();
            body.getLong();
            int nLanes = body.getInt();
            int offset = 20 + 4 * nLanes;
            return EventBinary.decode(body.array(), offset, length - offset);
        } catch (IOException e) {
            throw new OutboxException("outbox " + dir + ": cannot read event " + seq + ": " + describe(e), e);
        }
    }

    /**
     * One positioned read per run of neighbouring events (at most {@link #READ_RANGE} bytes) instead of two per event:
     * a lane reading its backlog back takes events in sequence order, mostly next to each other on disk.
     */
    @Override
    public AlertEvent[] read(long[] seqs, int count) {
        AlertEvent[] out = new AlertEvent[count];
        int i = 0;
        while (i < count) {
            Segment seg;
            long start;
            long end;
            int j;
            long[] at;
            synchronized (this) {
                Map.Entry<Long, Segment> e = segments.floorEntry(seqs[i]);
                if (e == null || seqs[i] > e.getValue().lastSeq()) {
                    throw new IllegalStateException("outbox " + dir + " holds no event " + seqs[i]);
                }
                seg = e.getValue();
                start = seg.positions[(int) (seqs[i] - seg.firstSeq)];
                j = i + 1;
                while (j < count && seqs[j] > seqs[j - 1] && seqs[j] <= seg.lastSeq()
                        && seg.positions[(int) (seqs[j] - seg.firstSeq)] - start < READ_RANGE) {
                    j++;
                }
                at = new long[j - i];
                for (int k = i; k < j; k++) {
                    at[k - i] = seg.positions[(int) (seqs[k] - seg.firstSeq)];
                }
                long last = seqs[j - 1];
                end = last < seg.lastSeq() ? seg.positions[(int) (last + 1 - seg.firstSeq)] : -1;
                if (seg == current && (end < 0 || end > current.written)) {
                    try {
                        flushBuffer();
                    } catch (IOException ex) {
                        throw fail(ex);
                    }
                }
                if (end < 0) {
                    end = seg.written;
                }
            }
            ByteBuffer range = ByteBuffer.allocate((int) (end - start));
            try {
                if (readFully(seg.channel, range, start) < end - start) {
                    throw new IOException("segment " + seg.path.getFileName() + " ends before event " + seqs[j - 1]);
                }
            } catch (IOException e) {
                throw new OutboxException("outbox " + dir + ": cannot read events from " + seqs[i] + ": "
                        + describe(e), e);
            }
            byte[] bytes = range.array();
            for (int k = 0; k < at.length; k++) {
                int off = (int) (at[k] - start);
                int length = range.getInt(off);
                int nLanes = range.getInt(off + HEADER + 16);
                int skip = 20 + 4 * nLanes;
                out[i + k] = EventBinary.decode(bytes, off + HEADER + skip, length - skip);
            }
            i = j;
        }
        return out;
    }

    @Override
    public synchronized Recovery recovery() {
        return recovery;
    }

    @Override
    public synchronized void topicCheckpoint(long seq) {
        if (seq <= checkpoint || failure != null || closed) {
            checkpoint = Math.max(checkpoint, seq);
            return;
        }
        checkpoint = seq;
        try {
            writeRecord(CHECKPOINT, ByteBuffer.allocate(8).putLong(0, seq).array(), 8);
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public synchronized long lastSequence() {
        return nextSeq - 1;
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** The directory of the log. */
    public Path directory() {
        return dir;
    }

    /** Segment files on disk now. */
    public synchronized int segmentCount() {
        return segments.size();
    }

    @Override
    public java.util.Optional<String> failure() {
        OutboxException f = failure;
        return f == null ? java.util.Optional.empty() : java.util.Optional.of(f.getMessage());
    }

    /** Syncs what was appended or acknowledged since the last commit, and deletes finished segments. */
    void maintain() {
        try {
            if (failure == null && !closed) {
                commit();
                deleteFinished();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "outbox maintenance: " + e.getMessage());
        }
    }

    private synchronized void deleteFinished() {
        while (segments.size() > 1) {
            Segment oldest = segments.firstEntry().getValue();
            if (oldest == current || oldest.outstanding > 0
                    || keepTopicState && oldest.events > 0 && oldest.lastSeq() > checkpoint) {
                return;
            }
            // The ACKs for this segment's events were synced by the commit just before (acknowledged events only
            // ever have their ACK in this or a later segment, all older than the current one or synced).
            try {
                oldest.channel.close();
                Files.deleteIfExists(oldest.path);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "outbox: cannot delete " + oldest.path + ": " + describe(e));
                return;
            }
            segments.pollFirstEntry();
        }
    }

    @Override
    public void close() {
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                if (failure == null) {
                    flushBuffer();
                    syncCurrent();
                }
            } catch (IOException e) {
                fail(e);
            }
            closed = true;
            for (Segment s : segments.values()) {
                try {
                    s.channel.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing " + s.path + ": " + e);
                }
            }
        }
    }
}
