package dev.herald.engine.outbox;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact binary form of an {@link AlertEvent} for the outbox and the dead-letter file: everything needed to
 * deliver the event again exactly as first published (field types, times and series values included). Binary rather
 * than JSON because every event bound for a handler is written once on the evaluation path.
 */
final class EventBinary {
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte TRUE = 4;
    private static final byte FALSE = 5;
    private static final byte TIME = 6;
    private static final Level[] LEVELS = Level.values();

    private EventBinary() {
    }

    /**
     * A growable byte buffer written big-endian, as {@link DataOutputStream} would, without its per-byte
     * synchronized calls (encoding is on the evaluation path).
     */
    static final class Out {
        byte[] buf;
        int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        void reset() {
            len = 0;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
            }
        }

        void writeByte(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void writeBoolean(boolean v) {
            writeByte(v ? 1 : 0);
        }

        void writeInt(int v) {
            ensure(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeDouble(double v) {
            writeLong(Double.doubleToLongBits(v));
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        /** Writes {@code v} at {@code at} (a length filled in afterwards). */
        void putInt(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }
    }

    /** Reads what {@link Out} wrote. */
    static final class In {
        private final byte[] buf;
        private int pos;
        private final int end;

        In(byte[] buf, int offset, int length) {
            this.buf = buf;
            this.pos = offset;
            this.end = offset + length;
        }

        private void need(int n) throws java.io.EOFException {
            if (pos + n > end) {
                throw new java.io.EOFException();
            }
        }

        byte readByte() throws java.io.EOFException {
            need(1);
            return buf[pos++];
        }

        boolean readBoolean() throws java.io.EOFException {
            return readByte() != 0;
        }

        int readInt() throws java.io.EOFException {
            need(4);
            int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                    | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long readLong() throws java.io.EOFException {
            return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
        }

        double readDouble() throws java.io.EOFException {
            return Double.longBitsToDouble(readLong());
        }

        String readString(int n) throws java.io.EOFException {
            if (n < 0) {
                throw new java.io.EOFException();
            }
            need(n);
            String s = new String(buf, pos, n, java.nio.charset.StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
    }

    static byte[] encode(AlertEvent e) {
        Out out = new Out(512);
        write(out, e);
        return java.util.Arrays.copyOf(out.buf, out.len);
    }

    static void write(Out out, AlertEvent e) {
        writeString(out, e.topic());
        writeString(out, e.id());
        writeString(out, e.message());
        writeString(out, e.details());
        writeInstant(out, e.time());
        out.writeLong(e.duration().toNanos());
        out.writeByte(e.level().ordinal());
        out.writeByte(e.previousLevel().ordinal());
        EventData d = e.data();
        writeString(out, d.name());
        writeString(out, d.taskName());
        writeString(out, d.category());
        writeString(out, d.group());
        out.writeInt(d.tags().size());
        for (Map.Entry<String, String> t : d.tags().entrySet()) {
            writeString(out, t.getKey());
            writeString(out, t.getValue());
        }
        out.writeInt(d.fields().size());
        for (Map.Entry<String, Object> f : d.fields().entrySet()) {
            writeString(out, f.getKey());
            writeValue(out, f.getValue());
        }
        out.writeBoolean(d.recoverable());
        out.writeInt(d.series().size());
        for (SeriesRow row : d.series()) {
            writeString(out, row.name());
            out.writeInt(row.tags().size());
            for (Map.Entry<String, String> t : row.tags().entrySet()) {
                writeString(out, t.getKey());
                writeString(out, t.getValue());
            }
            out.writeInt(row.columns().size());
            for (String c : row.columns()) {
                writeString(out, c);
            }
            out.writeInt(row.values().size());
            for (List<Object> values : row.values()) {
                out.writeInt(values.size());
                for (Object v : values) {
                    writeValue(out, v);
                }
            }
        }
    }

    static AlertEvent decode(byte[] bytes, int offset, int length) {
        try {
            return read(new In(bytes, offset, length));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable event record: " + e, e);
        }
    }

    static AlertEvent read(In in) throws IOException {
        String topic = readString(in);
        String id = readString(in);
        String message = readString(in);
        String details = readString(in);
        Instant time = readInstant(in);
        Duration duration = Duration.ofNanos(in.readLong());
        Level level = LEVELS[in.readByte()];
        Level previous = LEVELS[in.readByte()];
        String name = readString(in);
        String taskName = readString(in);
        String category = readString(in);
        String group = readString(in);
        Map<String, String> tags = readTags(in);
        int nFields = in.readInt();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < nFields; i++) {
            fields.put(readString(in), readValue(in));
        }
        boolean recoverable = in.readBoolean();
        int nSeries = in.readInt();
        List<SeriesRow> series = new ArrayList<>(nSeries);
        for (int i = 0; i < nSeries; i++) {
            String rowName = readString(in);
            Map<String, String> rowTags = readTags(in);
            int nColumns = in.readInt();
            List<String> columns = new ArrayList<>(nColumns);
            for (int c = 0; c < nColumns; c++) {
                columns.add(readString(in));
            }
            int nRows = in.readInt();
            List<List<Object>> values = new ArrayList<>(nRows);
            for (int r = 0; r < nRows; r++) {
                int n = in.readInt();
                List<Object> row = new ArrayList<>(n);
                for (int v = 0; v < n; v++) {
                    row.add(readValue(in));
                }
                values.add(Collections.unmodifiableList(row));
            }
            series.add(new SeriesRow(rowName, rowTags, columns, values));
        }
        return new AlertEvent(topic, id, message, details, time, duration, level, previous,
                new EventData(name, taskName, category, group, tags, fields, recoverable, series));
    }

    private static Map<String, String> readTags(In in) throws IOException {
        int n = in.readInt();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            tags.put(readString(in), readString(in));
        }
        return tags;
    }

    static void writeString(Out out, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(In in) throws IOException {
        return in.readString(in.readInt());
    }

    private static void writeInstant(Out out, Instant t) {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(In in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeValue(Out out, Object v) {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.writeByte(LONG);
            out.writeLong(((Number) v).longValue());
        } else if (v instanceof Number n) {
            out.writeByte(DOUBLE);
            out.writeDouble(n.doubleValue());
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof Instant t) {
            out.writeByte(TIME);
            writeInstant(out, t);
        } else {
            out.writeByte(STRING);
            writeString(out, v.toString());
        }
    }

    private static Object readValue(In in) throws IOException {
        byte type = in.readByte();
        return switch (type) {
            case NULL -> null;
            case STRING -> readString(in);
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case TIME -> readInstant(in);
            default -> throw new IOException("unknown value type " + type);
        };
    }
}
