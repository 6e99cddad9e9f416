package dev.herald.handler.mqtt;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;

/**
 * One {@code [[mqtt]]} broker, with Kapacitor's keys and defaults.
 *
 * @param enabled            whether alerts may be published to this broker
 * @param name               the broker's name, as handlers refer to it ({@code .brokerName('name')})
 * @param isDefault          whether handlers that name no broker use this one
 * @param url                {@code tcp://host:1883}, {@code ssl://host:8883} or {@code ws://host:80/mqtt}
 * @param sslCa              PEM file of CA certificates to trust
 * @param sslCert            PEM client certificate
 * @param sslKey             PEM key of the client certificate
 * @param insecureSkipVerify do not verify the broker's certificate
 * @param clientId           the MQTT client id; empty = the broker's name
 * @param username           user name; empty = none
 * @param password           password; secret
 */
@Schema(elementKey = "name", description = "An MQTT broker alerts are published to.")
public record MqttConfig(
        @Key(description = "Whether this broker is enabled.") boolean enabled,
        @Key(defaultValue = "default", description = "Name handlers refer to.") String name,
        @Key(name = "default", description = "Use this broker when a handler names none.") boolean isDefault,
        @Key(description = "Broker URL: tcp://, ssl:// or ws://.") String url,
        @Key(description = "PEM file of CA certificates to trust.") String sslCa,
        @Key(description = "PEM client certificate.") String sslCert,
        @Key(description = "PEM key of the client certificate.") String sslKey,
        @Key(description = "Do not verify the broker's certificate (insecure).") boolean insecureSkipVerify,
        @Key(description = "MQTT client id; empty for the broker's name.") String clientId,
        @Key(description = "User name.") String username,
        @Key(description = "Password.") Secret password) {
}
