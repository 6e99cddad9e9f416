package dev.herald.server.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A loopback HTTP server that records requests and answers from a routing function. */
final class StubServer implements AutoCloseable {

    record Req(String method, String path, String query, String body) {
        String line() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    record Resp(int status, String body) {
        static Resp json(String body) {
            return new Resp(200, body);
        }

        static Resp noContent() {
            return new Resp(204, "");
        }

        static Resp notFound(String what) {
            return new Resp(404, "{\"error\":\"" + what + "\",\"message\":\"" + what + "\"}");
        }
    }

    private final HttpServer server;
    final List<Req> requests = new CopyOnWriteArrayList<>();

    StubServer(Function<Req, Resp> routes) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Req req = new Req(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    body);
            requests.add(req);
            Resp resp;
            try {
                resp = routes.apply(req);
            } catch (RuntimeException e) {
                resp = new Resp(500, "{\"error\":\"stub: " + e + "\"}");
            }
            byte[] out = resp.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (resp.status() == 204) {
                ex.sendResponseHeaders(204, -1);
            } else {
                ex.sendResponseHeaders(resp.status(), out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> lines() {
        return requests.stream().map(Req::line).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
