package dev.herald.server;

import dev.herald.core.config.ConfigException;
import dev.herald.engine.handler.UnknownHandlerKindException;
import dev.herald.engine.tick.TickscriptException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP front, on Jetty 12: it binds the port, enforces the request limits (header size and stalled clients in
 * Jetty, body size, slow bodies and the connection limit here), reads each request body, hands the request to the
 * {@link Router}, and turns exceptions into Kapacitor's {@code {"error": ...}} bodies. Jetty replaced the JDK's
 * {@code HttpServer}, which could neither time out a client that stops sending nor count connections.
 */
final class HttpFront implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.http");

    /** Largest request body accepted. */
    static final int MAX_BODY = 10 * 1024 * 1024;

    static final String KAPACITOR_VERSION = "1.8.0-herald";

    private final Server server;
    private final ServerConnector connector;
    private final Router router;
    private final HttpHardening limits;
    private final AccessControl access;
    private final AtomicInteger connections = new AtomicInteger();
    /** Connections opened while {@code max-connection-limit} others were open: each request on them gets a 503. */
    private final java.util.Set<Connection> overLimit = java.util.concurrent.ConcurrentHashMap.newKeySet();

    HttpFront(InetSocketAddress address, Router router) throws IOException {
        this(address, router, HttpHardening.DEFAULTS, new AccessControl(HttpHardening.DEFAULTS, System::nanoTime));
    }

    /** A front with TLS, access control and request limits per {@code limits}, bound (not yet serving). */
    HttpFront(InetSocketAddress address, Router router, HttpHardening limits, AccessControl access)
            throws IOException {
        this.router = router;
        this.limits = limits;
        this.access = access;
        RequestLimits.configure(limits);
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("herald-http");
        threads.setDaemon(true);
        // no threads parked in reserve for the selector to hand work to: on two cores they cost more than the
        // hand-off they save (measured with the delivery benchmark, benchmarks/README.md)
        threads.setReservedThreads(0);
        server = new Server(threads);
        server.setStopAtShutdown(false);
        server.setErrorHandler(new HttpErrors(limits));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty answers 431 itself (through HttpErrors, with the reason) when the header block is larger
        http.setRequestHeaderSize(limits.maxHeaderSize());
        // paths are matched decoded, as the JDK server did: ids with encoded characters must keep working
        http.setUriCompliance(UriCompliance.LEGACY);
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        if (limits.httpsEnabled()) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setSslContext(TlsServerContext.create(limits.certificate(), limits.privateKey()));
            tls.setIncludeProtocols(RequestLimits.tlsProtocols(limits.tlsMinVersion()));
            tls.setNeedClientAuth(false);
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, h1.getProtocol()), h1);
        } else {
            connector = new ServerConnector(server, 1, 1, h1);
        }
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setAcceptQueueSize(128);
        // a client that stops sending (headers or body) is timed out after read-timeout
        connector.setIdleTimeout(limits.readTimeout().toMillis());
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                if (connection instanceof org.eclipse.jetty.io.ssl.SslConnection) {
                    return; // a TLS client's HTTP connection is counted, not its TLS layer as well
                }
                // decided when the connection opens: the first max-connection-limit connections are served, those
                // opened beyond it are refused, whichever of them sends its request first
                if (connections.incrementAndGet() > limits.maxConnections()) {
                    overLimit.add(connection);
                }
            }

            @Override
            public void onClosed(Connection connection) {
                if (connection instanceof org.eclipse.jetty.io.ssl.SslConnection) {
                    return;
                }
                overLimit.remove(connection);
                connections.decrementAndGet();
            }
        });
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
        connector.open();
    }

    void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP server: " + e.getMessage(), e);
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** Connections open now (what {@code max-connection-limit} counts). */
    int openConnections() {
        return connections.get();
    }

    /** Whether the API is served over TLS. */
    boolean https() {
        return limits.httpsEnabled();
    }

    private void serve(org.eclipse.jetty.server.Request request, Response response, Callback callback) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        Reply reply;
        if (overLimit.contains(request.getConnectionMetaData().getConnection())) {
            reply = Reply.error(503, "server busy: more than " + limits.maxConnections()
                    + " connections at once ([http] max-connection-limit); retry later").withHeader("Retry-After", "1")
                    .withHeader("Connection", "close");
        } else {
            reply = handle(request, method);
        }
        write(response, callback, method, reply);
    }

    private Reply handle(org.eclipse.jetty.server.Request exchange, String method) {
        long start = System.nanoTime();
        InputStream body = Content.Source.asInputStream(exchange);
        HttpFields fields = exchange.getHeaders();
        try {
            Reply refused = access.check(method, exchange.getHttpURI().getDecodedPath(),
                    fields.get(HttpHeader.AUTHORIZATION),
                    org.eclipse.jetty.server.Request.getRemoteAddr(exchange));
            if (refused != null) {
                drain(body, Math.min(limits.maxBodySize(), 64 * 1024));
                return refused;
            }
            byte[] content = readBody(body, fields, limits.maxBodySize(), start + limits.readTimeout().toNanos());
            Map<String, String> headers = new HashMap<>();
            for (HttpField f : fields) {
                headers.putIfAbsent(f.getLowerCaseName(), f.getValue() == null ? "" : f.getValue());
            }
            Request request = new Request(method, exchange.getHttpURI().getDecodedPath(),
                    exchange.getHttpURI().getQuery(), headers, content);
            return router.dispatch(request);
        } catch (ApiException e) {
            if (e.status() == 413) {
                // read what a client may still send (bounded) so that it sees the 413 instead of a reset
                drain(body, 2 * limits.maxBodySize());
            }
            Reply r = Reply.error(e.status(), e.getMessage(), e.field());
            return e.status() == 408 ? r.withHeader("Connection", "close") : r;
        } catch (UnknownHandlerKindException e) {
            return Reply.error(400, e.getMessage());
        } catch (TickscriptException e) {
            return Reply.error(400, "invalid TICKscript: " + e.getMessage());
        } catch (ConfigException e) {
            return Reply.error(400, e.getMessage(), e.key());
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            LOG.log(System.Logger.Level.ERROR, "request " + method + " " + exchange.getHttpURI().getPath()
                    + " failed", e);
            return Reply.error(500, "internal error: " + e);
        }
    }

    private static ApiException readTimeout() {
        return new ApiException(408, "request not received within the read timeout ([http] read-timeout); the "
                + "client is sending too slowly");
    }

    private static byte[] readBody(InputStream raw, HttpFields fields, long maxBody, long deadline) {
        long length = fields.getLongField(HttpHeader.CONTENT_LENGTH);
        if (length > maxBody) {
            throw new ApiException(413, "request body too large: at most " + maxBody + " bytes "
                    + "([http] max-body-size)");
        }
        InputStream in = raw;
        String encoding = fields.get(HttpHeader.CONTENT_ENCODING);
        try {
            if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
                try {
                    in = new GZIPInputStream(in);
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw ApiException.badRequest("invalid gzip body: " + e.getMessage());
                }
            }
            if (length > 0 && length < Integer.MAX_VALUE - 8 && in == raw) {
                return readExactly(raw, (int) length, deadline);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[65536];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBody) {
                    throw new ApiException(413, "request body too large: at most " + maxBody + " bytes "
                            + "([http] max-body-size)");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw readTimeout();
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (java.util.zip.ZipException e) {
            throw ApiException.badRequest("invalid gzip body: " + e.getMessage());
        } catch (IOException e) {
            if (timedOut(e)) {
                throw readTimeout();
            }
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** A body of known length read straight into its array: a large write is neither buffered nor copied. */
    private static byte[] readExactly(InputStream in, int length, long deadline) throws IOException {
        byte[] body = new byte[length];
        int at = 0;
        while (at < length) {
            int n = in.read(body, at, Math.min(65536, length - at));
            if (n < 0) {
                throw ApiException.badRequest("request body ended after " + at + " of the " + length
                        + " bytes its Content-Length announced");
            }
            at += n;
            if (at < length && System.nanoTime() - deadline > 0) {
                throw readTimeout();
            }
        }
        return body;
    }

    /** Jetty fails a read with its idle timeout (read-timeout) when the client stops sending. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
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

    private static void write(Response response, Callback callback, String method, Reply reply) {
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Kapacitor-Version", KAPACITOR_VERSION);
        headers.put("X-Herald-Version", Version.HERALD);
        if (reply.contentType() != null) {
            headers.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        }
        reply.headers().forEach(headers::put);
        boolean noBody = reply.status() == 204 || reply.status() == 304 || method.equals("HEAD")
                || reply.body().length == 0;
        if (!noBody) {
            headers.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        }
        response.write(true, noBody ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the HTTP server: " + e.getMessage());
        }
    }
}
