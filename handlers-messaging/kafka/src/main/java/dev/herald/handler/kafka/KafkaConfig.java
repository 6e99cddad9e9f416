package dev.herald.handler.kafka;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code [[kafka]]} cluster, with Kapacitor's keys and defaults (including its {@code sasl_extensions}
 * underscore). Kerberos (GSSAPI) and OAuth keys are accepted so that Kapacitor configs load; those mechanisms are
 * refused with a clear error when a cluster uses them.
 *
 * @param enabled            whether alerts may be written to this cluster
 * @param id                 the cluster's name, as handlers refer to it ({@code .cluster('id')})
 * @param brokers            bootstrap brokers, {@code host:port}
 * @param timeout            request timeout; 0 = the client's defaults
 * @param batchSize          most messages per request; 0 = 100
 * @param batchTimeout       how long messages may wait to fill a batch; 0 = send at once
 * @param useSsl             connect with TLS (the ssl-* keys apply only then)
 * @param sslCa              PEM file of CA certificates to trust
 * @param sslCert            PEM client certificate
 * @param sslKey             PEM key of the client certificate
 * @param insecureSkipVerify do not check the broker's host name
 * @param saslUsername       SASL user (PLAIN, SCRAM)
 * @param saslPassword       SASL password; secret
 * @param saslExtensions     SASL extensions
 * @param saslMechanism      {@code PLAIN} (default), {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}
 */
@Schema(elementKey = "id", description = "A Kafka cluster alerts are written to.")
public record KafkaConfig(
        @Key(description = "Whether this cluster is enabled.") boolean enabled,
        @Key(defaultValue = "default", description = "Name handlers refer to.") String id,
        @Key(description = "Bootstrap brokers, host:port.") List<String> brokers,
        @Key(description = "Request timeout; 0 for the client's defaults.") Duration timeout,
        @Key(description = "Most messages per request; 0 for 100.") long batchSize,
        @Key(description = "How long messages may wait to fill a batch; 0 sends at once.") Duration batchTimeout,
        @Key(description = "Connect with TLS.") boolean useSsl,
        @Key(description = "PEM file of CA certificates to trust.") String sslCa,
        @Key(description = "PEM client certificate.") String sslCert,
        @Key(description = "PEM key of the client certificate.") String sslKey,
        @Key(description = "Do not check the broker's host name (insecure).") boolean insecureSkipVerify,
        @Key(description = "SASL user name.") String saslUsername,
        @Key(description = "SASL password.") Secret saslPassword,
        @Key(name = "sasl_extensions", description = "SASL extensions.") Map<String, String> saslExtensions,
        @Key(description = "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.") String saslMechanism,
        @Key(description = "SASL handshake version (Kapacitor; ignored).") long saslVersion,
        @Key(name = "sasl-gssapi-service-name", description = "Kerberos (not supported).") String saslGssapiServiceName,
        @Key(name = "sasl-gssapi-auth-type", description = "Kerberos (not supported).") String saslGssapiAuthType,
        @Key(name = "sasl-gssapi-disable-pafxfast", description = "Kerberos (not supported).")
        boolean saslGssapiDisablePafxfast,
        @Key(name = "sasl-gssapi-kerberos-config-path", description = "Kerberos (not supported).")
        String saslGssapiKerberosConfigPath,
        @Key(name = "sasl-gssapi-key-tab-path", description = "Kerberos (not supported).") String saslGssapiKeyTabPath,
        @Key(name = "sasl-gssapi-realm", description = "Kerberos (not supported).") String saslGssapiRealm,
        @Key(name = "sasl-oauth-service", description = "OAuth (not supported).") String saslOauthService,
        @Key(name = "sasl-oauth-client-id", description = "OAuth (not supported).") String saslOauthClientId,
        @Key(name = "sasl-oauth-client-secret", description = "OAuth (not supported).") Secret saslOauthClientSecret,
        @Key(name = "sasl-oauth-token-url", description = "OAuth (not supported).") String saslOauthTokenUrl,
        @Key(name = "sasl-oauth-scopes", description = "OAuth (not supported).") List<String> saslOauthScopes,
        @Key(name = "sasl-oauth-parameters", description = "OAuth (not supported).")
        Map<String, String> saslOauthParameters,
        @Key(name = "sasl-oauth-token-expiry-margin", defaultValue = "10s", description = "OAuth (not supported).")
        Duration saslOauthTokenExpiryMargin,
        @Key(name = "sasl-access-token", description = "OAuth (not supported).") Secret saslAccessToken,
        @Key(name = "sasl-oauth-tenant-id", description = "OAuth (not supported).") String saslOauthTenantId) {
}
