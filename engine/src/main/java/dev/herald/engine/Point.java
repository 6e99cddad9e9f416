package dev.herald.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One data point flowing through a task: measurement, tags, fields and time, with the database and retention
 * policy it was written to.
 *
 * @param database        database it was written to ({@code ""} when unknown)
 * @param retentionPolicy retention policy ({@code ""} when unknown)
 * @param name            measurement
 * @param tags            tag keys to values; stored as {@link PointTags}, an immutable copy that also knows whether a
 *                        field shadows a tag
 * @param fields          field keys to values: {@code Double}, {@code Long}, {@code String} or {@code Boolean}
 * @param time            point time
 */
public record Point(
        String database,
        String retentionPolicy,
        String name,
        Map<String, String> tags,
        Map<String, Object> fields,
        Instant time) {

    public Point {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(retentionPolicy, "retentionPolicy");
        Objects.requireNonNull(name, "name");
        fields = Map.copyOf(fields);
        tags = PointTags.of(tags, fields);
        Objects.requireNonNull(time, "time");
    }
}
