package dev.herald.engine.pipeline;

import dev.herald.engine.Point;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What flows between the nodes of a task: single points, or batches of points of one group (from windows). */
public sealed interface Message {

    /** The group of the message. */
    GroupId group();

    /**
     * One point.
     *
     * @param point the point
     * @param group its group
     */
    record PointMessage(Point point, GroupId group) implements Message {
    }

    /**
     * A batch of points of one group, e.g. one window.
     *
     * @param name   measurement
     * @param group  group
     * @param tags   the group's tags
     * @param time   the batch time (window end, or the time aggregates report)
     * @param points the points, in time order
     */
    record BatchMessage(String name, GroupId group, Map<String, String> tags, Instant time, List<Point> points)
            implements Message {
        public BatchMessage {
            tags = Map.copyOf(tags);
            points = List.copyOf(points);
        }
    }

    /**
     * A barrier from {@code barrier()}: no more data of the group older than {@code time} will come, so windows may
     * emit up to it.
     *
     * @param group the group
     * @param time  the barrier time
     */
    record BarrierMessage(GroupId group, Instant time) implements Message {
    }
}
