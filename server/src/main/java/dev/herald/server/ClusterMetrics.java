package dev.herald.server;

import java.util.ArrayList;
import java.util.List;

/** One node's cluster metrics in Prometheus' text format, every sample labelled with the node's id. */
final class ClusterMetrics {
    private final String node;
    private final List<String> lines = new ArrayList<>();

    ClusterMetrics(ClusterSettings settings) {
        this.node = "node=\"" + ClusterKafka.labelValue(settings.nodeId()) + "\"";
    }

    ClusterMetrics counter(String name, String help, long value) {
        return sample(name, "counter", help, value);
    }

    ClusterMetrics gauge(String name, String help, long value) {
        return sample(name, "gauge", help, value);
    }

    private ClusterMetrics sample(String name, String type, String help, long value) {
        lines.add("# HELP " + name + " " + help);
        lines.add("# TYPE " + name + " " + type);
        lines.add(name + "{" + node + "} " + value);
        return this;
    }

    /** A gauge with one sample of 1 per partition (none when the node has none). */
    ClusterMetrics partitions(String name, String help, List<Integer> partitions) {
        lines.add("# HELP " + name + " " + help);
        lines.add("# TYPE " + name + " gauge");
        for (int p : partitions) {
            lines.add(name + "{" + node + ",partition=\"" + p + "\"} 1");
        }
        return this;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
