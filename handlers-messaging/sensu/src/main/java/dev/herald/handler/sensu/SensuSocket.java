package dev.herald.handler.sensu;

import dev.herald.core.handler.HandlerResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes one check result to the Sensu client socket and reads the reply until the client closes the
 * connection; the client answers {@code ok} when it accepted the result.
 */
final class SensuSocket {
    private static final int MAX_REPLY = 4096;

    private SensuSocket() {
    }

    /**
     * Sends {@code line} to {@code addr} ({@code host:port}). Timeouts, refused connections and other I/O errors
     * are retryable; a reply other than {@code ok} is permanent (the client rejected the result).
     */
    static HandlerResult send(String addr, String line, Duration timeout) {
        InetSocketAddress address;
        try {
            address = parse(addr);
        } catch (IllegalArgumentException e) {
            return HandlerResult.permanent("invalid Sensu address \"" + addr + "\": " + e.getMessage());
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(address, millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = readAll(socket.getInputStream());
            if (!reply.equals("ok")) {
                return HandlerResult.permanent("sensu socket error: " + reply);
            }
            return HandlerResult.delivered();
        } catch (UnknownHostException e) {
            return HandlerResult.retryable("could not resolve Sensu host: " + address.getHostString());
        } catch (ConnectException e) {
            return HandlerResult.retryable("could not connect to Sensu at " + addr + ": connection refused");
        } catch (SocketTimeoutException e) {
            return HandlerResult.retryable("timed out waiting for Sensu at " + addr);
        } catch (IOException e) {
            return HandlerResult.retryable("failed to send to Sensu at " + addr + ": " + e.getClass().getSimpleName());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] buffer = new byte[512];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (reply.size() < MAX_REPLY) {
                reply.write(buffer, 0, Math.min(n, MAX_REPLY - reply.size()));
            }
        }
        return reply.toString(StandardCharsets.UTF_8);
    }

    /** {@code host:port}, {@code [v6]:port}. */
    static InetSocketAddress parse(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon <= 0 || colon == addr.length() - 1) {
            throw new IllegalArgumentException("expected host:port");
        }
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port");
        }
        return new InetSocketAddress(host, port);
    }
}
