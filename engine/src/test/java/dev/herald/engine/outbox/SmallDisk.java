package dev.herald.engine.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, tiny file system (tmpfs of a few KB, mounted for the test; the tests run as root) so that "disk full" is
 * the kernel's own ENOSPC, not a simulation.
 */
final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static SmallDisk mount(Path parent, String size) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(parent.resolve("small-disk"));
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        return new SmallDisk(dir);
    }

    Path path() {
        return mountPoint;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", mountPoint.toString());
    }
}
