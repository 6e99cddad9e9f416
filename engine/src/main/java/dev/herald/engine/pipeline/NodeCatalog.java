package dev.herald.engine.pipeline;

import dev.herald.engine.alert.AlertNodeBuilder;
import dev.herald.engine.pipeline.nodes.StandardNodes;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The TICKscript node kinds Herald runs, by name. */
public final class NodeCatalog {
    private static final Map<String, NodeBuilder> BUILDERS = create();

    private NodeCatalog() {
    }

    private static Map<String, NodeBuilder> create() {
        Map<String, NodeBuilder> map = new TreeMap<>(StandardNodes.builders());
        map.put("from", FromNode::build);
        map.put("where", WhereNode::build);
        map.put("groupBy", GroupByNode::build);
        map.put("alert", AlertNodeBuilder::build);
        map.put("deadman", dev.herald.engine.alert.DeadmanAlertNode::build);
        return Collections.unmodifiableMap(map);
    }

    /** The builder of node {@code name}. */
    public static Optional<NodeBuilder> builder(String name) {
        return Optional.ofNullable(BUILDERS.get(name));
    }

    /** Every node name, sorted. */
    public static java.util.Set<String> names() {
        return BUILDERS.keySet();
    }
}
