package dev.herald.server;

import java.util.Map;
import java.util.Optional;

/**
 * {@code [cluster]}: the Kafka cluster several Herald nodes share. Opt-in: without the section (or with
 * {@code enabled = false}) a node runs alone on its embedded store.
 *
 * @param bootstrapServers  Kafka's {@code bootstrap.servers}, comma-separated {@code host:port}
 * @param applicationId     names the cluster's topics ({@code <application-id>-definitions}); nodes with the same id
 *                          form one cluster
 * @param nodeId            this node's name in the cluster (default: the config's {@code hostname} and HTTP port)
 * @param replicationFactor the topics' replication factor, or empty for the brokers' default
 * @param partitions        partitions of the points topic when this node creates it: how many nodes can share the
 *                          evaluation
 * @param connectTimeout    how long start-up waits for Kafka (to create or find the topics and read them to the end)
 * @param clientProperties  more Kafka client properties ({@code [cluster.kafka]}: TLS, SASL); values may be secrets,
 *                          so this record's text never shows them
 */
record ClusterSettings(String bootstrapServers, String applicationId, String nodeId,
        Optional<Short> replicationFactor, int partitions, java.time.Duration connectTimeout,
        Map<String, String> clientProperties) {

    ClusterSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The topic holding tasks, templates, topic handlers and config overrides, compacted by key. */
    String definitionsTopic() {
        return applicationId + "-definitions";
    }

    /** The topic every node's {@code /write} sends points to. */
    String pointsTopic() {
        return applicationId + "-points";
    }

    /**
     * The changelog of alert state: the latest state of each alert group (task, node, group), compacted, in the
     * partition of the points that changed it, read by a node taking that partition over.
     */
    String alertStateTopic() {
        return applicationId + "-alert-state";
    }

    /**
     * The topic of every alert event any node raises, keyed by alert id: every node reads all of it for topic state,
     * the delivering nodes share its partitions.
     */
    String eventsTopic() {
        return applicationId + "-events";
    }

    @Override
    public String toString() {
        return "ClusterSettings[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", nodeId=" + nodeId + ", replicationFactor=" + replicationFactor.map(String::valueOf)
                .orElse("broker default") + ", partitions=" + partitions + ", connectTimeout=" + connectTimeout
                + ", clientProperties=" + clientProperties.keySet() + "]";
    }
}
