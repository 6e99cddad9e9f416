package dev.herald.engine.handlers;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.NoConfig;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.handler.BatchHandler;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The built-in {@code log} handler, as Kapacitor's: it appends the alert JSON followed by one newline to {@code path}
 * (creating it with permission bits {@code mode}, default {@code 0600}, subject to the process umask).
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

    /**
     * One {@code log} handler. Unlike Kapacitor, which opens and closes the file for every event, it keeps the file
     * open and writes each batch of events with one call; before each batch it checks that the path still names the
     * open file, so a log moved away by logrotate is followed by a new file (a truncated one is simply appended to).
     */
    static final class LogHandler implements BatchHandler {
        private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                StandardOpenOption.CREATE);

        private static final int INITIAL_CHARS = 64 * 1024;
        private static final int MAX_KEPT_CHARS = 4 * 1024 * 1024;

        private final Path path;
        private final FileAttribute<?>[] createAttributes;
        private StringBuilder lines = new StringBuilder(INITIAL_CHARS);
        private FileChannel channel;
        private Object fileKey;

        LogHandler(Path path, int mode) {
            this.path = path;
            this.createAttributes = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(mode))}
                    : new FileAttribute<?>[0];
        }

        @Override
        public CompletionStage<HandlerResult> handle(AlertEvent event) {
            return handleAll(List.of(event)).thenApply(results -> results.get(0));
        }

        @Override
        public synchronized CompletionStage<List<HandlerResult>> handleAll(List<AlertEvent> events) {
            // One builder for the handler's life (calls are synchronized): a batch's lines are ~1 KB per event,
            // and a new builder per batch was the lane's largest allocation. A builder grown past a few MB by an
            // unusually large batch is not kept.
            StringBuilder text = lines;
            text.setLength(0);
            for (AlertEvent event : events) {
                AlertEventJson.appendJsonLine(text, event);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (text.capacity() > MAX_KEPT_CHARS) {
                lines = new StringBuilder(INITIAL_CHARS);
            }
            HandlerResult result = append(bytes);
            List<HandlerResult> results = result.isDelivered()
                    ? java.util.Collections.nCopies(events.size(), result) : List.of(result);
            return CompletableFuture.completedFuture(results);
        }

        private HandlerResult append(byte[] bytes) {
            try {
                open();
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                return HandlerResult.delivered();
            } catch (AccessDeniedException | NoSuchFileException | NotDirectoryException e) {
                closeChannel();
                return HandlerResult.permanent("failed to open file for alert logging: " + path + ": "
                        + e.getClass().getSimpleName().replace("Exception", ""));
            } catch (IOException e) {
                closeChannel();
                return HandlerResult.retryable("failed to write file for alert logging: " + path + ": "
                        + BlockingIo.describe(e));
            }
        }

        /** Opens the file, or opens it again when the path no longer names the open file (rotated, removed). */
        private void open() throws IOException {
            if (channel != null) {
                Object key;
                try {
                    key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                } catch (NoSuchFileException gone) {
                    key = null;
                }
                if (key != null && key.equals(fileKey)) {
                    return;
                }
                closeChannel();
            }
            channel = FileChannel.open(path, OPEN, createAttributes);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        }

        private void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Nothing buffered in user space: every write went to the file already.
                }
                channel = null;
            }
        }

        @Override
        public synchronized void close() {
            closeChannel();
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
