package dev.herald.core.event;

import dev.herald.core.Api;
import dev.herald.core.json.GoJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one serializer of an alert event to Kapacitor's alert JSON ({@code alert.Data}), used by every handler
 * that posts the event as is ({@code post}, {@code tcp}, {@code log}, {@code exec}, {@code kafka}).
 *
 * <p>Key order is Kapacitor's struct order: {@code id, message, details, time, duration, level, data,
 * previousLevel, recoverable}; rows omit empty {@code name}, {@code tags}, {@code columns}, {@code values}
 * and tags come out sorted.
 */
@Api(status = Api.Status.STABLE)
public final class AlertEventJson {

    private AlertEventJson() {
    }

    /** The event as a JSON object without a trailing newline. */
    public static String toJson(AlertEvent event) {
        return GoJson.encode(toTree(event));
    }

    /** The event followed by one {@code \n}, as Kapacitor's streaming encoder writes it. */
    public static String toJsonLine(AlertEvent event) {
        return GoJson.encodeLine(toTree(event));
    }

    /**
     * Appends the event and one {@code \n} to {@code out} (what {@link #toJsonLine} returns). Written field by field,
     * without building {@link #toTree}'s maps: the log lane writes every event this way.
     */
    public static void appendJsonLine(StringBuilder out, AlertEvent event) {
        out.append("{\"id\":");
        GoJson.write(out, event.id());
        out.append(",\"message\":");
        GoJson.write(out, event.message());
        out.append(",\"details\":");
        GoJson.write(out, event.details());
        out.append(",\"time\":");
        GoJson.write(out, event.time());
        out.append(",\"duration\":");
        GoJson.write(out, event.duration());
        out.append(",\"level\":\"").append(event.level().name());
        out.append("\",\"data\":{\"series\":");
        List<SeriesRow> series = event.data().series();
        if (series.isEmpty()) {
            out.append("null");
        } else {
            out.append('[');
            for (int i = 0; i < series.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendRow(out, series.get(i));
            }
            out.append(']');
        }
        out.append("},\"previousLevel\":\"").append(event.previousLevel().name());
        out.append("\",\"recoverable\":").append(event.data().recoverable()).append("}\n");
    }

    private static void appendRow(StringBuilder out, SeriesRow row) {
        char sep = '{';
        if (!row.name().isEmpty()) {
            out.append(sep).append("\"name\":");
            GoJson.write(out, row.name());
            sep = ',';
        }
        if (!row.tags().isEmpty()) {
            out.append(sep).append("\"tags\":");
            GoJson.write(out, row.tags() instanceof java.util.SortedMap<?, ?> && ((java.util.SortedMap<?, ?>) row.tags())
                    .comparator() == null ? row.tags() : new TreeMap<>(row.tags()));
            sep = ',';
        }
        if (!row.columns().isEmpty()) {
            out.append(sep).append("\"columns\":");
            GoJson.write(out, row.columns());
            sep = ',';
        }
        if (!row.values().isEmpty()) {
            out.append(sep).append("\"values\":");
            GoJson.write(out, row.values());
            sep = ',';
        }
        out.append(sep == '{' ? "{}" : "}");
    }

    /** The triggering data alone ({@code {"series":[...]}}), as templates see {@code .Data}. */
    public static Map<String, Object> result(EventData data) {
        return result(data.series());
    }

    /** Rows in InfluxQL result shape ({@code {"series":[...]}}, {@code null} when there are none), as httpOut serves. */
    public static Map<String, Object> result(List<SeriesRow> series) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (series.isEmpty()) {
            result.put("series", null);
        } else {
            List<Object> rows = new ArrayList<>(series.size());
            for (SeriesRow row : series) {
                rows.add(row(row));
            }
            result.put("series", rows);
        }
        return result;
    }

    /**
     * The event as ordered maps and lists ready for {@link GoJson}; handlers that wrap the event in a larger
     * body embed this.
     */
    public static Map<String, Object> toTree(AlertEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", event.id());
        out.put("message", event.message());
        out.put("details", event.details());
        out.put("time", event.time());
        out.put("duration", event.duration());
        out.put("level", event.level().name());
        out.put("data", result(event.data()));
        out.put("previousLevel", event.previousLevel().name());
        out.put("recoverable", event.data().recoverable());
        return out;
    }

    private static Map<String, Object> row(SeriesRow row) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!row.name().isEmpty()) {
            out.put("name", row.name());
        }
        if (!row.tags().isEmpty()) {
            out.put("tags", new TreeMap<>(row.tags()));
        }
        if (!row.columns().isEmpty()) {
            out.put("columns", row.columns());
        }
        if (!row.values().isEmpty()) {
            out.put("values", row.values());
        }
        return out;
    }
}
