package dev.herald.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.core.config.ConfigException;
import dev.herald.engine.handler.UnknownHandlerKindException;
import dev.herald.engine.tick.TickscriptException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * The HTTP front: a JDK {@link HttpServer} whose one context reads each request body within the size limit, hands
 * the request to the {@link Router}, and turns exceptions into Kapacitor's {@code {"error": ...}} bodies.
 */
final class HttpFront implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.http");

    /** Largest request body accepted. */
    static final int MAX_BODY = 10 * 1024 * 1024;

    static final String KAPACITOR_VERSION = "1.8.0-herald";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;

    HttpFront(InetSocketAddress address, Router router) throws IOException {
        this.router = router;
        this.server = HttpServer.create(address, 128);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "herald-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    void start() {
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void serve(HttpExchange exchange) throws IOException {
        Reply reply;
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        try {
            byte[] body = readBody(exchange);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT),
                    v.isEmpty() ? "" : v.get(0)));
            Request request = new Request(method, exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            reply = router.dispatch(request);
        } catch (ApiException e) {
            reply = Reply.error(e.status(), e.getMessage());
        } catch (UnknownHandlerKindException e) {
            reply = Reply.error(400, e.getMessage());
        } catch (TickscriptException e) {
            reply = Reply.error(400, "invalid TICKscript: " + e.getMessage());
        } catch (ConfigException | IllegalArgumentException e) {
            reply = Reply.error(400, e.getMessage());
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            LOG.log(System.Logger.Level.ERROR, "request " + method + " " + exchange.getRequestURI() + " failed", e);
            reply = Reply.error(500, "internal error: " + e);
        }
        write(exchange, method, reply);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY) {
                    drain(exchange.getRequestBody());
                    throw new ApiException(413, "request body too large: at most " + MAX_BODY + " bytes");
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid Content-Length: " + length);
            }
        }
        InputStream in = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            try {
                in = new GZIPInputStream(in);
            } catch (IOException e) {
                throw ApiException.badRequest("invalid gzip body: " + e.getMessage());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int total = 0;
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > MAX_BODY) {
                    drain(exchange.getRequestBody());
                    throw new ApiException(413, "request body too large: at most " + MAX_BODY + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.ZipException e) {
            throw ApiException.badRequest("invalid gzip body: " + e.getMessage());
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the connection is closed after the reply anyway
        }
    }

    private static void write(HttpExchange exchange, String method, Reply reply) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Kapacitor-Version", KAPACITOR_VERSION);
            exchange.getResponseHeaders().set("X-Herald-Version", Version.HERALD);
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean noBody = reply.status() == 204 || reply.status() == 304 || method.equals("HEAD")
                    || reply.body().length == 0;
            exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
            if (!noBody) {
                exchange.getResponseBody().write(reply.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
