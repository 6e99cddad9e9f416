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
     * tree gave them (empty text, no tags, recoverable).
     */
    static AlertEvent decode(String doc) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(doc)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            String topic = "";
            String id = "";
            String message = "";
            String details = "";
            String time = "";
            long duration = 0;
            String level = "";
            String previousLevel = "";
            EventData data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "topic" -> topic = text(p);
                    case "id" -> id = text(p);
                    case "message" -> message = text(p);
                    case "details" -> details = text(p);
                    case "time" -> time = text(p);
                    case "duration" -> duration = p.getValueAsLong();
                    case "level" -> level = text(p);
                    case "previousLevel" -> previousLevel = text(p);
                    case "data" -> data = data(p);
                    default -> p.skipChildren();
                }
            }
            if (data == null) {
                data = new EventData("", "", "", "", Map.of(), Map.of(), true, List.of());
            }
            return new AlertEvent(topic, id, message, details, TimeText.parse(time), Duration.ofNanos(duration),
                    level(level), level(previousLevel), data);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a stored event: " + e.getMessage(), e);
        }
    }

    private static EventData data(JsonParser p) throws IOException {
        String name = "";
        String taskName = "";
        String category = "";
        String group = "";
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean recoverable = true;
        List<SeriesRow> series = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new EventData(name, taskName, category, group, tags, fields, recoverable, series);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "name" -> name = text(p);
                case "taskName" -> taskName = text(p);
                case "category" -> category = text(p);
                case "group" -> group = text(p);
                case "tags" -> tags = stringMap(p);
                case "fields" -> {
                    if (p.currentToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            p.nextToken();
                            fields.put(field, scalar(p));
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "recoverable" -> recoverable = p.currentToken() == JsonToken.VALUE_NULL
                        || p.getValueAsBoolean(true);
                case "series" -> {
                    if (p.currentToken() == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            series.add(row(p));
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new EventData(name, taskName, category, group, tags, fields, recoverable, series);
    }

    private static SeriesRow row(JsonParser p) throws IOException {
        String name = "";
        Map<String, String> tags = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        List<List<Object>> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "name" -> name = text(p);
                case "tags" -> tags = stringMap(p);
                case "columns" -> {
                    if (p.currentToken() == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            columns.add(text(p));
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "values" -> {
                    if (p.currentToken() == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            List<Object> row = new ArrayList<>();
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                row.add(p.currentToken() == JsonToken.START_OBJECT ? timeOrText(p) : scalar(p));
                            }
                            values.add(row);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new SeriesRow(name, tags, columns, values);
    }

    /** {@code {"$time": "..."}} as its instant; any other object as the tree read it (empty text). */
    private static Object timeOrText(JsonParser p) throws IOException {
        Object out = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals("$time")) {
                out = TimeText.parse(text(p));
            } else {
                p.skipChildren();
            }
        }
        return out;
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken wanted) throws IOException {
        if (got != wanted) {
            throw new JsonParseException(p, "expected " + wanted + ", found " + got);
        }
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
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return out;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, text(p));
        }
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
