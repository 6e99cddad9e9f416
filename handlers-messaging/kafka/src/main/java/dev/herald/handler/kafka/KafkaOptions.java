package dev.herald.handler.kafka;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.ValueType;

/**
 * Options of one Kafka handler: {@code .kafka().cluster('c').kafkaTopic('t').template('..')
 * .disablePartitionById().partitionHashAlgorithm('murmur2')} in TICKscript; {@code cluster}, {@code topic},
 * {@code template}, {@code disablePartitionById}, {@code partitionAlgorithm} in a handler file (Kapacitor's
 * camelCase names).
 *
 * @param cluster              the cluster's id (required)
 * @param topic                the Kafka topic (required)
 * @param template             the message value, a template over the alert; empty = the alert's JSON
 * @param disablePartitionById partition by the FNV-1a hash of the key instead of the chosen algorithm
 * @param partitionAlgorithm   {@code crc32} (default), {@code murmur2}, {@code murmur3} or {@code fnv-1a}
 */
@Schema(description = "Write the alert to a Kafka topic.")
public record KafkaOptions(
        @Key(description = "Cluster id from [[kafka]].") String cluster,
        @Key(property = "kafkaTopic", description = "Kafka topic.") String topic,
        @Key(description = "Message value, a template; empty for the alert's JSON.") String template,
        @Key(name = "disablePartitionById", description = "Do not partition by the alert id's hash.")
        boolean disablePartitionById,
        @Key(name = "partitionAlgorithm", property = "partitionHashAlgorithm", type = ValueType.ENUM,
                allowed = {"", "crc32", "murmur2", "murmur3", "fnv-1a"}, description = "Hash of the key that picks "
                + "the partition: crc32 (default), murmur2, murmur3, fnv-1a.") String partitionAlgorithm) {
}
