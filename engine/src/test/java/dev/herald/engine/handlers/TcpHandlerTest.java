package dev.herald.engine.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code tcp} handler against a real loopback listener (handlers-ops.md section 2). */
class TcpHandlerTest {
    private final TcpHandlerFactory factory = new TcpHandlerFactory();

    /** Accepts one connection and returns everything the peer wrote before closing. */
    private static CompletableFuture<String> acceptOne(ServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static ServerSocket listener() throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server.setSoTimeout(20_000);
        return server;
    }

    @Test
    void writesTheAlertJsonFollowedByTwoNewlines() throws Exception {
        try (ServerSocket server = listener();
                Handler handler = Fixtures.create(factory, Map.of("address", "127.0.0.1:" + server.getLocalPort()),
                        HandlerContext.standalone())) {
            CompletableFuture<String> received = acceptOne(server);
            HandlerResult result = Fixtures.await(handler.handle(Fixtures.critical()));
            assertTrue(result.isDelivered(), result::toString);
            assertEquals(Fixtures.A + "\n\n", received.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void opensOneConnectionPerEvent() throws Exception {
        try (ServerSocket server = listener();
                Handler handler = Fixtures.create(factory, Map.of("address", "localhost:" + server.getLocalPort()),
                        HandlerContext.standalone())) {
            for (Level level : new Level[] {Level.WARNING, Level.OK}) {
                CompletableFuture<String> received = acceptOne(server);
                assertTrue(Fixtures.await(handler.handle(
                        Fixtures.event("t", 1.0, Instant.EPOCH, Duration.ZERO, level))).isDelivered());
                String payload = received.get(20, TimeUnit.SECONDS);
                assertTrue(payload.contains("\"level\":\"" + level + "\""), payload);
                assertTrue(payload.endsWith("}\n\n"), payload);
            }
        }
    }

    @Test
    void refusedConnectionIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = listener()) {
            closedPort = socket.getLocalPort();
        }
        try (Handler handler = Fixtures.create(factory, Map.of("address", "127.0.0.1:" + closedPort),
                HandlerContext.standalone())) {
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                    Fixtures.await(handler.handle(Fixtures.critical())));
            assertTrue(failed.retryable(), failed::toString);
            assertTrue(failed.reason().startsWith("tcp handler failed to connect"), failed.reason());
        }
    }

    @Test
    void addressMustBeHostAndPort() {
        for (String bad : new String[] {"localhost", "localhost:", ":9000", "host:port", "host:70000", "::1:80"}) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> Fixtures.create(factory, Map.of("address", bad), HandlerContext.standalone()), bad);
            assertEquals("address", error.key().orElseThrow());
        }
        Fixtures.create(factory, Map.of("address", "[::1]:9000"), HandlerContext.standalone()).close();
    }

    @Test
    void addressIsTheEntryArgument() {
        assertEquals(java.util.List.of("address"), factory.optionsSchema().entryArgs());
        assertThrows(ConfigException.class, () -> factory.optionsSchema().bind(Map.of()));
    }
}
