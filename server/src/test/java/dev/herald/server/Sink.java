package dev.herald.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP endpoint standing in for a webhook receiver: it answers each POST with the status it is set to
 * and records the bodies it accepted (2xx), in arrival order.
 */
final class Sink implements AutoCloseable {
    private final HttpServer server;
    private final List<String> accepted = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile int failFirst;

    Sink() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = requests.incrementAndGet();
            int answer = n <= failFirst ? 503 : status;
            if (answer / 100 == 2) {
                synchronized (accepted) {
                    accepted.add(new String(body, StandardCharsets.UTF_8));
                }
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** Every request is answered with {@code value}. */
    void answer(int value) {
        status = value;
    }

    /** The first {@code n} requests (counted from the start) get 503. */
    void failFirst(int n) {
        failFirst = n;
    }

    int requests() {
        return requests.get();
    }

    List<String> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
