package dev.herald.engine.pipeline;

import dev.herald.engine.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A {@code groupBy} dimension list, possibly {@code *} (all tags), applied to points. */
final class Grouping {
    private final List<String> dimensions;
    private final boolean all;
    private final boolean byName;

    Grouping(List<String> dimensions, boolean all, boolean byName) {
        this.dimensions = List.copyOf(new TreeSet<>(dimensions));
        this.all = all;
        this.byName = byName;
    }

    boolean isNone() {
        return dimensions.isEmpty() && !all && !byName;
    }

    GroupId groupOf(Point point) {
        List<String> dims = dimensions;
        if (all) {
            dims = new ArrayList<>(new TreeSet<>(point.tags().keySet()));
        }
        return GroupId.of(dims, byName, point.name(), point.tags());
    }

}
