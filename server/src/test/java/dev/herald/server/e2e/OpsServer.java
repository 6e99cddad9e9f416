package dev.herald.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.Supplier;

/**
 * The real server, started in-process on a loopback port with its own data directory and the given TOML, and
 * the few HTTP API calls the Alerta, Sensu and VictorOps end-to-end tests make.
 */
final class OpsServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final HeraldServer server;

    /** One answer of the API. */
    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    OpsServer(Path dir, String toml) {
        try {
            Path config = dir.resolve("herald.conf");
            Files.writeString(config, "data_dir = \"" + dir.resolve("data") + "\"\n"
                    + "[plugins]\n  dir = \"" + dir.resolve("plugins") + "\"\n"
                    + "[alert]\n  shutdown-grace = \"2s\"\n"
                    + "[http]\n  bind-address = \"127.0.0.1:0\"\n" + toml);
            server = HeraldServer.start(Optional.of(config), Map.of(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply send(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    Reply post(String path, Object body) {
        try {
            return send("POST", path, body instanceof String s ? s : JSON.writeValueAsString(body),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defines and enables a stream task on telegraf.autogen; returns the API's answer. */
    Reply defineStreamTask(String id, String script) {
        return post("/kapacitor/v1/tasks", Map.of("id", id, "type", "stream",
                "dbrps", List.of(Map.of("db", "telegraf", "rp", "autogen")), "script", script, "status", "enabled"));
    }

    /** Writes line protocol (seconds) to telegraf.autogen through {@code /kapacitor/v1/write}. */
    Reply write(String lines) {
        return send("POST", "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s", lines, "text/plain");
    }

    /** The handler kind's entry in {@code GET /kapacitor/v1/handlers}, or a missing node. */
    JsonNode handlerKind(String kind) {
        for (JsonNode h : get("/kapacitor/v1/handlers").json().path("handlers")) {
            if (h.path("kind").asText().equals(kind)) {
                return h;
            }
        }
        return JSON.missingNode();
    }

    /** Polls {@code value} until it is non-null, at most 20 s, never a fixed sleep. */
    static <T> T await(String what, Supplier<T> value) {
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

    @Override
    public void close() {
        server.close();
    }
}
