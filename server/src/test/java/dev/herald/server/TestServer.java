package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit.Stubbing;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A real server started in-process on a random loopback port with its own data directory, and an HTTP client that
 * talks to it. {@link #restart()} stops it and starts a new one on the same data directory. Public for the
 * end-to-end tests of every service (package {@code e2e}): one harness for all of them.
 */
public final class TestServer implements AutoCloseable {
    /**
     * Kafka's clients log their whole configuration at INFO whenever one starts, its in-process brokers every state
     * change (megabytes per cluster test): keep them at WARNING, as the server's own logging does (Logs.install).
     */
    private static final List<java.util.logging.Logger> KAFKA = java.util.stream.Stream.of("org.apache.kafka",
            "kafka", "state.change.logger").map(java.util.logging.Logger::getLogger).toList();

    static {
        KAFKA.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
    }

    public static final ObjectMapper JSON = Json.MAPPER;
    private static final Duration BOUND = Duration.ofSeconds(20);
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer. */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        public String error() {
            return json().path("error").asText();
        }
    }

    final Path dir;
    final Path config;
    final Map<String, String> env;
    private HeraldServer server;

    private TestServer(Path dir, Path config, Map<String, String> env) {
        this.dir = dir;
        this.config = config;
        this.env = env;
        this.server = HeraldServer.start(Optional.of(config), env, false);
    }

    private TestServer(HeraldServer running) {
        this.dir = running.dataDir().getParent();
        this.config = null;
        this.env = Map.of();
        this.server = running;
    }

    /** Talks to a server started some other way. */
    static TestServer attach(HeraldServer running) {
        return new TestServer(running);
    }

    /** Starts a server in {@code dir} with the base config plus {@code extraToml}. */
    public static TestServer start(Path dir, String extraToml) {
        return start(dir, extraToml, Map.of());
    }

    static TestServer start(Path dir, String extraToml, Map<String, String> env) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("herald.conf");
            Files.writeString(config, baseToml(dir) + extraToml);
            return new TestServer(dir, config, new HashMap<>(env));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String baseToml(Path dir) {
        return "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[plugins]\n  dir = \"" + dir.resolve("plugins") + "\"\n"
                + "[alert]\n  shutdown-grace = \"2s\"\n"
                + "[http]\n  bind-address = \"127.0.0.1:0\"\n";
    }

    public HeraldServer server() {
        return server;
    }

    Path dataDir() {
        return server.dataDir();
    }

    void restart() {
        server.close();
        server = HeraldServer.start(Optional.of(config), env, false);
    }

    public Response send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, String body) {
        return send("POST", path, body);
    }

    public Response patch(String path, String body) {
        return send("PATCH", path, body);
    }

    public Response put(String path, String body) {
        return send("PUT", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Writes line protocol to {@code /write?db=..&rp=..&precision=s}. */
    public Response write(String db, String rp, String lines) {
        return send("POST", "/write?db=" + db + "&rp=" + rp + "&precision=s", lines, "text/plain");
    }

    /** Posts {@code body} as JSON (a String is sent as it is). */
    public Response post(String path, Object body) {
        try {
            return post(path, body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defines and enables a stream task on {@code telegraf.autogen}, asserting that it runs. */
    public Response defineTask(String id, String script) {
        Response r = post("/kapacitor/v1/tasks", Map.of("id", id, "type", "stream",
                "dbrps", List.of(Map.of("db", "telegraf", "rp", "autogen")), "script", script, "status", "enabled"));
        if (r.status() != 200 || !r.json().path("executing").asBoolean()) {
            throw new AssertionError("task " + id + " not running: " + r.status() + " " + r.body());
        }
        return r;
    }

    /** Writes line protocol (second precision) to {@code telegraf.autogen} through {@code /kapacitor/v1/write}. */
    public Response write(String lines) {
        Response r = send("POST", "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s", lines, "text/plain");
        if (r.status() != 204) {
            throw new AssertionError("write refused: " + r.status() + " " + r.body());
        }
        return r;
    }

    /** The kind's entry of {@code GET /kapacitor/v1/handlers}. */
    public JsonNode handlerKind(String kind) {
        for (JsonNode h : get("/kapacitor/v1/handlers").json().path("handlers")) {
            if (h.path("kind").asText().equals(kind)) {
                return h;
            }
        }
        throw new AssertionError("kind " + kind + " not listed by /kapacitor/v1/handlers");
    }

    /** Polls {@code value} until it is non-null, at most 20 s, never a fixed sleep. */
    public static <T> T await(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        T got;
        while ((got = value.get()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + BOUND + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return got;
    }

    /** Waits (bounded) until {@code service} has received {@code count} POSTs to {@code path}, and returns them all. */
    public static List<LoggedRequest> awaitPosts(Stubbing service, String path, int count) {
        return await(count + " POST(s) to " + path, () -> {
            List<LoggedRequest> got = service.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(path)));
            return got.size() >= count ? got : null;
        });
    }

    /** Waits (bounded) until {@code service} has received {@code count} requests of any kind, and returns them. */
    public static List<LoggedRequest> awaitRequests(Stubbing service, int count) {
        return await(count + " request(s)", () -> {
            List<LoggedRequest> got = service.findAll(WireMock.anyRequestedFor(WireMock.anyUrl()));
            return got.size() >= count ? got : null;
        });
    }

    @Override
    public void close() {
        server.close();
    }
}
