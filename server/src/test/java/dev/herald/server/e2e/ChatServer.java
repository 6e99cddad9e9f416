package dev.herald.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.server.HeraldServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Herald server on a loopback port, started from a kapacitor.conf-style file, and a client for its HTTP API:
 * what the Discord, Teams, Talk and Pushover end-to-end tests drive (the server package's TestServer is not
 * visible from here).
 */
final class ChatServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration BOUND = Duration.ofSeconds(20);

    /** One answer of the API. */
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final HeraldServer server;

    private ChatServer(HeraldServer server) {
        this.server = server;
    }

    /** Starts a server in {@code dir} whose config file is the base settings plus {@code toml}. */
    static ChatServer start(Path dir, String toml) {
        try {
            Path config = dir.resolve("herald.conf");
            Files.writeString(config, "data_dir = \"" + dir.resolve("data") + "\"\n"
                    + "[plugins]\n  dir = \"" + dir.resolve("plugins") + "\"\n"
                    + "[alert]\n  shutdown-grace = \"2s\"\n"
                    + "[http]\n  bind-address = \"127.0.0.1:0\"\n" + toml);
            return new ChatServer(HeraldServer.start(Optional.of(config), Map.of(), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body, "application/json");
    }

    /** Defines and enables a stream task on {@code telegraf.autogen}. */
    void defineTask(String id, String script) {
        try {
            Response r = post("/kapacitor/v1/tasks", JSON.writeValueAsString(Map.of("id", id, "type", "stream",
                    "dbrps", List.of(Map.of("db", "telegraf", "rp", "autogen")), "script", script,
                    "status", "enabled")));
            assertEquals(200, r.status(), r.body());
            assertTrue(r.json().path("executing").asBoolean(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes line protocol (second precision) through {@code /kapacitor/v1/write}. */
    void write(String lines) {
        Response r = send("POST", "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s", lines, "text/plain");
        assertEquals(204, r.status(), r.body());
    }

    /** Waits (bounded) until {@code service} has received {@code count} POSTs to {@code path}, and returns them. */
    static List<LoggedRequest> awaitPosts(WireMockServer service, String path, int count) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            List<LoggedRequest> got = service.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(path)));
            if (got.size() >= count) {
                return got;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + count + " POSTs to " + path + "; got "
                        + service.getAllServeEvents().size() + " requests");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** The handler kind's entry of {@code GET /kapacitor/v1/handlers}. */
    JsonNode handlerKind(String kind) {
        for (JsonNode h : get("/kapacitor/v1/handlers").json().path("handlers")) {
            if (h.path("kind").asText().equals(kind)) {
                return h;
            }
        }
        throw new AssertionError("kind " + kind + " not listed by /kapacitor/v1/handlers");
    }

    @Override
    public void close() {
        server.close();
    }
}
