package dev.herald.core.event;

import dev.herald.core.Api;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the data that triggered an alert, in InfluxQL result shape: measurement name, tags, column names
 * (the first is always {@code time}) and one value list per point (the first cell is the point time as an
 * {@link java.time.Instant}).
 *
 * <p>Values are Java {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code Instant}.
 */
@Api(status = Api.Status.STABLE)
public record SeriesRow(String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {

    public SeriesRow {
        Objects.requireNonNull(name, "name");
        tags = Map.copyOf(tags);
        columns = List.copyOf(columns);
        values = values.stream().map(java.util.Collections::unmodifiableList).toList();
    }
}
