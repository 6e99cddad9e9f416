package dev.herald.engine.handlers;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.NoConfig;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The built-in {@code tcp} handler, as Kapacitor's: for each event it opens a new TCP connection to
 * {@code address}, writes the alert JSON followed by two newlines (the encoder's and one more), and closes the
 * connection. Nothing is read back.
 *
 * <p>TICKscript {@code .tcp('host:port')}; handler file {@code kind: tcp, options: {address: 'host:port'}}. There is
 * no config section and no service test.
 *
 * <p>Outcomes: a refused, timed-out or otherwise failed connection, and a failed write, are retryable failures
 * (Kapacitor ignores write errors). The connect is bounded by the context's request timeout. The address is
 * checked when the handler is created ({@code host:port}, port 1-65535); the host is resolved at each connect.
 */
public final class TcpHandlerFactory implements HandlerFactory<NoConfig, TcpOptions> {

    /** Creates the factory; the engine finds it with {@link java.util.ServiceLoader}. */
    public TcpHandlerFactory() {
    }

    @Override
    public String kind() {
        return "tcp";
    }

    @Override
    public String description() {
        return "Write each alert as JSON to a TCP connection.";
    }

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public Class<TcpOptions> optionsType() {
        return TcpOptions.class;
    }

    @Override
    public Handler create(TcpOptions options, ServiceConfig<NoConfig> config, HandlerContext context) {
        InetSocketAddress address = parseAddress(options.address());
        return new TcpHandler(options.address(), address, context.requestTimeout());
    }

    /** Parses {@code host:port} / {@code [v6]:port} into an unresolved address (resolved at each connect). */
    static InetSocketAddress parseAddress(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConfigException("tcp", "address", "invalid value for \"address\": \"" + text
                    + "\" is not host:port (missing port in address)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new ConfigException("tcp", "address", "invalid value for \"address\": \"" + text
                    + "\" has too many colons (write an IPv6 address as [addr]:port)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new ConfigException("tcp", "address", "invalid value for \"address\": \"" + text
                    + "\" is not host:port with a port from 1 to 65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** One {@code tcp} handler. */
    static final class TcpHandler implements Handler {
        private final String text;
        private final InetSocketAddress address;
        private final Duration timeout;

        TcpHandler(String text, InetSocketAddress address, Duration timeout) {
            this.text = text;
            this.address = address;
            this.timeout = timeout;
        }

        @Override
        public CompletionStage<HandlerResult> handle(AlertEvent event) {
            byte[] payload = (AlertEventJson.toJsonLine(event) + "\n").getBytes(StandardCharsets.UTF_8);
            return BlockingIo.run("tcp handler failed", () -> send(payload));
        }

        private HandlerResult send(byte[] payload) {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            InetAddress[] candidates;
            try {
                candidates = InetAddress.getAllByName(address.getHostString());
            } catch (UnknownHostException e) {
                return HandlerResult.retryable("tcp handler failed to connect to " + text + ": unknown host");
            }
            // As Go's net.Dial: try each address of the host in turn until one accepts.
            String failure = "no address";
            for (InetAddress candidate : candidates) {
                try (Socket socket = new Socket()) {
                    try {
                        socket.connect(new InetSocketAddress(candidate, address.getPort()), millis);
                    } catch (ConnectException e) {
                        failure = "connection refused";
                        continue;
                    } catch (SocketTimeoutException e) {
                        failure = "timed out";
                        continue;
                    } catch (IOException e) {
                        failure = BlockingIo.describe(e);
                        continue;
                    }
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(payload);
                        out.flush();
                        socket.shutdownOutput();
                    } catch (IOException e) {
                        return HandlerResult.retryable("tcp handler failed to write to " + text + ": "
                                + BlockingIo.describe(e));
                    }
                    return HandlerResult.delivered();
                } catch (IOException e) {
                    // close() failing after a complete write: the bytes were handed to the peer.
                    return HandlerResult.delivered();
                }
            }
            return HandlerResult.retryable("tcp handler failed to connect to " + text + ": " + failure);
        }
    }
}
