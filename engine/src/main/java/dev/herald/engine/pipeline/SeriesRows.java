package dev.herald.engine.pipeline;

import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Point;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Points and batches as InfluxQL result rows, the shape alert events and {@code httpOut} report: columns
 * {@code time} then the field names sorted (for batches, also the point tags that are not group tags), one value
 * list per point.
 */
public final class SeriesRows {
    private SeriesRows() {
    }

    /** One point as a one-value row. */
    public static SeriesRow of(Point point) {
        List<String> columns = new ArrayList<>(point.fields().size() + 1);
        columns.add("time");
        columns.addAll(new TreeSet<>(point.fields().keySet()));
        List<Object> values = new ArrayList<>(columns.size());
        values.add(point.time());
        for (int i = 1; i < columns.size(); i++) {
            values.add(point.fields().get(columns.get(i)));
        }
        return new SeriesRow(point.name(), point.tags(), columns, List.of(values));
    }

    /** A batch as a row with one value list per point; an empty batch has no columns. */
    public static SeriesRow of(Message.BatchMessage batch) {
        if (batch.points().isEmpty()) {
            return new SeriesRow(batch.name(), batch.tags(), List.of(), List.of());
        }
        TreeSet<String> extra = new TreeSet<>(batch.points().get(0).fields().keySet());
        for (Point p : batch.points()) {
            for (String tag : p.tags().keySet()) {
                if (!batch.tags().containsKey(tag)) {
                    extra.add(tag);
                }
            }
        }
        List<String> columns = new ArrayList<>(extra.size() + 1);
        columns.add("time");
        columns.addAll(extra);
        List<List<Object>> values = new ArrayList<>(batch.points().size());
        for (Point p : batch.points()) {
            List<Object> row = new ArrayList<>(columns.size());
            row.add(p.time());
            for (int i = 1; i < columns.size(); i++) {
                String c = columns.get(i);
                Object v = p.fields().get(c);
                row.add(v != null ? v : p.tags().get(c));
            }
            values.add(Collections.unmodifiableList(row));
        }
        return new SeriesRow(batch.name(), batch.tags(), columns, values);
    }
}
