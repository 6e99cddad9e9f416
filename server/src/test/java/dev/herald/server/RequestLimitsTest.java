package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each request limit exceeded once, with real clients: the status and the reason naming the config key. */
class RequestLimitsTest {
    @TempDir
    Path dir;

    private static final String LIMITS = "  max-body-size = 1000\n  max-header-size = 2048\n  read-timeout = \"1s\"\n"
            + "  max-connection-limit = 1\n  max-json-depth = 10\n";

    @Test
    void bodyTooLargeIs413() {
        try (TestServer s = TestServer.start(dir, LIMITS)) {
            TestServer.Response r = s.write("d", "r", "m v=1\n".repeat(300));
            assertEquals(413, r.status(), r.body());
            assertTrue(r.error().contains("at most 1000 bytes ([http] max-body-size)"), r.body());
            assertEquals(204, s.write("d", "r", "m v=1\n").status());
        }
    }

    @Test
    void headersTooLargeAre431() throws Exception {
        try (TestServer s = TestServer.start(dir, LIMITS)) {
            HttpResponse<String> r = TestServer.CLIENT.send(HttpRequest.newBuilder(
                    URI.create(s.server().url() + "/kapacitor/v1/tasks")).header("X-Big", "x".repeat(3000))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(431, r.statusCode(), r.body());
            assertTrue(r.body().contains("[http] max-header-size"), r.body());
        }
    }

    @Test
    void jsonNestedTooDeeplyIs400() {
        try (TestServer s = TestServer.start(dir, LIMITS)) {
            TestServer.Response r = s.post("/kapacitor/v1/tasks", "{\"vars\":" + "[".repeat(50) + "]".repeat(50)
                    + "}");
            assertEquals(400, r.status(), r.body());
            assertTrue(r.body().toLowerCase().contains("depth"), r.body());
        }
    }

    @Test
    void aClientSendingTooSlowlyGets408() throws Exception {
        try (TestServer s = TestServer.start(dir, LIMITS); Socket socket = new Socket("127.0.0.1", s.server().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /write?db=d&rp=r HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 900\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(100);
            String reply = null;
            for (int i = 0; i < 400 && reply == null; i++) {
                out.write('m');
                out.flush();
                reply = tryRead(socket.getInputStream());
            }
            assertTrue(reply != null && reply.startsWith("HTTP/1.1 408"), String.valueOf(reply));
            assertTrue(reply.contains("[http] read-timeout"), reply);
        }
    }

    /** One request on its own connection ({@code Connection: close}), the whole raw reply. */
    private static String rawGet(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void moreConnectionsThanTheLimitGet503() throws Exception {
        try (TestServer s = TestServer.start(dir, LIMITS)) {
            int port = s.server().port();
            boolean seen = false;
            List<String> tries = new java.util.ArrayList<>();
            // each attempt starts once the server counts no connection: idle keep-alive connections count too (the
            // test client's from start-up among them: they close after read-timeout), and a closed one is uncounted
            // a moment after the client sees it close; an attempt whose slow request got the 503 is tried again
            for (int attempt = 0; attempt < 5 && !seen; attempt++) {
                Poll.until("no connection open", () -> s.server().openConnections() == 0);
                try (Socket slow = new Socket("127.0.0.1", port)) {
                    // the slow request holds its connection, waiting for the rest of its body
                    OutputStream out = slow.getOutputStream();
                    out.write(("POST /write?db=d&rp=r HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 7\r\n\r\nm v")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String busy = rawGet(port, "/kapacitor/v1/ping");
                    out.write("=1\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    slow.setSoTimeout(20_000);
                    String first = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                    tries.add("busy: " + busy.lines().findFirst().orElse("") + ", slow: " + first);
                    if (busy.startsWith("HTTP/1.1 503") && first.equals("HTTP/1.1 204")) {
                        seen = true;
                        assertTrue(busy.contains("more than 1 connections at once ([http] max-connection-limit)"),
                                busy);
                        assertTrue(busy.contains("Retry-After: 1"), busy);
                    }
                }
            }
            assertTrue(seen, "no 503 while another connection was open: " + tries);
        }
    }

    @Test
    void aClientThatStopsSendingItsBodyGets408() throws Exception {
        try (TestServer s = TestServer.start(dir, LIMITS); Socket socket = new Socket("127.0.0.1", s.server().port())) {
            socket.getOutputStream().write(("POST /write?db=d&rp=r HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100"
                    + "\r\n\r\ncpu v=1").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 408"), reply);
            assertTrue(reply.contains("[http] read-timeout"), reply);
        }
    }

    @Test
    void aClientThatStopsSendingItsHeadersIsDisconnected() throws Exception {
        try (TestServer s = TestServer.start(dir, LIMITS); Socket socket = new Socket("127.0.0.1", s.server().port())) {
            socket.getOutputStream().write("POST /write?db=d&rp=r HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // read-timeout is 1 s: the server closes the connection long before this read would time out
            socket.setSoTimeout(10_000);
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("", reply, "Jetty closes a connection whose request never arrived, without a reply");
        }
    }

    private static String tryRead(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        try {
            int n = in.read(buf);
            if (n < 0) {
                return "closed";
            }
            StringBuilder sb = new StringBuilder(new String(buf, 0, n, StandardCharsets.UTF_8));
            try {
                while ((n = in.read(buf)) > 0) {
                    sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (SocketTimeoutException done) {
                // the whole reply is in
            }
            return sb.toString();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
