package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** {@code [http] auth-enabled}: 401 without credentials, each role against each endpoint group, tokens, limits. */
class AuthTest {
    private static final String TOKEN = "tok-7f3c9a-writer-bearer";

    @TempDir
    Path dir;

    static String usersToml(int maxFailed) {
        return "  auth-enabled = true\n  max-failed-logins = " + maxFailed + "\n"
                + "[[users]]\n  name = \"reader\"\n  password-hash = \"" + BCrypt.hashpw("r-pass", BCrypt.gensalt(4))
                + "\"\n  role = \"read\"\n"
                + "[[users]]\n  name = \"writer\"\n  password-hash = \"" + BCrypt.hashpw("w-pass", BCrypt.gensalt(4))
                + "\"\n  role = \"write\"\n  token-sha256 = \"" + AccessControl.sha256(TOKEN) + "\"\n"
                + "[[users]]\n  name = \"admin\"\n  password-hash = \"" + BCrypt.hashpw("a-pass", BCrypt.gensalt(4))
                + "\"\n  role = \"admin\"\n";
    }

    private record Call(String method, String path, String body, String contentType) {
    }

    /** One call per endpoint group, with the least role that may make it. */
    private static final Map<Call, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put(new Call("GET", "/kapacitor/v1/tasks", null, null), "read");
        GROUPS.put(new Call("GET", "/kapacitor/v1/alerts/topics", null, null), "read");
        GROUPS.put(new Call("GET", "/kapacitor/v1/config", null, null), "read");
        GROUPS.put(new Call("GET", "/", null, null), "read");
        GROUPS.put(new Call("POST", "/kapacitor/v1/tasks", "{\"id\":\"t\",\"type\":\"stream\",\"dbrps\":"
                + "[{\"db\":\"d\",\"rp\":\"r\"}],\"script\":\"stream|from().measurement('m')\"}", "application/json"),
                "write");
        GROUPS.put(new Call("POST", "/kapacitor/v1/alerts/topics/t/handlers", "{\"id\":\"h\",\"kind\":\"log\","
                + "\"options\":{\"path\":\"/tmp/herald-auth-test.log\"}}", "application/json"), "write");
        GROUPS.put(new Call("DELETE", "/kapacitor/v1/templates/none", null, null), "write");
        GROUPS.put(new Call("POST", "/write?db=d&rp=r", "m v=1", "text/plain"), "write");
        GROUPS.put(new Call("POST", "/kapacitor/v1/config/telegram", "{\"set\":{\"enabled\":false}}",
                "application/json"), "admin");
    }

    private static TestServer.Response send(TestServer s, Call c, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.server().url() + c.path()))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (c.body() == null) {
            b.method(c.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", c.contentType()).method(c.method(), HttpRequest.BodyPublishers.ofString(c.body()));
        }
        HttpResponse<String> r = TestServer.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new TestServer.Response(r.statusCode(), r.body(), r.headers());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachRoleAgainstEachEndpointGroup() throws Exception {
        List<String> roles = List.of("read", "write", "admin");
        Map<String, String> creds = Map.of("read", basic("reader", "r-pass"), "write", basic("writer", "w-pass"),
                "admin", basic("admin", "a-pass"));
        try (TestServer s = TestServer.start(dir, usersToml(1000))) {
            for (Map.Entry<Call, String> g : GROUPS.entrySet()) {
                Call c = g.getKey();
                TestServer.Response anonymous = send(s, c, null);
                assertEquals(401, anonymous.status(), c + ": " + anonymous.body());
                assertEquals("Basic realm=\"herald\", charset=\"UTF-8\"",
                        anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
                for (String role : roles) {
                    TestServer.Response r = send(s, c, creds.get(role));
                    boolean allowed = roles.indexOf(role) >= roles.indexOf(g.getValue());
                    if (allowed) {
                        assertNotEquals(401, r.status(), role + " " + c + ": " + r.body());
                        assertNotEquals(403, r.status(), role + " " + c + ": " + r.body());
                        assertTrue(r.status() < 500, role + " " + c + ": " + r.body());
                    } else {
                        assertEquals(403, r.status(), role + " " + c + ": " + r.body());
                        assertTrue(r.error().contains("needs role " + g.getValue()), r.body());
                    }
                }
            }
        }
    }

    @Test
    void bearerTokenPingAndMetricsOpenWrongAndUnknownUsersLookAlike() throws Exception {
        try (TestServer s = TestServer.start(dir, usersToml(1000))) {
            Call write = new Call("POST", "/write?db=d&rp=r", "m v=1", "text/plain");
            assertEquals(204, send(s, write, "Bearer " + TOKEN).status());
            assertEquals(401, send(s, write, "Bearer wrong-token").status());
            assertEquals(204, send(s, new Call("GET", "/kapacitor/v1/ping", null, null), null).status());
            assertEquals(204, send(s, new Call("GET", "/ping", null, null), null).status());
            assertEquals(200, send(s, new Call("GET", "/metrics", null, null), null).status());
            TestServer.Response wrong = send(s, write, basic("writer", "nope"));
            TestServer.Response unknown = send(s, write, basic("nobody", "nope"));
            assertEquals(401, wrong.status());
            assertEquals(wrong.body(), unknown.body());
            assertFalse(wrong.body().contains("nope"));
            String metrics = send(s, new Call("GET", "/metrics", null, null), null).body();
            assertTrue(metrics.contains("\nherald_auth_failed_logins_total 3\n"), metrics);
        }
    }

    @Test
    void failedLoginsAreRateLimitedPerClient() throws Exception {
        try (TestServer s = TestServer.start(dir, usersToml(3))) {
            Call get = new Call("GET", "/kapacitor/v1/tasks", null, null);
            for (int i = 0; i < 3; i++) {
                assertEquals(401, send(s, get, basic("reader", "guess" + i)).status());
            }
            TestServer.Response limited = send(s, get, basic("reader", "r-pass"));
            assertEquals(429, limited.status(), limited.body());
            assertTrue(limited.headers().firstValue("Retry-After").isPresent());
            String metrics = send(s, new Call("GET", "/metrics", null, null), null).body();
            assertTrue(metrics.contains("\nherald_auth_rate_limited_total 1\n"), metrics);
        }
    }

    @Test
    void pingAndMetricsNeedCredentialsWhenConfigured() throws Exception {
        try (TestServer s = TestServer.start(dir, "  auth-ping = true\n  auth-metrics = true\n" + usersToml(100))) {
            assertEquals(401, send(s, new Call("GET", "/ping", null, null), null).status());
            assertEquals(401, send(s, new Call("GET", "/metrics", null, null), null).status());
            assertEquals(200, send(s, new Call("GET", "/metrics", null, null), basic("reader", "r-pass")).status());
        }
    }

    @Test
    void cliTakesCredentialsFromTheUrlOrATokenVariableAndNeverPrintsThem() throws Exception {
        try (TestServer s = TestServer.start(dir, usersToml(1000))) {
            int port = s.server().port();
            HttpsTest.Run ok = HttpsTest.cli("-url", "http://reader:r-pass@127.0.0.1:" + port, "list", "tasks");
            assertEquals(0, ok.code(), ok.toString());
            HttpsTest.Run token = HttpsTest.cli(Map.of("KAPACITOR_URL", "http://127.0.0.1:" + port,
                    "HERALD_TOKEN", TOKEN), "list", "tasks");
            assertEquals(0, token.code(), token.toString());
            HttpsTest.Run denied = HttpsTest.cli("-url", "http://reader:s3cr3t-wrong@127.0.0.1:" + port, "list",
                    "tasks");
            assertNotEquals(0, denied.code(), denied.toString());
            assertTrue(denied.err().contains("invalid credentials"), denied.toString());
            assertFalse(denied.toString().contains("s3cr3t-wrong"), denied.toString());
            Call create = GROUPS.keySet().stream().filter(c -> c.method().equals("POST")
                    && c.path().equals("/kapacitor/v1/tasks")).findFirst().orElseThrow();
            assertEquals(200, send(s, create, basic("admin", "a-pass")).status());
            HttpsTest.Run forbidden = HttpsTest.cli(Map.of("KAPACITOR_URL", "http://reader:r-pass@127.0.0.1:"
                    + port), "delete", "tasks", "t");
            assertNotEquals(0, forbidden.code(), forbidden.toString());
            assertTrue(forbidden.err().contains("needs role write"), forbidden.toString());
            assertFalse(forbidden.toString().contains("r-pass"), forbidden.toString());
        }
    }
}
