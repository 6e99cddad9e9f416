package dev.herald.engine.influxdb;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import java.time.Duration;
import java.util.List;

/**
 * One {@code [[influxdb]]} cluster that {@code |influxDBOut()} writes to, with Kapacitor's keys. Kapacitor's
 * subscription and UDP keys are accepted and ignored (Herald receives writes on its own API).
 *
 * @param enabled            whether the cluster is used
 * @param name               the name {@code .cluster('name')} refers to
 * @param isDefault          used when a node names no cluster
 * @param urls               InfluxDB HTTP URLs; the first is used
 * @param username           user for basic auth; empty = none
 * @param password           password; secret
 * @param sslCa              PEM file of CA certificates to trust
 * @param sslCert            PEM client certificate
 * @param sslKey             PEM key of the client certificate
 * @param insecureSkipVerify do not verify the server's certificate
 * @param timeout            request timeout; 0 = 30 s
 */
@Schema(elementKey = "name", description = "An InfluxDB 1.x server influxDBOut writes to.")
public record InfluxDbConfig(
        @Key(defaultValue = "true", description = "Whether this cluster is used.") boolean enabled,
        @Key(defaultValue = "default", description = "Name .cluster() refers to.") String name,
        @Key(name = "default", description = "Used when a node names no cluster.") boolean isDefault,
        @Key(defaultValue = "http://localhost:8086", description = "InfluxDB URLs; the first is used.")
        List<String> urls,
        @Key(description = "User name.") String username,
        @Key(description = "Password.") Secret password,
        @Key(description = "PEM file of CA certificates to trust.") String sslCa,
        @Key(description = "PEM client certificate.") String sslCert,
        @Key(description = "PEM key of the client certificate.") String sslKey,
        @Key(description = "Do not verify the server's certificate (insecure).") boolean insecureSkipVerify,
        @Key(description = "Request timeout; 0 for 30 s.") Duration timeout) {
}
