package dev.herald.core.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds HTTP clients for handlers whose config carries its own TLS settings ({@code ssl-ca}, {@code ssl-cert},
 * {@code ssl-key}, {@code insecure-skip-verify}), as Kapacitor's Slack, Discord and HTTP post handlers do. The
 * engine's shared client cannot carry them, so each distinct setting gets a client of its own, built once.
 */
final class TlsClients {
    private static final ConcurrentMap<ClientKey, HttpClient> CLIENTS = new ConcurrentHashMap<>();
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** DER of AlgorithmIdentifier{rsaEncryption, NULL}, to wrap a PKCS#1 RSA key as PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private TlsClients() {
    }

    /** One derived client per shared client and setting. */
    private record ClientKey(HttpClient shared, TlsSettings settings) {
    }

    /**
     * A client like {@code shared} (version, redirects, connect timeout, proxy) whose TLS applies {@code settings},
     * built once per distinct setting.
     *
     * @throws HandlerException when a file cannot be read or holds no usable certificate or key
     */
    static HttpClient client(HttpClient shared, TlsSettings settings, String service, System.Logger logger) {
        return CLIENTS.computeIfAbsent(new ClientKey(shared, settings), k -> newClient(shared, settings, service, logger));
    }

    private static HttpClient newClient(HttpClient shared, TlsSettings settings, String service,
            System.Logger logger) {
        SSLContext ssl;
        try {
            ssl = sslContext(settings);
        } catch (IOException | GeneralSecurityException e) {
            throw new HandlerException("invalid " + service + " TLS settings: " + e.getMessage());
        }
        if (settings.insecureSkipVerify()) {
            logger.log(System.Logger.Level.WARNING,
                    service + ": insecure-skip-verify is set; server certificates are not verified");
        }
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(ssl).version(shared.version())
                .followRedirects(shared.followRedirects());
        shared.connectTimeout().ifPresent(builder::connectTimeout);
        shared.proxy().ifPresent(builder::proxy);
        return builder.build();
    }

    static SSLContext sslContext(TlsSettings settings) throws IOException, GeneralSecurityException {
        TrustManager[] trust = null;
        if (settings.insecureSkipVerify()) {
            trust = new TrustManager[] {new TrustAll()};
        } else if (!settings.ca().isEmpty()) {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates(settings.ca(), "ssl-ca")) {
                roots.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(roots);
            trust = factory.getTrustManagers();
        }
        javax.net.ssl.KeyManager[] keys = null;
        if (!settings.cert().isEmpty() || !settings.key().isEmpty()) {
            if (settings.cert().isEmpty() || settings.key().isEmpty()) {
                throw new GeneralSecurityException("ssl-cert and ssl-key must be set together");
            }
            Collection<? extends Certificate> chain = certificates(settings.cert(), "ssl-cert");
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setKeyEntry("client", privateKey(settings.key()), new char[0], chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            keys = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(String path, String key)
            throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> found;
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            found = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (found.isEmpty()) {
            throw new GeneralSecurityException(key + " file " + path + " holds no certificate");
        }
        return found;
    }

    private static PrivateKey privateKey(String path) throws IOException, GeneralSecurityException {
        String text = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        Matcher pem = PEM.matcher(text);
        while (pem.find()) {
            String type = pem.group(1);
            byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapRsa(der));
                }
                case "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException("ssl-key file "
                        + path + " holds a " + type + "; convert it with: openssl pkcs8 -topk8 -nocrypt");
                default -> {
                    // Another block (a certificate bundled with the key): keep looking.
                }
            }
        }
        throw new GeneralSecurityException("ssl-key file " + path + " holds no PEM private key");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key type", last);
    }

    /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo{version 0, rsaEncryption, OCTET STRING pkcs1}. */
    private static byte[] wrapRsa(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        writeLength(body, pkcs1.length);
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        writeLength(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
        }
    }

    /**
     * Go's {@code InsecureSkipVerify}: accepts any chain and, being an extended trust manager, also skips the host
     * name check the JDK would otherwise do.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
