package dev.herald.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS context from Kapacitor's PEM files: {@code https-certificate} (the chain, leaf first) and
 * {@code https-private-key} (or the key inside the certificate file, as Kapacitor allows). Keys are read by the
 * JDK from PKCS#8 ({@code BEGIN PRIVATE KEY}); PKCS#1 and SEC1 keys are refused with the command that converts
 * them.
 */
final class TlsServerContext {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private TlsServerContext() {
    }

    static SSLContext create(Path certificate, Path privateKey) {
        List<Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        String certText = read(certificate, "https-certificate");
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(certText)) {
                if (b.type().equals("CERTIFICATE")) {
                    chain.add(cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new StartupException("[http] https-certificate " + certificate + ": not a PEM certificate: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new StartupException("[http] https-certificate " + certificate + ": no CERTIFICATE block");
        }
        Path keyFile = privateKey == null ? certificate : privateKey;
        String keyText = privateKey == null ? certText : read(privateKey, "https-private-key");
        for (Block b : blocks(keyText)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> key = pkcs8(b.der(), keyFile);
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new StartupException("[http] https-private-key "
                        + keyFile + ": " + b.type() + " (PKCS#1/SEC1) is not supported; convert it to PKCS#8 with: "
                        + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
                case "ENCRYPTED PRIVATE KEY" -> throw new StartupException("[http] https-private-key " + keyFile
                        + ": encrypted keys are not supported (Kapacitor neither)");
                default -> {
                    // certificates and parameters
                }
            }
        }
        if (key == null) {
            throw new StartupException("[http] https-private-key " + keyFile + ": no PRIVATE KEY block");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] none = new char[0];
            ks.setKeyEntry("herald", key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new StartupException("[http] https: the key does not fit the certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new StartupException("[http] https-private-key " + file + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                // not base64: skipped, reported as a missing block
            }
        }
        return out;
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StartupException("[http] " + key + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
