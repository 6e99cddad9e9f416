package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only data directory, plugin jars only from the plugins folder, the exposure warning. */
class SafeDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void dataDirectoryIsCreatedOwnerOnly() {
        try (TestServer s = TestServer.start(dir, "")) {
            assertEquals("rwx------", PosixFilePermissions.toString(assertPosix(s.dataDir())));
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> assertPosix(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aJarLinkingOutsideThePluginsFolderIsRefused() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside")).resolve("evil.jar");
        PluginJars.write(outside, "not loaded".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("plugins"));
        Files.createSymbolicLink(dir.resolve("plugins/evil.jar"), outside);
        try (TestServer s = TestServer.start(dir, "")) {
            List<String> problems = s.server().pluginProblems();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("evil.jar: skipped, it links outside the plugins folder"),
                    problems.get(0));
        }
    }

    @Test
    void warnsWhenListeningBeyondLoopbackWithoutAuth() {
        HttpHardening noAuth = HttpHardening.DEFAULTS;
        String warning = SafeDefaults.exposedWarning(new InetSocketAddress("0.0.0.0", 9092), noAuth);
        assertEquals("the API listens on 0.0.0.0:9092 beyond loopback without authentication; set [http] "
                + "auth-enabled = true with [[users]], or bind-address = \"127.0.0.1:9092\"", warning);
        assertNull(SafeDefaults.exposedWarning(new InetSocketAddress("127.0.0.1", 9092), noAuth));
        HttpHardening auth = new HttpHardening(false, null, null, "tls1.2", true, false, false, List.of(), 10,
                1000, 1000, java.time.Duration.ofSeconds(1), 1, 10);
        assertNull(SafeDefaults.exposedWarning(new InetSocketAddress("0.0.0.0", 9092), auth));
    }
}
