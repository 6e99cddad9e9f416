package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.Optional;

/**
 * A real server started in-process on a random loopback port with its own data directory, and an HTTP client that
 * talks to it. {@link #restart()} stops it and starts a new one on the same data directory.
 */
final class TestServer implements AutoCloseable {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer. */
    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        String error() {
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
    static TestServer start(Path dir, String extraToml) {
        return start(dir, extraToml, Map.of());
    }

    static TestServer start(Path dir, String extraToml, Map<String, String> env) {
        try {
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

    HeraldServer server() {
        return server;
    }

    Path dataDir() {
        return server.dataDir();
    }

    void restart() {
        server.close();
        server = HeraldServer.start(Optional.of(config), env, false);
    }

    Response send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    Response send(String method, String path, String body, String contentType) {
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

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body);
    }

    Response patch(String path, String body) {
        return send("PATCH", path, body);
    }

    Response put(String path, String body) {
        return send("PUT", path, body);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Writes line protocol to {@code /write?db=..&rp=..&precision=s}. */
    Response write(String db, String rp, String lines) {
        return send("POST", "/write?db=" + db + "&rp=" + rp + "&precision=s", lines, "text/plain");
    }

    @Override
    public void close() {
        server.close();
    }
}
