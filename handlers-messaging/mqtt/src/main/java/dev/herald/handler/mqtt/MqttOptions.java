package dev.herald.handler.mqtt;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.ValueType;

/**
 * Options of one MQTT handler: {@code .mqtt('topic').brokerName('b').qos(1).retained(TRUE)} in TICKscript,
 * {@code topic}, {@code broker-name}, {@code qos}, {@code retained} in a handler file.
 *
 * @param topic      the topic, a template
 * @param brokerName the broker; empty = the default one
 * @param qos        {@code 0}/{@code at-most-once}, {@code 1}/{@code at-least-once}, {@code 2}/{@code exactly-once}
 *                   (Kapacitor's parser spelled it {@code exactly-one}; both are accepted)
 * @param retained   whether the broker keeps the message for later subscribers
 */
@Schema(entryArgs = {"topic"}, description = "Publish the alert message to an MQTT topic.")
public record MqttOptions(
        @Key(description = "Topic, a template over the alert.") String topic,
        @Key(description = "Broker name; empty for the default broker.") String brokerName,
        @Key(type = ValueType.ENUM, allowed = {"0", "1", "2", "at-most-once", "at-least-once", "exactly-once",
            "exactly-one"}, defaultValue = "at-most-once", description = "Quality of service.") String qos,
        @Key(description = "Ask the broker to retain the message.") boolean retained) {

    /** The QoS level 0, 1 or 2. */
    static int level(String qos) {
        return switch (qos) {
            case "1", "at-least-once" -> 1;
            case "2", "exactly-once", "exactly-one" -> 2;
            default -> 0;
        };
    }
}
