package dev.herald.server.e2e;

import dev.herald.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The Sensu client's socket on loopback: one JSON check result per connection, each answered with {@code ok}. */
final class SensuClientStub implements AutoCloseable {
    private final ServerSocket socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    SensuClientStub() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::serve, "sensu-client-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code 127.0.0.1:<port>}, for {@code [sensu] addr}. */
    String addr() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** The next check result received, with its newline (waits at most 20 s). */
    String nextLine() {
        return TestServer.await("a check result at the Sensu socket", lines::poll);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1) {
                    line.write(b);
                    if (b == '\n') {
                        break;
                    }
                }
                lines.add(line.toString(StandardCharsets.UTF_8));
                client.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
