package dev.herald.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Start-up checks that keep a default install private. */
final class SafeDefaults {
    private static final System.Logger LOG = System.getLogger("dev.herald.server");

    private SafeDefaults() {
    }

    /** Creates {@code dir} (and missing parents) readable by the owner only ({@code 0700}) when it is missing. */
    static void ownerOnlyDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (IOException e) {
            throw new StartupException("data_dir " + dir + ": cannot create: " + e.getMessage(), e);
        }
    }

    /** The text of the one-line warning, or {@code null} when the API is loopback-only or needs credentials. */
    static String exposedWarning(InetSocketAddress address, HttpHardening hardening) {
        if (hardening.authEnabled() || address.getAddress() == null || address.getAddress().isLoopbackAddress()) {
            return null;
        }
        return "the API listens on " + address.getAddress().getHostAddress() + ":" + address.getPort()
                + " beyond loopback without authentication; set [http] auth-enabled = true with [[users]], or "
                + "bind-address = \"127.0.0.1:" + address.getPort() + "\"";
    }

    static void warnIfExposed(InetSocketAddress address, HttpHardening hardening) {
        String warning = exposedWarning(address, hardening);
        if (warning != null) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
    }
}
