package dev.herald.handler.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A real MQTT broker (Moquette) on a loopback port, in memory, accepting one user; it can be stopped and started
 * again on the same port to test reconnection.
 */
public final class EmbeddedBroker implements AutoCloseable {
    public static final String USER = "herald";
    public static final String PASSWORD = "s3cr3t-mqtt-password";

    private final int port;
    private Server server;
    /** Every PUBLISH the broker received from a client, as it arrived (topic, payload, QoS, retain flag). */
    public final java.util.concurrent.BlockingQueue<Published> published = new java.util.concurrent.LinkedBlockingQueue<>();

    /** One PUBLISH packet as the broker received it. */
    public record Published(String clientId, String topic, String payload, int qos, boolean retain) {
    }

    public EmbeddedBroker() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public void start() {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "false");
        p.setProperty("persistence_enabled", "false");
        server = new Server();
        try {
            io.moquette.interception.InterceptHandler recorder = new io.moquette.interception.AbstractInterceptHandler() {
                @Override
                public String getID() {
                    return "recorder";
                }

                @Override
                public void onSessionLoopError(Throwable error) {
                    // a client's session failed; the tests see it as a failed publish
                }

                @Override
                public void onPublish(io.moquette.interception.messages.InterceptPublishMessage m) {
                    published.add(new Published(m.getClientID(), m.getTopicName(),
                            m.getPayload().toString(java.nio.charset.StandardCharsets.UTF_8), m.getQos().value(),
                            m.isRetainFlag()));
                }
            };
            server.startServer(new MemoryConfig(p), List.of(recorder), null,
                    (clientId, user, password) -> USER.equals(user) && password != null
                            && Arrays.equals(PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8), password),
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
