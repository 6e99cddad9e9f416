package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
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

    static AlertEvent decode(String doc) {
        JsonNode n = Json.tree(doc);
        JsonNode d = n.path("data");
        List<SeriesRow> series = new ArrayList<>();
        for (JsonNode r : d.path("series")) {
            List<String> columns = new ArrayList<>();
            r.path("columns").forEach(c -> columns.add(c.asText()));
            List<List<Object>> values = new ArrayList<>();
            for (JsonNode v : r.path("values")) {
                List<Object> row = new ArrayList<>();
                for (JsonNode o : v) {
                    row.add(o.has("$time") ? TimeText.parse(o.get("$time").asText()) : scalar(o));
                }
                values.add(row);
            }
            series.add(new SeriesRow(r.path("name").asText(""), stringMap(r.path("tags")), columns, values));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        d.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), scalar(f.getValue())));
        EventData data = new EventData(d.path("name").asText(""), d.path("taskName").asText(""),
                d.path("category").asText(""), d.path("group").asText(""), stringMap(d.path("tags")), fields,
                d.path("recoverable").asBoolean(true), series);
        return new AlertEvent(n.path("topic").asText(), n.path("id").asText(), n.path("message").asText(""),
                n.path("details").asText(""), TimeText.parse(n.path("time").asText()),
                Duration.ofNanos(n.path("duration").asLong()), level(n.path("level").asText()),
                level(n.path("previousLevel").asText()), data);
    }

    private static Level level(String text) {
        return Level.parse(text).orElse(Level.OK);
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }

    private static Object scalar(JsonNode o) {
        if (o.isIntegralNumber()) {
            return o.asLong();
        }
        if (o.isNumber()) {
            return o.asDouble();
        }
        if (o.isBoolean()) {
            return o.asBoolean();
        }
        if (o.isNull()) {
            return null;
        }
        return o.asText();
    }
}
