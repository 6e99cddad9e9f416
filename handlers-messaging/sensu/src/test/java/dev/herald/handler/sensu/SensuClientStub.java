package dev.herald.handler.sensu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Sensu client socket on loopback: reads one JSON line per connection, records it, answers with
 * {@link #reply} and closes the connection, as the Sensu client does. A {@code null} reply holds the connection
 * open without answering (until the stub is closed).
 */
final class SensuClientStub implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    volatile String reply = "ok";

    SensuClientStub() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "sensu-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String addr() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next line received, waiting at most 10 s. */
    String nextLine() throws InterruptedException {
        String line = lines.poll(10, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no check result reached the Sensu stub");
        }
        return line;
    }

    /** Lines received so far and not yet taken. */
    int pending() {
        return lines.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                handle(socket);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        lines.add(line.toString(StandardCharsets.UTF_8));
        String answer = reply;
        if (answer != null) {
            socket.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
            socket.close();
            open.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
