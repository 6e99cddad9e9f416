package dev.herald.engine.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code exec} handler running real child processes (handlers-ops.md section 4). */
class ExecHandlerTest {
    private final ExecHandlerFactory factory = new ExecHandlerFactory();

    @TempDir
    Path dir;

    private Handler sh(String script, List<String> extra, HandlerContext context) {
        List<String> args = new java.util.ArrayList<>(List.of("-c", script, "sh"));
        args.addAll(extra);
        return Fixtures.create(factory, Map.of("prog", "/bin/sh", "args", args), context);
    }

    @Test
    void stdinIsExactlyTheAlertJsonLineAndArgsArePassedAsGiven() throws Exception {
        Path stdin = dir.resolve("stdin");
        Path args = dir.resolve("args");
        String script = "cat > \"$1\"; shift; printf '%s\\n' \"$@\" > \"$1\"";
        try (Handler handler = sh(script, List.of(stdin.toString(), args.toString(), "arg 2", "$HOME"),
                HandlerContext.standalone())) {
            HandlerResult result = Fixtures.await(handler.handle(Fixtures.critical()));
            assertTrue(result.isDelivered(), result::toString);
        }
        assertEquals(Fixtures.A + "\n", Files.readString(stdin, StandardCharsets.UTF_8));
        assertEquals(args + "\narg 2\n$HOME\n", Files.readString(args, StandardCharsets.UTF_8));
    }

    @Test
    void aProgramNameWithoutSlashIsLookedUpInPath() throws Exception {
        try (Handler handler = Fixtures.create(factory, Map.of("prog", "cat"), HandlerContext.standalone())) {
            assertTrue(Fixtures.await(handler.handle(Fixtures.critical())).isDelivered());
        }
    }

    @Test
    void nonZeroExitIsAPermanentFailureWithTheCombinedOutput() throws Exception {
        try (Handler handler = sh("echo to-stdout; echo to-stderr >&2; exit 3", List.of(),
                HandlerContext.standalone())) {
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                    Fixtures.await(handler.handle(Fixtures.critical())));
            assertFalse(failed.retryable(), failed::toString);
            assertEquals("exec command failed: exit status 3: to-stdout\nto-stderr", failed.reason());
        }
    }

    @Test
    void exitStatus75IsRetryable() throws Exception {
        try (Handler handler = sh("cat > /dev/null; exit 75", List.of(), HandlerContext.standalone())) {
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                    Fixtures.await(handler.handle(Fixtures.critical())));
            assertTrue(failed.retryable(), failed::toString);
            assertEquals("exec command failed: exit status 75", failed.reason());
        }
    }

    @Test
    void aProgramThatCannotStartIsAPermanentFailure() throws Exception {
        try (Handler handler = Fixtures.create(factory, Map.of("prog", dir.resolve("missing").toString()),
                HandlerContext.standalone())) {
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                    Fixtures.await(handler.handle(Fixtures.critical())));
            assertFalse(failed.retryable(), failed::toString);
            assertTrue(failed.reason().startsWith("exec command failed: cannot start "), failed.reason());
        }
    }

    @Test
    void aHangingProgramIsKilledAtTheRequestTimeout() throws Exception {
        Path pidFile = dir.resolve("pid");
        HandlerContext context = HandlerContext.standalone().withRequestTimeout(Duration.ofMillis(300));
        HandlerResult result;
        // The shell starts a child (sleep) and waits for it: both must be killed.
        try (Handler handler = sh("echo started; sleep 60 & echo $! > \"$1\"; wait", List.of(pidFile.toString()),
                context)) {
            result = Fixtures.await(handler.handle(Fixtures.critical()));
        }
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
        assertTrue(failed.retryable(), failed::toString);
        assertEquals("exec command failed: killed after the timeout of 300ms: started", failed.reason());
        long sleepPid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> sleep = ProcessHandle.of(sleepPid);
        if (sleep.isPresent()) {
            sleep.get().onExit().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void progAndArgsAreTheEntryArguments() {
        assertEquals(List.of("prog", "args"), factory.optionsSchema().entryArgs());
        ExecOptions options = factory.optionsSchema().bind(Map.of("prog", "/bin/alert-handler.sh",
                "args", List.of("arg1", "arg2", "arg3")));
        assertEquals(List.of("arg1", "arg2", "arg3"), options.args());
        assertEquals(List.of(), factory.optionsSchema().bind(Map.of("prog", "/bin/my-other-script")).args());
    }
}
