package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.server.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [http] https-*} and {@code [tls] min-version} with a certificate made in the test; real TLS clients. */
class HttpsTest {
    @TempDir
    Path dir;

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheApiOverTlsWithPemFilesAndTheCliTalksToIt() throws Exception {
        TestCertificate cert = TestCertificate.create(dir, "RSA");
        try (TestServer s = TestServer.start(dir, cert.toml())) {
            URI base = s.server().url();
            assertEquals("https", base.getScheme());
            HttpClient trusting = HttpClient.newBuilder().sslContext(cert.trustingContext()).build();
            HttpResponse<String> r = get(trusting, base.resolve("/kapacitor/v1/tasks"));
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"tasks\""), r.body());

            HttpClient defaultTrust = HttpClient.newBuilder().build();
            assertThrows(SSLHandshakeException.class, () -> get(defaultTrust, base.resolve("/kapacitor/v1/ping")));

            assertThrows(java.io.IOException.class, () -> get(defaultTrust,
                    URI.create("http://127.0.0.1:" + base.getPort() + "/kapacitor/v1/ping")));

            String url = "https://127.0.0.1:" + base.getPort();
            Run ok = cli("-url", url, "-skipVerify", "list", "tasks");
            assertEquals(0, ok.code, ok.toString());
            assertTrue(ok.out.startsWith("ID"), ok.toString());
            Run refused = cli("-url", url, "list", "tasks");
            assertNotEquals(0, refused.code, refused.toString());
            assertTrue(refused.err.contains(url), refused.toString());
        }
    }

    @Test
    void keyInsideTheCertificateFileAndEcKeysWork() throws Exception {
        TestCertificate cert = TestCertificate.create(dir, "EC");
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(cert.certificate()) + Files.readString(cert.privateKey()));
        try (TestServer s = TestServer.start(dir, "  https-enabled = true\n  https-certificate = \"" + both
                + "\"\n")) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(cert.trustingContext()).build();
            assertEquals(204, get(trusting, s.server().url().resolve("/kapacitor/v1/ping")).statusCode());
        }
    }

    @Test
    void minVersionTls13RefusesATls12Client() throws Exception {
        TestCertificate cert = TestCertificate.create(dir, "RSA");
        try (TestServer s = TestServer.start(dir, cert.toml() + "[tls]\n  min-version = \"tls1.3\"\n")) {
            SSLParameters only12 = new SSLParameters();
            only12.setProtocols(new String[] {"TLSv1.2"});
            HttpClient old = HttpClient.newBuilder().sslContext(cert.trustingContext()).sslParameters(only12)
                    .build();
            assertThrows(java.io.IOException.class, () -> get(old, s.server().url().resolve("/kapacitor/v1/ping")));
            SSLParameters only13 = new SSLParameters();
            only13.setProtocols(new String[] {"TLSv1.3"});
            HttpClient current = HttpClient.newBuilder().sslContext(cert.trustingContext()).sslParameters(only13)
                    .build();
            assertEquals(204, get(current, s.server().url().resolve("/kapacitor/v1/ping")).statusCode());
        }
    }

    @Test
    void pkcs1KeysAndMissingFilesStopStartUpWithTheReason() throws Exception {
        TestCertificate cert = TestCertificate.create(dir, "RSA");
        Path pkcs1 = dir.resolve("rsa.key");
        Files.writeString(pkcs1, TestCertificate.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
        StartupException e = assertThrows(StartupException.class, () -> TestServer.start(dir,
                "  https-enabled = true\n  https-certificate = \"" + cert.certificate() + "\"\n"
                        + "  https-private-key = \"" + pkcs1 + "\"\n"));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
        StartupException missing = assertThrows(StartupException.class, () -> TestServer.start(dir,
                "  https-enabled = true\n  https-certificate = \"" + dir.resolve("nope.pem") + "\"\n"));
        assertTrue(missing.getMessage().contains("https-certificate"), missing.getMessage());
    }

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        return cli(Map.of(), args);
    }

    static Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Cli.run(args, o, e, env);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
