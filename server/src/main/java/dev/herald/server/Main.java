package dev.herald.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar herald.jar} runs the server with the defaults; {@code -config FILE} (or {@code run -config
 * FILE}) runs it with a kapacitor.conf as {@code kapacitord} does; any other first argument is a CLI command
 * ({@code java -jar herald.jar list tasks}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        dev.herald.engine.Herald.useCommonPoolForAsyncCompletions();
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        int code = run(args, System.out, System.err, System.getenv());
        if (code != 0 || !isServer(args)) {
            System.exit(code);
        }
    }

    private static boolean isServer(String[] args) {
        return args.length == 0 || args[0].equals("-config") || args[0].startsWith("-config=")
                || args[0].equals("run");
    }

    /** Runs the server (blocking until SIGTERM) or a CLI command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (!isServer(args)) {
            return cli(args, out, err, env);
        }
        String[] rest = args.length > 0 && args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length) : args;
        Optional<Path> config = Optional.empty();
        for (int i = 0; i < rest.length; i++) {
            if (rest[i].equals("-config") || rest[i].equals("--config")) {
                if (i + 1 >= rest.length) {
                    err.println("herald: -config needs a file name");
                    return 2;
                }
                config = Optional.of(Path.of(rest[++i]));
            } else if (rest[i].startsWith("-config=")) {
                config = Optional.of(Path.of(rest[i].substring("-config=".length())));
            } else {
                err.println("herald: unknown flag " + rest[i] + "; usage: herald [run] [-config FILE]");
                return 2;
            }
        }
        if (config.isEmpty()) {
            String fromEnv = env.getOrDefault("HERALD_CONFIG_PATH", env.getOrDefault("KAPACITOR_CONFIG_PATH", ""));
            if (!fromEnv.isEmpty()) {
                config = Optional.of(Path.of(fromEnv));
            }
        }
        HeraldServer server;
        try {
            server = HeraldServer.start(config, env, true);
        } catch (StartupException e) {
            err.println("herald: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "herald-shutdown"));
        try {
            server.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return 0;
    }

    private static int cli(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return dev.herald.server.cli.Cli.run(args, out, err, env);
    }
}
