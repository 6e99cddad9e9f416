package dev.herald.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.core.config.ConfigException;
import dev.herald.engine.handler.UnknownHandlerKindException;
import dev.herald.engine.tick.TickscriptException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
    private final HttpHardening limits;
    private final AccessControl access;
    private final AtomicInteger inFlight = new AtomicInteger();

    HttpFront(InetSocketAddress address, Router router) throws IOException {
        this(address, router, HttpHardening.DEFAULTS, new AccessControl(HttpHardening.DEFAULTS, System::nanoTime));
    }

    /** A front with TLS, access control and request limits per {@code limits}. */
    HttpFront(InetSocketAddress address, Router router, HttpHardening limits, AccessControl access)
            throws IOException {
        this.router = router;
        this.limits = limits;
        this.access = access;
        RequestLimits.configureJdk(limits);
        if (limits.httpsEnabled()) {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 128);
            https.setHttpsConfigurator(RequestLimits.tls(TlsServerContext.create(limits.certificate(),
                    limits.privateKey()), limits.tlsMinVersion()));
            this.server = https;
        } else {
            this.server = HttpServer.create(address, 128);
        }
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

    /** Whether the API is served over TLS. */
    boolean https() {
        return limits.httpsEnabled();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Reply reply;
        if (inFlight.incrementAndGet() > limits.maxConnections()) {
            inFlight.decrementAndGet();
            reply = Reply.error(503, "server busy: more than " + limits.maxConnections()
                    + " requests at once ([http] max-connection-limit); retry later").withHeader("Retry-After", "1");
        } else {
            try {
                reply = handle(exchange, method);
            } finally {
                // before the reply goes out, so a client's next request never finds this one still counted
                inFlight.decrementAndGet();
            }
        }
        write(exchange, method, reply);
    }

    private Reply handle(HttpExchange exchange, String method) {
        long start = System.nanoTime();
        try {
            Reply refused = RequestLimits.headerSize(exchange.getRequestHeaders(), limits.maxHeaderSize());
            if (refused == null) {
                refused = access.check(method, exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRemoteAddress().getAddress().getHostAddress());
            }
            if (refused != null) {
                drain(exchange.getRequestBody(), Math.min(limits.maxBodySize(), 64 * 1024));
                return refused;
            }
            byte[] body = readBody(exchange, limits.maxBodySize(), start + limits.readTimeout().toNanos());
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT),
                    v.isEmpty() ? "" : v.get(0)));
            Request request = new Request(method, exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            return router.dispatch(request);
        } catch (ApiException e) {
            if (e.status() == 413) {
                // read what a client may still send (bounded) so that it sees the 413 instead of a reset
                drain(exchange.getRequestBody(), 2 * limits.maxBodySize());
            }
            return Reply.error(e.status(), e.getMessage(), e.field());
        } catch (UnknownHandlerKindException e) {
            return Reply.error(400, e.getMessage());
        } catch (TickscriptException e) {
            return Reply.error(400, "invalid TICKscript: " + e.getMessage());
        } catch (ConfigException e) {
            return Reply.error(400, e.getMessage(), e.key());
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            LOG.log(System.Logger.Level.ERROR, "request " + method + " " + exchange.getRequestURI() + " failed", e);
            return Reply.error(500, "internal error: " + e);
        }
    }

    private static byte[] readBody(HttpExchange exchange, long maxBody, long deadline) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBody) {
                    throw new ApiException(413, "request body too large: at most " + maxBody + " bytes "
                            + "([http] max-body-size)");
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
        long total = 0;
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBody) {
                    throw new ApiException(413, "request body too large: at most " + maxBody + " bytes "
                            + "([http] max-body-size)");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new ApiException(408, "request not received within the read timeout ([http] "
                            + "read-timeout); the client is sending too slowly");
                }
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.ZipException e) {
            throw ApiException.badRequest("invalid gzip body: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** Reads what is left of a small body so the connection can be reused; a large one is not waited for. */
    private static void drain(InputStream in, long max) {
        try {
            long left = max;
            byte[] buf = new byte[8192];
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
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
