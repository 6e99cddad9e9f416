package dev.herald.engine.outbox;

import dev.herald.core.event.AlertEvent;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dead letters, in memory and (for the server) in one file that is appended to and synced for every change:
 * they are rare, and each one is an alert someone must still see. The file is compacted when opened.
 */
public final class DeadLetterStore implements AutoCloseable {
    private static final byte ADD = 1;
    private static final byte REMOVE = 2;

    private final Optional<Path> file;
    private final Map<Long, DeadLetter> letters = new LinkedHashMap<>();
    private FileChannel channel;
    private long nextId = 1;

    private DeadLetterStore(Optional<Path> file) {
        this.file = file;
    }

    /** Dead letters kept in memory only. */
    public static DeadLetterStore inMemory() {
        return new DeadLetterStore(Optional.empty());
    }

    /**
     * Opens (creating when absent) the dead letters in {@code file}.
     *
     * @throws OutboxException naming the file when it cannot be read or written
     */
    public static DeadLetterStore open(Path file) {
        DeadLetterStore store = new DeadLetterStore(Optional.of(file));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                store.load(file);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (DeadLetter d : store.letters.values()) {
                    writeFully(out, record(ADD, d));
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            store.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            throw new OutboxException("dead letters " + file + " cannot be used: " + SegmentLog.describe(e), e);
        }
        return store;
    }

    private void load(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                byte[] body = in.readNBytes(length);
                if (body.length != length) {
                    return; // a torn last record: it was never acknowledged to anyone
                }
                EventBinary.In r = new EventBinary.In(body, 0, body.length);
                byte type = r.readByte();
                long id = r.readLong();
                nextId = Math.max(nextId, id + 1);
                if (type == REMOVE) {
                    letters.remove(id);
                    continue;
                }
                String lane = EventBinary.readString(r);
                String kind = EventBinary.readString(r);
                String reason = EventBinary.readString(r);
                int attempts = r.readInt();
                Instant queued = Instant.ofEpochMilli(r.readLong());
                Instant failed = Instant.ofEpochMilli(r.readLong());
                AlertEvent event = EventBinary.read(r);
                letters.put(id, new DeadLetter(id, lane, kind, reason, attempts, queued, failed, event));
            }
        }
    }

    private static byte[] record(byte type, DeadLetter d) {
        EventBinary.Out out = new EventBinary.Out(1024);
        out.writeInt(0);
        out.writeByte(type);
        out.writeLong(d.id());
        if (type == ADD) {
            EventBinary.writeString(out, d.lane());
            EventBinary.writeString(out, d.kind());
            EventBinary.writeString(out, d.reason());
            out.writeInt(d.attempts());
            out.writeLong(d.queuedAt().toEpochMilli());
            out.writeLong(d.failedAt().toEpochMilli());
            EventBinary.write(out, d.event());
        }
        out.putInt(0, out.len - 4);
        return java.util.Arrays.copyOf(out.buf, out.len);
    }

    private static void writeFully(FileChannel ch, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private void persist(byte type, DeadLetter d) {
        if (channel == null) {
            return;
        }
        try {
            writeFully(channel, record(type, d));
            channel.force(false);
        } catch (IOException e) {
            throw new OutboxException("dead letters " + file.orElseThrow() + " not writable: "
                    + SegmentLog.describe(e), e);
        }
    }

    /** Keeps a new dead letter; returns it with its id. */
    public synchronized DeadLetter add(String lane, String kind, String reason, int attempts, Instant queuedAt,
            Instant failedAt, AlertEvent event) {
        DeadLetter d = new DeadLetter(nextId++, lane, kind, reason, attempts, queuedAt, failedAt, event);
        letters.put(d.id(), d);
        persist(ADD, d);
        return d;
    }

    /** Every dead letter, oldest first. */
    public synchronized List<DeadLetter> list() {
        return new ArrayList<>(letters.values());
    }

    /** Dead letter {@code id}. */
    public synchronized Optional<DeadLetter> get(long id) {
        return Optional.ofNullable(letters.get(id));
    }

    /** Removes dead letter {@code id}; false when there was none. */
    public synchronized boolean remove(long id) {
        DeadLetter d = letters.remove(id);
        if (d == null) {
            return false;
        }
        persist(REMOVE, d);
        return true;
    }

    /** How many dead letters there are. */
    public synchronized int size() {
        return letters.size();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Every change was synced when made.
            }
        }
    }
}
