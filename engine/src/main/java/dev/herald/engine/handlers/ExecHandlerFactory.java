package dev.herald.engine.handlers;

import dev.herald.core.config.NoConfig;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.template.GoFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The built-in {@code exec} handler, as Kapacitor's: for each event it runs {@code prog} with {@code args}
 * directly (no shell; environment and working directory inherited), writes the alert JSON followed by one newline
 * to its standard input, and waits for it to exit. Standard output and standard error are captured together.
 *
 * <p>TICKscript {@code .exec('/path/prog', 'arg1', 'arg2')}; handler file {@code kind: exec, options: {prog:
 * '/path/prog', args: [arg1, arg2]}}. There is no config section and no service test.
 *
 * <p>Outcomes: exit status 0 is delivered. A program that cannot be started, or exits non-zero, is a permanent
 * failure {@code exec command failed: exit status <n>: <output>}; exit status 75 ({@code EX_TEMPFAIL}, "try
 * again later") is retryable. Unlike Kapacitor, which waits forever, the run is bounded by the context's request
 * timeout: on expiry the program and its descendants are killed and the failure is retryable.
 */
public final class ExecHandlerFactory implements HandlerFactory<NoConfig, ExecOptions> {
    /** sysexits.h {@code EX_TEMPFAIL}: a temporary failure, worth retrying. */
    static final int EX_TEMPFAIL = 75;
    /** At most this much output is kept for the failure reason. */
    static final int MAX_OUTPUT = 4096;
    /** How long to wait for the output to end after the program exited (a background child may hold it). */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);

    /** Creates the factory; the engine finds it with {@link java.util.ServiceLoader}. */
    public ExecHandlerFactory() {
    }

    @Override
    public String kind() {
        return "exec";
    }

    @Override
    public String description() {
        return "Run a program with each alert as JSON on its standard input.";
    }

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public Class<ExecOptions> optionsType() {
        return ExecOptions.class;
    }

    @Override
    public Handler create(ExecOptions options, ServiceConfig<NoConfig> config, HandlerContext context) {
        List<String> command = new ArrayList<>(1 + options.args().size());
        command.add(options.prog());
        command.addAll(options.args());
        return new ExecHandler(List.copyOf(command), context.requestTimeout());
    }

    /** One {@code exec} handler. */
    static final class ExecHandler implements Handler {
        private final List<String> command;
        private final Duration timeout;

        ExecHandler(List<String> command, Duration timeout) {
            this.command = command;
            this.timeout = timeout;
        }

        @Override
        public CompletionStage<HandlerResult> handle(AlertEvent event) {
            byte[] stdin = AlertEventJson.toJsonLine(event).getBytes(StandardCharsets.UTF_8);
            return BlockingIo.run("exec command failed", () -> run(stdin));
        }

        private HandlerResult run(byte[] stdin) {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                return HandlerResult.permanent("exec command failed: cannot start " + command.get(0) + ": "
                        + BlockingIo.describe(e));
            }
            Output output = new Output(process.getInputStream());
            BlockingIo.pool().execute(output::drain);
            BlockingIo.pool().execute(() -> feed(process.getOutputStream(), stdin));
            try {
                if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    kill(process);
                    output.await(OUTPUT_GRACE);
                    return HandlerResult.retryable("exec command failed: killed after the timeout of "
                            + GoFormat.duration(timeout) + output.suffix());
                }
                int status = process.exitValue();
                output.await(OUTPUT_GRACE);
                if (status == 0) {
                    return HandlerResult.delivered();
                }
                String reason = "exec command failed: exit status " + status + output.suffix();
                return status == EX_TEMPFAIL ? HandlerResult.retryable(reason) : HandlerResult.permanent(reason);
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                return HandlerResult.retryable("exec command failed: interrupted");
            }
        }

        private static void feed(OutputStream stdin, byte[] bytes) {
            try (OutputStream out = stdin) {
                out.write(bytes);
            } catch (IOException e) {
                // The program closed its input without reading it all (broken pipe): its exit status decides.
            }
        }

        private static void kill(Process process) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The combined stdout/stderr of one run, keeping the first {@link #MAX_OUTPUT} bytes. */
    private static final class Output {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CountDownLatch done = new CountDownLatch(1);

        Output(InputStream in) {
            this.in = in;
        }

        void drain() {
            byte[] buffer = new byte[8192];
            try (InputStream stream = in) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    synchronized (kept) {
                        int room = MAX_OUTPUT - kept.size();
                        if (room > 0) {
                            kept.write(buffer, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException e) {
                // Stream closed: keep what was read.
            } finally {
                done.countDown();
            }
        }

        void await(Duration grace) throws InterruptedException {
            done.await(grace.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** {@code ": <output>"} with trailing whitespace trimmed, or {@code ""} when there was none. */
        String suffix() {
            String text;
            synchronized (kept) {
                text = kept.toString(StandardCharsets.UTF_8);
            }
            text = text.stripTrailing();
            return text.isEmpty() ? "" : ": " + text;
        }
    }
}
