package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.pipeline.NodeBuilder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stream nodes beyond from/where/groupBy/alert: {@code eval}, {@code window}, the InfluxQL aggregates and
 * selectors, {@code derivative}, {@code stateDuration}, {@code stateCount}, {@code deadman}, {@code changeDetect},
 * {@code default}, {@code delete}, {@code shift}, {@code log}, {@code httpOut}, {@code kapacitorLoopback}, {@code sample} and
 * {@code union}.
 */
public final class StandardNodes {
    private static final Map<String, NodeBuilder> BUILDERS = create();

    private StandardNodes() {
    }

    private static Map<String, NodeBuilder> create() {
        Map<String, NodeBuilder> map = new TreeMap<>();
        map.put("eval", EvalNode::build);
        map.put("window", WindowNode::build);
        for (AggregateNode.Method method : AggregateNode.Method.values()) {
            map.put(method.tickName, (node, context) -> AggregateNode.build(method, node, context));
        }
        map.put("derivative", DerivativeNode::build);
        map.put("flatten", FlattenNode::build);
        map.put("sideload", SideloadNode::build);
        map.put("httpPost", HttpPostNode::build);
        map.put("barrier", BarrierNode::build);
        map.put("holtWinters", (node, context) -> HoltWintersNode.build(false, node, context));
        map.put("holtWintersWithFit", (node, context) -> HoltWintersNode.build(true, node, context));
        map.put("stats", StatsNode::build);
        map.put("join", JoinNode::build);
        map.put("combine", CombineNode::build);
        map.put("top", (node, context) -> TopBottomNode.build(true, node, context));
        map.put("bottom", (node, context) -> TopBottomNode.build(false, node, context));
        for (TransformNode.Function f : TransformNode.Function.values()) {
            map.put(f.tickName, (node, context) -> TransformNode.build(f, node, context));
        }
        map.put("stateDuration", StateTrackingNode::buildDuration);
        map.put("stateCount", StateTrackingNode::buildCount);
        map.put("deadman", DeadmanNode::build);
        map.put("changeDetect", ChangeDetectNode::build);
        map.put("default", DefaultNode::build);
        map.put("delete", DeleteNode::build);
        map.put("shift", ShiftNode::build);
        map.put("log", LogNode::build);
        map.put("httpOut", HttpOutNode::build);
        map.put("kapacitorLoopback", KapacitorLoopbackNode::build);
        map.put("influxDBOut", InfluxDbOutNode::build);
        map.put("noOp", NoOpNode::build);
        map.put("sample", SampleNode::build);
        map.put("union", UnionNode::build);
        return Collections.unmodifiableMap(map);
    }

    /** Builders by TICKscript node name. */
    public static Map<String, NodeBuilder> builders() {
        return BUILDERS;
    }
}
