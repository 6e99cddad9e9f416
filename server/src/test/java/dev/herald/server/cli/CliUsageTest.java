package dev.herald.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling, help, usage errors and exit codes; nothing here reaches a server. */
class CliUsageTest {
    /** Points at a loopback port nothing listens on, so an accidental request fails fast. */
    private static final Map<String, String> ENV = Map.of("KAPACITOR_URL", "http://127.0.0.1:1", "TZ", "UTC");

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.run(ENV, dir, args);
    }

    @Test
    void noCommand() {
        CliRun r = run();
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("Error: Must pass a command.\n"), r::toString);
        assertTrue(r.err().contains("Usage: herald [options] [command] [args]"), r::toString);
        assertTrue(r.err().contains("  -url string\n"), r::toString);
    }

    @Test
    void unknownCommand() {
        CliRun r = run("frobnicate");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("Unknown command frobnicate\n"), r::toString);
    }

    @Test
    void kapacitorVerbsHeraldLacksAreNamedAsUnsupported() {
        CliRun r = run("record", "stream");
        assertEquals(1, r.code(), r::toString);
        assertEquals("Error: the 'record' command is not supported by Herald\n", r.err());
    }

    @Test
    void overallHelpInEveryForm() {
        for (String[] args : new String[][] {{"help"}, {"-h"}, {"--help"}, {"-help"}}) {
            CliRun r = run(args);
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("Usage: herald [options] [command] [args]"), r::toString);
            for (String verb : Usage.SUMMARIES.keySet()) {
                assertTrue(r.out().contains("\t" + verb + " "), () -> verb + " missing\n" + r);
            }
        }
    }

    @Test
    void perVerbHelp() {
        for (String verb : Usage.SUMMARIES.keySet()) {
            CliRun viaHelp = run("help", verb);
            assertEquals(0, viaHelp.code(), viaHelp::toString);
            assertTrue(viaHelp.out().startsWith("Usage: herald " + verb), viaHelp::toString);
            if (!verb.equals("help") && !verb.equals("version")) {
                CliRun viaFlag = run(verb, "-h");
                assertEquals(0, viaFlag.code(), viaFlag::toString);
                assertEquals(viaHelp.out(), viaFlag.out());
            }
        }
        CliRun define = run("help", "define");
        assertTrue(define.out().contains("  -dbrp value\n"), define::toString);
        assertTrue(define.out().contains("  -no-reload\n"), define::toString);
        assertTrue(define.out().contains("  -tick string\n"), define::toString);
        // -h after other flags
        CliRun late = run("define", "cpu", "-type", "stream", "-h");
        assertEquals(0, late.code(), late::toString);
        assertEquals(define.out(), late.out());
    }

    @Test
    void helpForAnUnknownVerb() {
        CliRun r = run("help", "nope");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("Unknown command nope\n"), r::toString);
    }

    @Test
    void version() {
        CliRun r = run("version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("Herald "), r::toString);
    }

    @Test
    void defineUsageErrors() {
        CliRun noId = run("define");
        assertEquals(2, noId.code(), noId::toString);
        assertTrue(noId.err().startsWith("Must provide a task ID.\nUsage: herald define <task ID> [options]"),
                noId::toString);
        CliRun flagFirst = run("define", "-tick", "x.tick");
        assertEquals(2, flagFirst.code(), flagFirst::toString);

        CliRun badDbrp = run("define", "cpu", "-dbrp", "telegraf");
        assertEquals(2, badDbrp.code(), badDbrp::toString);
        assertTrue(badDbrp.err().startsWith("invalid value \"telegraf\" for flag -dbrp: does not contain a '.'"),
                badDbrp::toString);
        assertTrue(badDbrp.err().contains("Usage: herald define"), badDbrp::toString);

        CliRun unknownFlag = run("define", "cpu", "-tik", "x");
        assertEquals(2, unknownFlag.code(), unknownFlag::toString);
        assertTrue(unknownFlag.err().startsWith("flag provided but not defined: -tik\n"), unknownFlag::toString);

        CliRun badType = run("define", "cpu", "-type", "streem");
        assertEquals(2, badType.code(), badType::toString);
        assertTrue(badType.err().startsWith("invalid -type \"streem\": must be stream or batch\n"), badType::toString);

        CliRun stray = run("define", "cpu", "-type", "stream", "extra");
        assertEquals(2, stray.code(), stray::toString);
    }

    @Test
    void otherVerbsUsageErrors() {
        String[][] cases = {
            {"enable"}, {"disable"}, {"reload"}, {"list"}, {"delete"}, {"delete", "tasks"},
            {"delete", "topic-handlers", "cpu"}, {"show"}, {"show", "a", "b"}, {"show-template"},
            {"show-topic"}, {"show-topic-handler", "cpu"}, {"define-topic-handler"}, {"define-template"},
        };
        for (String[] args : cases) {
            CliRun r = run(args);
            assertEquals(2, r.code(), () -> String.join(" ", args) + "\n" + r);
            assertTrue(r.err().contains("Usage: herald " + args[0]), () -> String.join(" ", args) + "\n" + r);
        }
        CliRun r = run("enable");
        assertEquals("Must pass at least one task ID\n" + Usage.ENABLE, r.err());
    }

    @Test
    void serviceTestsWithoutNamesIsAnError() {
        CliRun r = run("service-tests");
        assertEquals(3, r.code(), r::toString);
        assertEquals("Error: must provide at least one service name or pattern.\n", r.err());
    }

    @Test
    void unusableUrlExitsWithFour() {
        CliRun r = CliRun.run(Map.of(), dir, "-url", "ftp://example.invalid", "list", "tasks");
        assertEquals(4, r.code(), r::toString);
        assertEquals("Unsupported protocol scheme: ftp, your address must start with http:// or https://\n", r.err());
    }

    @Test
    void unreachableServerIsACommandFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run(Map.of(), dir, "-url", "http://127.0.0.1:" + port, "list", "tasks");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().startsWith("Error: Get \"http://127.0.0.1:" + port + "/kapacitor/v1/tasks?"), r::toString);
        assertTrue(r.err().contains("connection refused"), r::toString);
    }

    @Test
    void badGlobalFlag() {
        CliRun r = run("-nope", "list");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("flag provided but not defined: -nope\n"), r::toString);
    }

    @Test
    void missingFilesAreReportedBeforeAnyRequest() {
        CliRun r = run("define", "cpu", "-tick", "missing.tick");
        assertEquals(3, r.code(), r::toString);
        assertEquals("Error: open missing.tick: no such file or directory\n", r.err());
        CliRun h = run("define-topic-handler", "handler.txt");
        assertEquals(3, h.code(), h::toString);
        assertEquals("Error: open handler.txt: no such file or directory\n", h.err());
    }
}
