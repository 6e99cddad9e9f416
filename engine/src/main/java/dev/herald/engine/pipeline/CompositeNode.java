package dev.herald.engine.pipeline;

import java.util.List;

/**
 * A TICKscript node that runs as several chained runtime nodes (deadman: a counter and an alert). The task
 * connects its parents to the composite and its children below {@link #tail()}.
 */
public interface CompositeNode {
    /** The node the TICKscript children hang below. */
    StreamNode tail();

    /** Every runtime node of the composite, in order. */
    List<StreamNode> parts();
}
