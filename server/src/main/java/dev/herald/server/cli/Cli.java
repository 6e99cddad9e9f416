package dev.herald.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code herald} command-line client, a counterpart of the {@code kapacitor} CLI: the same
 * verbs, flags, table layouts and exit codes, talking to the server's {@code /kapacitor/v1} API.
 *
 * <p>Exit codes follow {@code kapacitor}: 0 success, 1 no or unknown command, 2 a verb's
 * arguments are wrong (its usage is printed), 3 the command failed (the server's error message is
 * printed as {@code Error: ...}), 4 the server URL is unusable.
 *
 * <p>The server URL comes from {@code -url}, else {@code HERALD_URL}, else {@code KAPACITOR_URL},
 * else {@code http://localhost:9092}. {@code -skipVerify} (or {@code KAPACITOR_UNSAFE_SSL=true})
 * accepts any TLS certificate.
 */
public final class Cli {
    public static final String DEFAULT_URL = "http://localhost:9092";

    static final int EXIT_OK = 0;
    static final int EXIT_NO_COMMAND = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 3;
    static final int EXIT_CONNECT = 4;

    /** kapacitor verbs that Herald has no server side for. */
    private static final Set<String> UNSUPPORTED = Set.of("record", "replay", "replay-live", "watch", "logs",
            "push", "flux", "backup", "level", "stats", "vars");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final ObjectMapper json = new ObjectMapper();
    private final Path workDir;
    private final ZoneId zone;

    private Cli(PrintStream out, PrintStream err, Map<String, String> env, Path workDir) {
        this.out = out;
        this.err = err;
        this.env = env == null ? Map.of() : env;
        this.workDir = workDir;
        this.zone = GoFmt.localZone(this.env);
    }

    /**
     * Runs one CLI invocation.
     *
     * @param args the arguments after the program name, e.g. {@code ["list", "tasks"]}
     * @param out where results go
     * @param err where errors and usage go
     * @param env the environment ({@code HERALD_URL}, {@code KAPACITOR_URL},
     *     {@code KAPACITOR_UNSAFE_SSL}, {@code TZ}); may be empty
     * @return the process exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, Path.of("").toAbsolutePath());
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map)}, resolving relative file names against {@code workDir}. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            Path workDir) {
        try {
            return new Cli(out, err, env, workDir).execute(Arrays.asList(args));
        } finally {
            out.flush();
            err.flush();
        }
    }

    private FlagSet globalFlags() {
        return new FlagSet()
                .stringFlag("url", "The URL http(s)://host:port of the server. Defaults to the HERALD_URL or"
                        + " KAPACITOR_URL environment variable, or " + DEFAULT_URL + " if neither is set.")
                .boolFlag("skipVerify", "Accept any TLS certificate (insecure). Defaults to the"
                        + " KAPACITOR_UNSAFE_SSL environment variable, or false.");
    }

    private int execute(List<String> args) {
        FlagSet global = globalFlags();
        try {
            global.parse(args);
        } catch (FlagSet.HelpRequested e) {
            out.print(Usage.main(global.defaults()));
            return EXIT_OK;
        } catch (FlagSet.FlagException e) {
            err.println(e.getMessage());
            err.print(Usage.main(global.defaults()));
            return EXIT_USAGE;
        }
        List<String> rest = global.args();
        if (rest.isEmpty()) {
            err.println("Error: Must pass a command.");
            err.print(Usage.main(global.defaults()));
            return EXIT_NO_COMMAND;
        }
        String verb = rest.get(0);
        List<String> verbArgs = rest.subList(1, rest.size());

        switch (verb) {
            case "help", "-help", "--help", "-h" -> {
                return help(verbArgs, global);
            }
            case "version" -> {
                out.println(versionLine());
                return EXIT_OK;
            }
            default -> {
                // handled below
            }
        }
        if (UNSUPPORTED.contains(verb)) {
            err.println("Error: the '" + verb + "' command is not supported by Herald");
            return EXIT_NO_COMMAND;
        }
        if (!Usage.SUMMARIES.containsKey(verb)) {
            err.println("Unknown command " + verb);
            err.print(Usage.main(global.defaults()));
            return EXIT_NO_COMMAND;
        }
        if (!verbArgs.isEmpty() && isHelpFlag(verbArgs.get(0))) {
            out.print(verbUsage(verb));
            return EXIT_OK;
        }

        KapacitorClient client;
        try {
            client = new KapacitorClient(serverUrl(global), skipVerify(global), json, Duration.ofMinutes(2),
                    token());
        } catch (CliException e) {
            err.println(e.getMessage());
            return EXIT_CONNECT;
        }
        Commands commands = new Commands(client, json, out, workDir, zone);
        try {
            commands.dispatch(verb, verbArgs);
            return EXIT_OK;
        } catch (UsageException e) {
            if (e.getMessage() != null && !e.getMessage().isEmpty()) {
                err.println(e.getMessage());
            }
            err.print(verbUsage(e.verb()));
            return EXIT_USAGE;
        } catch (Commands.Help h) {
            out.print(verbUsage(h.verb));
            return EXIT_OK;
        } catch (CliException e) {
            err.println("Error: " + e.getMessage());
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            // A bug or an answer this client cannot make sense of: report it like any failure.
            err.println("Error: unexpected failure: " + e);
            return EXIT_FAILED;
        }
    }

    private static boolean isHelpFlag(String a) {
        return a.equals("-h") || a.equals("-help") || a.equals("--help");
    }

    private int help(List<String> args, FlagSet global) {
        if (args.size() == 1) {
            String verb = args.get(0);
            if (Usage.SUMMARIES.containsKey(verb)) {
                out.print(verbUsage(verb));
                return EXIT_OK;
            }
            err.println("Unknown command " + verb);
            err.print(Usage.main(global.defaults()));
            return EXIT_NO_COMMAND;
        }
        if (args.size() > 1) {
            err.print(Usage.HELP);
            return EXIT_USAGE;
        }
        out.print(Usage.main(global.defaults()));
        return EXIT_OK;
    }

    /** The usage text of a verb, with its flags' defaults where it has flags. */
    static String verbUsage(String verb) {
        return switch (verb) {
            case "define" -> Usage.DEFINE + Commands.defineFlags(null).defaults();
            case "define-template" -> Usage.DEFINE_TEMPLATE + Commands.defineTemplateFlags().defaults();
            case "define-topic-handler" -> Usage.DEFINE_TOPIC_HANDLER;
            case "enable" -> Usage.ENABLE;
            case "disable" -> Usage.DISABLE;
            case "reload" -> Usage.RELOAD;
            case "delete" -> Usage.DELETE;
            case "list" -> Usage.LIST;
            case "show" -> Usage.SHOW + Commands.showFlags().defaults();
            case "show-template" -> Usage.SHOW_TEMPLATE;
            case "show-topic" -> Usage.SHOW_TOPIC;
            case "show-topic-handler" -> Usage.SHOW_TOPIC_HANDLER;
            case "service-tests" -> Usage.SERVICE_TESTS;
            case "version" -> Usage.VERSION;
            case "help" -> Usage.HELP;
            default -> throw new IllegalArgumentException(verb);
        };
    }

    String serverUrl(FlagSet global) {
        if (!global.string("url").isEmpty()) {
            return global.string("url");
        }
        String h = env.get("HERALD_URL");
        if (h != null && !h.isEmpty()) {
            return h;
        }
        String k = env.get("KAPACITOR_URL");
        if (k != null && !k.isEmpty()) {
            return k;
        }
        return DEFAULT_URL;
    }

    /** The bearer token from {@code HERALD_TOKEN} or {@code KAPACITOR_TOKEN}, or {@code ""}. */
    private String token() {
        String h = env.get("HERALD_TOKEN");
        if (h != null && !h.isEmpty()) {
            return h;
        }
        String k = env.get("KAPACITOR_TOKEN");
        return k == null ? "" : k;
    }

    private boolean skipVerify(FlagSet global) throws CliException {
        if (global.bool("skipVerify")) {
            return true;
        }
        String v = env.get("KAPACITOR_UNSAFE_SSL");
        if (v == null || v.isEmpty()) {
            return false;
        }
        Boolean b = FlagSet.parseBool(v);
        if (b == null) {
            throw new CliException("strconv.ParseBool: parsing " + GoFmt.quote(v) + ": invalid syntax");
        }
        return b;
    }

    static String versionLine() {
        String version = Cli.class.getPackage() == null ? null : Cli.class.getPackage().getImplementationVersion();
        if (version == null) {
            version = "0.1.0-SNAPSHOT";
        }
        String platform = System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT)
                + "/" + System.getProperty("os.arch", "unknown");
        return "Herald " + platform + " " + version + " (Java " + System.getProperty("java.version", "?") + ")";
    }
}
