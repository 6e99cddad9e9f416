package dev.herald.server;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's JSON form of an alert event, complete enough to restore it: unlike the API's shape it keeps the
 * triggering data, field types and times ({@code {"$time": "..."}} inside series values).
 */
final class EventCodec {
    private EventCodec() {
    }

    static String encode(AlertEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", e.topic());
        out.put("id", e.id());
        out.put("message", e.message());
        out.put("details", e.details());
        out.put("time", TimeText.format(e.time()));
        out.put("duration", e.duration().toNanos());
        out.put("level", e.level().name());
        out.put("previousLevel", e.previousLevel().name());
        EventData d = e.data();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", d.name());
        data.put("taskName", d.taskName());
        data.put("category", d.category());
        data.put("group", d.group());
        data.put("tags", d.tags());
        data.put("fields", d.fields());
        data.put("recoverable", d.recoverable());
        List<Object> series = new ArrayList<>();
        for (SeriesRow row : d.series()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", row.name());
            r.put("tags", row.tags());
            r.put("columns", row.columns());
            List<Object> values = new ArrayList<>();
            for (List<Object> v : row.values()) {
                List<Object> encoded = new ArrayList<>();
                for (Object o : v) {
                    encoded.add(o instanceof Instant t ? Map.of("$time", TimeText.format(t)) : o);
                }
                values.add(encoded);
            }
            r.put("values", values);
            series.add(r);
        }
        data.put("series", series);
        out.put("data", data);
        return Json.compact(out);
    }

    /**
     * The event {@link #encode} wrote. Streamed, not through a JSON tree: a cluster node decodes every event twice
     * (its topic reader and its deliverer), and the tree was most of their time. Missing keys take the defaults the
     * tree gave them (empty text, no tags, recoverable); unknown keys are skipped.
     */
    static AlertEvent decode(String doc) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(doc)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "expected an object, found " + p.currentToken());
            }
            Map<String, String> text = new java.util.HashMap<>();
            long[] duration = {0};
            EventData[] data = {new EventData("", "", "", "", Map.of(), Map.of(), true, List.of())};
            fields(p, name -> {
                switch (name) {
                    case "duration" -> duration[0] = p.getValueAsLong();
                    case "data" -> data[0] = data(p);
                    default -> text.put(name, text(p));
                }
            });
            return new AlertEvent(text.getOrDefault("topic", ""), text.getOrDefault("id", ""),
                    text.getOrDefault("message", ""), text.getOrDefault("details", ""),
                    TimeText.parse(text.getOrDefault("time", "")), Duration.ofNanos(duration[0]),
                    level(text.getOrDefault("level", "")), level(text.getOrDefault("previousLevel", "")), data[0]);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a stored event: " + e.getMessage(), e);
        }
    }

    /** Reads one value of an object's key; the parser is on the value. */
    private interface FieldReader {
        void read(String name) throws IOException;
    }

    /** Reads one element of an array; the parser is on the element. */
    private interface ElementReader {
        void read() throws IOException;
    }

    /** Hands {@code reader} each key of the object the parser is on; anything but an object is skipped. */
    private static void fields(JsonParser p, FieldReader reader) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            reader.read(name);
        }
    }

    /** Hands {@code reader} each element of the array the parser is on; anything but an array is skipped. */
    private static void elements(JsonParser p, ElementReader reader) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            reader.read();
        }
    }

    private static EventData data(JsonParser p) throws IOException {
        Map<String, String> text = new java.util.HashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean[] recoverable = {true};
        List<SeriesRow> series = new ArrayList<>();
        fields(p, name -> {
            switch (name) {
                case "tags" -> tags.putAll(stringMap(p));
                case "fields" -> fields(p, field -> fields.put(field, scalar(p)));
                case "recoverable" -> recoverable[0] = p.currentToken() == JsonToken.VALUE_NULL
                        || p.getValueAsBoolean(true);
                case "series" -> elements(p, () -> series.add(row(p)));
                default -> text.put(name, text(p));
            }
        });
        return new EventData(text.getOrDefault("name", ""), text.getOrDefault("taskName", ""),
                text.getOrDefault("category", ""), text.getOrDefault("group", ""), tags, fields, recoverable[0],
                series);
    }

    private static SeriesRow row(JsonParser p) throws IOException {
        String[] name = {""};
        Map<String, String> tags = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        List<List<Object>> values = new ArrayList<>();
        fields(p, key -> {
            switch (key) {
                case "name" -> name[0] = text(p);
                case "tags" -> tags.putAll(stringMap(p));
                case "columns" -> elements(p, () -> columns.add(text(p)));
                case "values" -> elements(p, () -> {
                    List<Object> row = new ArrayList<>();
                    elements(p, () -> row.add(p.currentToken() == JsonToken.START_OBJECT ? timeOrText(p)
                            : scalar(p)));
                    values.add(row);
                });
                default -> p.skipChildren();
            }
        });
        return new SeriesRow(name[0], tags, columns, values);
    }

    /** {@code {"$time": "..."}} as its instant; any other object as the tree read it (empty text). */
    private static Object timeOrText(JsonParser p) throws IOException {
        Object[] out = {""};
        fields(p, key -> {
            if (key.equals("$time")) {
                out[0] = TimeText.parse(text(p));
            } else {
                p.skipChildren();
            }
        });
        return out[0];
    }

    /** The value as text, as a JSON tree's {@code asText()} gives it ("null" for null, "" for a container). */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return "";
        }
        return t == JsonToken.VALUE_NULL ? "null" : p.getText();
    }

    private static Level level(String text) {
        return Level.parse(text).orElse(Level.OK);
    }

    private static Map<String, String> stringMap(JsonParser p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        fields(p, key -> out.put(key, text(p)));
        return out;
    }

    private static Object scalar(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT -> p.getValueAsLong();
            case VALUE_NUMBER_FLOAT -> p.getValueAsDouble();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> text(p);
        };
    }
}
