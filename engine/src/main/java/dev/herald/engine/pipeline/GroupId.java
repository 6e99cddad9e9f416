package dev.herald.engine.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The group a point or batch belongs to after {@code groupBy}: the sorted dimension names and the id Kapacitor
 * prints as {@code .Group} ({@code host=serverA,region=eu}); the nil group (no grouping) has id {@code ""}.
 *
 * @param id         group id, {@code ""} for the nil group
 * @param dimensions the tag keys grouped by, sorted
 * @param byName     whether the measurement name is part of the group ({@code groupByMeasurement})
 */
public record GroupId(String id, List<String> dimensions, boolean byName) {
    /** The nil group. */
    public static final GroupId NIL = new GroupId("", List.of(), false);

    public GroupId {
        Objects.requireNonNull(id, "id");
        dimensions = List.copyOf(dimensions);
    }

    /** Whether this is the nil group. */
    public boolean isNil() {
        return dimensions.isEmpty() && !byName;
    }

    /** The group of a point with {@code tags} and measurement {@code name} under these dimensions. */
    public static GroupId of(List<String> sortedDimensions, boolean byName, String name, Map<String, String> tags) {
        if (sortedDimensions.isEmpty() && !byName) {
            return NIL;
        }
        StringBuilder id = new StringBuilder();
        if (byName) {
            id.append(name).append('\n');
        }
        for (int i = 0; i < sortedDimensions.size(); i++) {
            String dim = sortedDimensions.get(i);
            if (i > 0) {
                id.append(',');
            }
            id.append(dim).append('=').append(tags.getOrDefault(dim, ""));
        }
        return new GroupId(id.toString(), sortedDimensions, byName);
    }
}
