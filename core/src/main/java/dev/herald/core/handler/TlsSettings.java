package dev.herald.core.handler;

import dev.herald.core.Api;
import java.util.Objects;

/**
 * TLS settings of one service config: a CA file to trust, a client certificate and key (PEM files), or no
 * verification at all. Pass them to {@link HandlerContext#withTls(TlsSettings, String)}.
 *
 * @param ca                 PEM file of CA certificates to trust instead of the JDK's; {@code ""} = default trust
 * @param cert               PEM client certificate (chain); {@code ""} = none
 * @param key                PEM private key of {@code cert} (PKCS#8, or PKCS#1 RSA); {@code ""} = none
 * @param insecureSkipVerify accept any server certificate and host name (Go's {@code InsecureSkipVerify})
 */
@Api(status = Api.Status.STABLE)
public record TlsSettings(String ca, String cert, String key, boolean insecureSkipVerify) {
    /** The JDK's defaults. */
    public static final TlsSettings DEFAULT = new TlsSettings("", "", "", false);
    /** No verification of the server certificate. */
    public static final TlsSettings INSECURE = new TlsSettings("", "", "", true);

    public TlsSettings {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /** Whether these are the JDK's defaults (the shared client serves them). */
    public boolean isDefault() {
        return ca.isEmpty() && cert.isEmpty() && key.isEmpty() && !insecureSkipVerify;
    }

    /**
     * An SSL context that applies these settings, for services that are not HTTP (MQTT, Kafka, SMTP).
     *
     * @param service names the service in the error
     * @throws HandlerException when a file cannot be read or holds no usable certificate or key
     */
    public javax.net.ssl.SSLContext sslContext(String service) {
        try {
            return TlsClients.sslContext(this);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new HandlerException("invalid " + service + " TLS settings: " + e.getMessage());
        }
    }
}
