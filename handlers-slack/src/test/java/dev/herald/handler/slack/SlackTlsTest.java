package dev.herald.handler.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.testkit.SampleEvents;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace's {@code ssl-ca}, {@code ssl-cert}, {@code ssl-key} and {@code insecure-skip-verify} against WireMock
 * serving HTTPS on loopback with a certificate for 127.0.0.1 and requiring a client certificate. Keys are made
 * with the JDK's keytool.
 */
class SlackTlsTest {
    private static final String PASSWORD = "changeit";
    private static final SlackHandlerFactory FACTORY = new SlackHandlerFactory();

    @TempDir
    static Path dir;
    private static WireMockServer slack;

    @BeforeAll
    static void startHttpsService() throws Exception {
        keytool("server", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
        keytool("client", "CN=herald-client", "SAN=dns:herald-client");
        KeyStore server = load("server");
        KeyStore client = load("client");
        writePem("ca.pem", "CERTIFICATE", server.getCertificate("server").getEncoded());
        writePem("client.pem", "CERTIFICATE", client.getCertificate("client").getEncoded());
        Key clientKey = client.getKey("client", PASSWORD.toCharArray());
        writePem("client-key.pem", "PRIVATE KEY", clientKey.getEncoded());
        writePem("client-rsa-key.pem", "RSA PRIVATE KEY", pkcs1(clientKey.getEncoded()));
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("client", client.getCertificate("client"));
        try (var out = Files.newOutputStream(dir.resolve("trust.p12"))) {
            trusted.store(out, PASSWORD.toCharArray());
        }
        slack = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort()
                .keystorePath(dir.resolve("server.p12").toString()).keystoreType("PKCS12")
                .keystorePassword(PASSWORD).keyManagerPassword(PASSWORD)
                .needClientAuth(true).trustStorePath(dir.resolve("trust.p12").toString())
                .trustStoreType("PKCS12").trustStorePassword(PASSWORD));
        slack.start();
    }

    @AfterAll
    static void stopHttpsService() {
        if (slack != null) {
            slack.stop();
        }
    }

    @BeforeEach
    void answerOk() {
        slack.resetAll();
        slack.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    private static void keytool(String alias, String dname, String san) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "RSA",
                "-keysize", "2048", "-dname", dname, "-ext", san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), output);
    }

    private static KeyStore load(String alias) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(alias + ".p12"))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void writePem(String file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(dir.resolve(file), "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type
                + "-----\n", StandardCharsets.US_ASCII);
    }

    /** The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (its final OCTET STRING). */
    private static byte[] pkcs1(byte[] pkcs8) {
        int[] at = {0};
        readHeader(pkcs8, at); // SEQUENCE
        skip(pkcs8, at); // version
        skip(pkcs8, at); // algorithm
        int length = readHeader(pkcs8, at); // OCTET STRING
        return Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
    }

    private static int readHeader(byte[] der, int[] at) {
        at[0]++; // tag
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }

    private static void skip(byte[] der, int[] at) {
        int length = readHeader(der, at);
        at[0] += length;
    }

    private static String path(String file) {
        return dir.resolve(file).toString();
    }

    private static HandlerResult deliver(Object... tlsKeys) {
        Map<String, Object> section = new LinkedHashMap<>(Map.of("enabled", true,
                "url", "https://127.0.0.1:" + slack.httpsPort() + "/services/T0/B0/tlsHookSecret",
                "channel", "#tls"));
        for (int i = 0; i < tlsKeys.length; i += 2) {
            section.put((String) tlsKeys[i], tlsKeys[i + 1]);
        }
        ServiceConfig<SlackConfig> config = ServiceConfig.bind(FACTORY, List.of(section));
        try (Handler handler = FACTORY.create(FACTORY.optionsSchema().defaults(), config,
                HandlerContext.standalone())) {
            return handler.handle(SampleEvents.critical()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static void assertOneRequest() {
        slack.verify(1, postRequestedFor(urlEqualTo("/services/T0/B0/tlsHookSecret"))
                .withRequestBody(equalTo("{\"attachments\":[{\"fallback\":\"message\",\"color\":\"danger\","
                        + "\"text\":\"message\",\"mrkdwn_in\":[\"text\"]}],\"channel\":\"#tls\",\"icon_emoji\":\"\","
                        + "\"text\":\"\",\"username\":\"kapacitor\"}\n")));
    }

    @Test
    void caAndClientCertificateWithPkcs8Key() {
        HandlerResult result = deliver("ssl-ca", path("ca.pem"), "ssl-cert", path("client.pem"),
                "ssl-key", path("client-key.pem"));
        assertTrue(result.isDelivered(), result::toString);
        assertOneRequest();
    }

    @Test
    void clientKeyInPkcs1Form() {
        HandlerResult result = deliver("ssl-ca", path("ca.pem"), "ssl-cert", path("client.pem"),
                "ssl-key", path("client-rsa-key.pem"));
        assertTrue(result.isDelivered(), result::toString);
        assertOneRequest();
    }

    @Test
    void insecureSkipVerifyAcceptsAnUntrustedServer() {
        HandlerResult result = deliver("insecure-skip-verify", true, "ssl-cert", path("client.pem"),
                "ssl-key", path("client-key.pem"));
        assertTrue(result.isDelivered(), result::toString);
        assertOneRequest();
    }

    @Test
    void untrustedServerFailsRetryablyWithoutShowingTheUrl() {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver("ssl-cert", path("client.pem"), "ssl-key", path("client-key.pem")));
        assertTrue(failed.retryable(), failed::toString);
        assertTrue(failed.reason().startsWith("failed to send request to Slack"), failed::reason);
        assertFalse(failed.reason().contains("tlsHookSecret"), failed::reason);
        assertEquals(0, slack.getAllServeEvents().size());
    }

    @Test
    void certificateWithoutKeyIsAPermanentError() {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver("ssl-ca", path("ca.pem"), "ssl-cert", path("client.pem")));
        assertEquals("invalid Slack TLS settings: ssl-cert and ssl-key must be set together", failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void missingCaFileIsAPermanentErrorNamingIt() {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                deliver("ssl-ca", path("nope.pem")));
        assertTrue(failed.reason().startsWith("invalid Slack TLS settings: "), failed::reason);
        assertTrue(failed.reason().contains("nope.pem"), failed::reason);
        assertFalse(failed.retryable());
    }
}
