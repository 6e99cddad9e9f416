package dev.herald.engine.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code log} handler against a real file (handlers-ops.md section 3). */
class LogHandlerTest {
    private final LogHandlerFactory factory = new LogHandlerFactory();

    @TempDir
    Path dir;

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String perms(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void appendsTheAlertJsonLineAndCreatesTheFileWithTheMode() throws Exception {
        Path file = dir.resolve("alerts.log");
        // TestServer_AlertHandlers: options {"mode":0604,"path":...}; 0604 is 388.
        try (Handler handler = Fixtures.create(factory, Map.of("mode", 0604, "path", file.toString()),
                HandlerContext.standalone())) {
            assertTrue(Fixtures.await(handler.handle(Fixtures.critical())).isDelivered());
            assertEquals(Fixtures.A + "\n", Files.readString(file, StandardCharsets.UTF_8));
            if (posix()) {
                assertEquals("rw----r--", perms(file));
            }
            assertTrue(Fixtures.await(handler.handle(
                    Fixtures.event("t", 2.0, Instant.EPOCH, Duration.ZERO, Level.OK))).isDelivered());
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertEquals(2, lines.size());
            assertEquals(Fixtures.A, lines.get(0));
            assertTrue(lines.get(1).contains("\"level\":\"OK\""), lines.get(1));
        }
    }

    @Test
    void defaultModeIs0600AndZeroMeansDefault() throws Exception {
        for (Map<String, Object> options : List.<Map<String, Object>>of(
                Map.of("path", dir.resolve("default.log").toString()),
                Map.of("path", dir.resolve("zero.log").toString(), "mode", 0))) {
            Path file = Path.of((String) options.get("path"));
            try (Handler handler = Fixtures.create(factory, options, HandlerContext.standalone())) {
                assertTrue(Fixtures.await(handler.handle(Fixtures.critical())).isDelivered());
            }
            if (posix()) {
                assertEquals("rw-------", perms(file));
            }
        }
    }

    @Test
    void anExistingFileKeepsItsMode() throws Exception {
        Path file = dir.resolve("existing.log");
        Files.writeString(file, "before\n");
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        }
        try (Handler handler = Fixtures.create(factory, Map.of("path", file.toString(), "mode", 0644),
                HandlerContext.standalone())) {
            assertTrue(Fixtures.await(handler.handle(Fixtures.critical())).isDelivered());
        }
        assertEquals("before\n" + Fixtures.A + "\n", Files.readString(file));
        if (posix()) {
            assertEquals("rw-r-----", perms(file));
        }
    }

    @Test
    void pathMustBeAbsoluteAndModeUserWritable() {
        ConfigException relative = assertThrows(ConfigException.class,
                () -> Fixtures.create(factory, Map.of("path", "alerts.log"), HandlerContext.standalone()));
        assertTrue(relative.getMessage().contains("log path must be absolute: alerts.log is not absolute"),
                relative.getMessage());
        ConfigException readOnly = assertThrows(ConfigException.class, () -> Fixtures.create(factory,
                Map.of("path", dir.resolve("x.log").toString(), "mode", 0444), HandlerContext.standalone()));
        assertTrue(readOnly.getMessage().contains("invalid file mode 0444, must be user writable"),
                readOnly.getMessage());
        assertThrows(ConfigException.class, () -> Fixtures.create(factory,
                Map.of("path", dir.resolve("x.log").toString(), "mode", 01777), HandlerContext.standalone()));
        assertThrows(ConfigException.class, () -> factory.optionsSchema().bind(Map.of("mode", 0644)));
        assertFalse(Files.exists(dir.resolve("x.log")));
    }

    @Test
    void aMissingDirectoryIsAPermanentFailure() throws Exception {
        Path file = dir.resolve("no-such-dir").resolve("alerts.log");
        try (Handler handler = Fixtures.create(factory, Map.of("path", file.toString()),
                HandlerContext.standalone())) {
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                    Fixtures.await(handler.handle(Fixtures.critical())));
            assertFalse(failed.retryable(), failed::toString);
            assertTrue(failed.reason().startsWith("failed to open file for alert logging"), failed.reason());
        }
    }

    @Test
    void pathIsTheEntryArgumentAndFilePathItsProperty() {
        assertEquals(List.of("path"), factory.optionsSchema().entryArgs());
        assertEquals("path", factory.optionsSchema().keyForProperty("filePath").orElseThrow().name());
        assertEquals("mode", factory.optionsSchema().keyForProperty("mode").orElseThrow().name());
    }

    @Test
    void aBatchIsOneWriteAndARotatedOrTruncatedLogIsFollowed() throws Exception {
        Path file = dir.resolve("alerts.log");
        try (Handler handler = Fixtures.create(factory, Map.of("path", file.toString()), HandlerContext.standalone())) {
            dev.herald.core.handler.BatchHandler batch = assertInstanceOf(dev.herald.core.handler.BatchHandler.class,
                    handler);
            List<HandlerResult> results = batch.handleAll(List.of(Fixtures.critical(), Fixtures.critical()))
                    .toCompletableFuture().get();
            assertEquals(List.of(HandlerResult.delivered(), HandlerResult.delivered()), results);
            assertEquals(Fixtures.A + "\n" + Fixtures.A + "\n", Files.readString(file));

            // logrotate's default: move the file away, expect the writer to start a new one at the path.
            Path rotated = dir.resolve("alerts.log.1");
            Files.move(file, rotated);
            assertTrue(Fixtures.await(handler.handle(Fixtures.critical())).isDelivered());
            assertEquals(2, Files.readAllLines(rotated).size(), "nothing more goes to the rotated file");
            assertEquals(Fixtures.A + "\n", Files.readString(file));

            // copytruncate: the file is emptied in place; appends continue at its new end.
            Files.write(file, new byte[0], java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
            assertTrue(Fixtures.await(handler.handle(Fixtures.critical())).isDelivered());
            assertEquals(Fixtures.A + "\n", Files.readString(file));
        }
    }
}
