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
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The built-in {@code log} handler, as Kapacitor's: for each event it opens {@code path} for appending (creating
 * it with permission bits {@code mode}, default {@code 0600}, subject to the process umask), writes the alert JSON
 * followed by one newline, and closes the file.
 *
 * <p>TICKscript {@code .log('/abs/path').mode(0644)}; handler file {@code kind: log, options: {path: '/abs/path',
 * mode: 420}}. There is no config section and no service test.
 *
 * <p>Checked at creation: the path is absolute, the mode is within {@code 0777} and user-writable ({@code 0} means
 * the default). A file that cannot be opened because of permissions, a missing directory or a non-directory
 * parent is a permanent failure; any other I/O error is retryable.
 */
public final class LogHandlerFactory implements HandlerFactory<NoConfig, LogOptions> {
    /** Kapacitor's default mode for a new alert log. */
    static final int DEFAULT_MODE = 0600;

    /** Creates the factory; the engine finds it with {@link java.util.ServiceLoader}. */
    public LogHandlerFactory() {
    }

    @Override
    public String kind() {
        return "log";
    }

    @Override
    public String description() {
        return "Append each alert as a JSON line to a file.";
    }

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public Class<LogOptions> optionsType() {
        return LogOptions.class;
    }

    @Override
    public Handler create(LogOptions options, ServiceConfig<NoConfig> config, HandlerContext context) {
        int mode = options.mode() == 0 ? DEFAULT_MODE : options.mode();
        if (mode < 0 || mode > 0777) {
            throw new ConfigException("log", "mode", "invalid file mode " + octal(options.mode())
                    + ", must be permission bits between 0 and 0777");
        }
        if ((mode & 0200) == 0) {
            throw new ConfigException("log", "mode", "invalid file mode " + octal(mode) + ", must be user writable");
        }
        Path path;
        try {
            path = Path.of(options.path());
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException("log", "path", "invalid log path \"" + options.path() + "\": " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw new ConfigException("log", "path", "log path must be absolute: " + options.path()
                    + " is not absolute");
        }
        return new LogHandler(path, mode);
    }

    static String octal(int mode) {
        return "0" + Integer.toOctalString(mode);
    }

    /** One {@code log} handler. */
    static final class LogHandler implements Handler {
        private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                StandardOpenOption.CREATE);

        private final Path path;
        private final FileAttribute<?>[] createAttributes;

        LogHandler(Path path, int mode) {
            this.path = path;
            this.createAttributes = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(mode))}
                    : new FileAttribute<?>[0];
        }

        @Override
        public CompletionStage<HandlerResult> handle(AlertEvent event) {
            byte[] line = AlertEventJson.toJsonLine(event).getBytes(StandardCharsets.UTF_8);
            return BlockingIo.run("failed to write alert log " + path, () -> append(line));
        }

        private HandlerResult append(byte[] line) {
            try (SeekableByteChannel channel = Files.newByteChannel(path, OPEN, createAttributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                return HandlerResult.delivered();
            } catch (AccessDeniedException | NoSuchFileException | NotDirectoryException e) {
                return HandlerResult.permanent("failed to open file for alert logging: " + path + ": "
                        + e.getClass().getSimpleName().replace("Exception", ""));
            } catch (IOException e) {
                return HandlerResult.retryable("failed to write file for alert logging: " + path + ": "
                        + BlockingIo.describe(e));
            }
        }

        static Set<PosixFilePermission> permissions(int mode) {
            Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
            };
            for (int bit = 0; bit < order.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    out.add(order[bit]);
                }
            }
            return out;
        }
    }
}
