package dev.herald.engine.outbox;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    static byte[] encode(AlertEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, e);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static void write(DataOutputStream out, AlertEvent e) throws IOException {
        out.writeUTF(e.topic());
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
            return read(new DataInputStream(new java.io.ByteArrayInputStream(bytes, offset, length)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable event record: " + e, e);
        }
    }

    static AlertEvent read(DataInputStream in) throws IOException {
        String topic = in.readUTF();
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

    private static Map<String, String> readTags(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            tags.put(readString(in), readString(in));
        }
        return tags;
    }

    // writeUTF is limited to 64 KB; messages and details can be longer.
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new java.io.EOFException();
        }
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
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

    private static Object readValue(DataInputStream in) throws IOException {
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
