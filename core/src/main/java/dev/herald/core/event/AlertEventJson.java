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

    /** Appends the event and one {@code \n} to {@code out} (what {@link #toJsonLine} returns). */
    public static void appendJsonLine(StringBuilder out, AlertEvent event) {
        GoJson.write(out, toTree(event));
        out.append('\n');
    }

    /** The triggering data alone ({@code {"series":[...]}}), as templates see {@code .Data}. */
    public static Map<String, Object> result(EventData data) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (data.series().isEmpty()) {
            result.put("series", null);
        } else {
            List<Object> rows = new ArrayList<>(data.series().size());
            for (SeriesRow row : data.series()) {
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
