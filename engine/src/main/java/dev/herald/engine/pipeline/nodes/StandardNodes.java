package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.pipeline.NodeBuilder;
import java.util.Map;

/** The stream nodes beyond from/where/groupBy/alert: eval, window, aggregates, derivative, deadman, ... */
public final class StandardNodes {
    private StandardNodes() {
    }

    /** Builders by TICKscript node name. */
    public static Map<String, NodeBuilder> builders() {
        return Map.of();
    }
}
