package dev.herald.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ValueType;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.ServiceConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.herald.engine.dispatch.DeliveryPolicy;
import dev.herald.engine.dispatch.RetryPolicy;

/**
 * The server's configuration: a kapacitor.conf-style TOML file (optional) with environment overrides applied.
 * Server settings are read from the sections Herald honours ({@code data_dir}, {@code [http]}, {@code [load]},
 * {@code [plugins]}, {@code [logging]}, {@code [alert]}, {@code [quickstart]}); handler sections are typed and
 * validated by their plugins' schemas once the plugins are known; everything else is reported once as ignored.
 */
public final class ServerConfig {

    /** The sections (and top-level keys, under {@code ""}) the server itself reads, with the types it needs. */
    static final List<SectionShape> SERVER_SHAPES = List.of(
            new SectionShape("", false, Map.of("hostname", ValueType.STRING, "data_dir", ValueType.STRING,
                    "skip-config-overrides", ValueType.BOOL, "default-retention-policy", ValueType.STRING)),
            new SectionShape("http", false, HttpHardening.httpKeys(Map.of("bind-address", ValueType.STRING,
                    "log-enabled", ValueType.BOOL))),
            new SectionShape("tls", false, Map.of("min-version", ValueType.STRING)),
            new SectionShape("users", true, HttpHardening.USER_KEYS),
            new SectionShape("load", false, Map.of("enabled", ValueType.BOOL, "dir", ValueType.STRING)),
            new SectionShape("plugins", false, Map.of("dir", ValueType.STRING)),
            new SectionShape("logging", false, Map.of("level", ValueType.STRING, "file", ValueType.STRING)),
            new SectionShape("alert", false, Map.of("topic-buffer-length", ValueType.INT,
                    "shutdown-grace", ValueType.DURATION)),
            new SectionShape("quickstart", false, Map.of("enabled", ValueType.BOOL)),
            new SectionShape("history", false, Map.of("max-events-per-topic", ValueType.INT,
                    "max-age", ValueType.DURATION)),
            new SectionShape("cluster", false, Map.of("enabled", ValueType.BOOL, "bootstrap-servers",
                    ValueType.STRING, "application-id", ValueType.STRING, "node-id", ValueType.STRING,
                    "replication-factor", ValueType.INT, "partitions", ValueType.INT,
                    "connect-timeout", ValueType.DURATION, "kafka", ValueType.MAP)),
            new SectionShape("delivery", false, Map.of("call-timeout", ValueType.DURATION, "window", ValueType.INT,
                    "max-attempts", ValueType.INT, "initial-backoff", ValueType.DURATION,
                    "max-backoff", ValueType.DURATION, "max-age", ValueType.DURATION, "in-flight", ValueType.INT,
                    "segment-size", ValueType.INT)));

    private final String source;
    private final boolean fromFile;
    private final Map<String, Object> root;
    private final Map<String, String> env;

    private ServerConfig(String source, boolean fromFile, Map<String, Object> root, Map<String, String> env) {
        this.source = source;
        this.fromFile = fromFile;
        this.root = root;
        this.env = env;
    }

    /**
     * Reads {@code file} (when given) and applies the environment to the server's own keys.
     *
     * @throws StartupException naming the file, line, key and reason when the file cannot be used
     */
    public static ServerConfig load(Optional<Path> file, Map<String, String> env) {
        Map<String, Object> root = new LinkedHashMap<>();
        String source = "defaults";
        if (file.isPresent()) {
            Path p = file.get();
            source = p.toString();
            if (!Files.isRegularFile(p)) {
                throw new StartupException(p + ": config file not found");
            }
            try {
                root = new TomlMapper().readValue(p.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
                });
            } catch (JacksonException e) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : " line " + at.getLineNr() + " col " + at.getColumnNr() + ":";
                throw new StartupException(p + ":" + where + " invalid TOML: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new StartupException(p + ": cannot read config file: " + e.getMessage(), e);
            }
        }
        ServerConfig config = new ServerConfig(source, file.isPresent(), root, Map.copyOf(env));
        EnvOverrides.apply(root, env, SERVER_SHAPES);
        config.settings();
        return config;
    }

    /** Where the config came from: the file, or {@code defaults}. */
    String source() {
        return source;
    }

    /** The server's own settings. @throws StartupException naming the key at fault */
    ServerSettings settings() {
        String hostname = string("", "hostname", "localhost");
        Path dataDir = Path.of(string("", "data_dir", "data")).toAbsolutePath().normalize();
        String bind = string("http", "bind-address", fromFile ? ":9092" : "127.0.0.1:9092");
        InetSocketAddress address = bindAddress(bind);
        boolean loadEnabled = bool("load", "enabled", false);
        Path loadDir = Path.of(string("load", "dir", "load")).toAbsolutePath().normalize();
        Path pluginsDir = Path.of(string("plugins", "dir", "plugins")).toAbsolutePath().normalize();
        String level = string("logging", "level", "INFO");
        String logFile = string("logging", "file", "STDERR");
        boolean quickstart = bool("quickstart", "enabled", !fromFile);
        boolean skipOverrides = bool("", "skip-config-overrides", false);
        long buffer = integer("alert", "topic-buffer-length", 5000);
        String graceText = string("alert", "shutdown-grace", "10s");
        java.time.Duration grace;
        try {
            grace = TimeText.parseDuration(graceText);
        } catch (IllegalArgumentException e) {
            throw new StartupException(source + ": [alert] shutdown-grace: " + e.getMessage()
                    + " (expected e.g. 10s)");
        }
        String rp = string("", "default-retention-policy", "");
        return new ServerSettings(hostname, dataDir, address, loadEnabled, loadDir, pluginsDir, level, logFile,
                quickstart, skipOverrides, buffer < 1000 ? 5000 : (int) Math.min(buffer, Integer.MAX_VALUE), grace,
                rp.isEmpty() ? "autogen" : rp, delivery(), integer("delivery", "segment-size", 64L << 20),
                (int) Math.max(0, Math.min(integer("history", "max-events-per-topic", 100), 100_000)),
                duration("history", "max-age", java.time.Duration.ofHours(24)));
    }

    /**
     * {@code [cluster]} (Herald's own): the Kafka cluster this node shares definitions with, when enabled
     * ({@code enabled} defaults to true once {@code bootstrap-servers} is set).
     *
     * @throws StartupException naming the key at fault
     */
    Optional<ClusterSettings> cluster(ServerSettings settings) {
        String servers = string("cluster", "bootstrap-servers", "").trim();
        if (!bool("cluster", "enabled", !servers.isEmpty())) {
            return Optional.empty();
        }
        if (servers.isEmpty()) {
            throw new StartupException(where("cluster", "bootstrap-servers") + ": required when the cluster is "
                    + "enabled (Kafka's host:port list, e.g. \"localhost:9092\")");
        }
        String app = string("cluster", "application-id", "herald");
        if (!app.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new StartupException(where("cluster", "application-id") + ": \"" + app + "\" must be letters, "
                    + "digits, '.', '_' or '-' (it names Kafka topics)");
        }
        String node = string("cluster", "node-id", settings.hostname() + ":" + settings.bindAddress().getPort());
        long rf = integer("cluster", "replication-factor", -1);
        if (rf == 0 || rf < -1 || rf > Short.MAX_VALUE) {
            throw new StartupException(where("cluster", "replication-factor") + ": " + rf + " is not a replication "
                    + "factor (at least 1; leave it out for the brokers' default)");
        }
        long partitions = integer("cluster", "partitions", 12);
        if (partitions < 1 || partitions > 10_000) {
            throw new StartupException(where("cluster", "partitions") + ": " + partitions + " partitions: use 1 to "
                    + "10000 (how many nodes can share the evaluation)");
        }
        Map<String, String> props = new java.util.TreeMap<>();
        Object kafka = raw("cluster", "kafka");
        if (kafka != null) {
            if (!(kafka instanceof Map<?, ?> m)) {
                throw new StartupException(where("cluster", "kafka") + ": expected a table of Kafka client "
                        + "properties, got " + describe(kafka));
            }
            m.forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        }
        return Optional.of(new ClusterSettings(servers, app, node,
                rf < 0 ? Optional.empty() : Optional.of((short) rf), (int) partitions,
                duration("cluster", "connect-timeout", java.time.Duration.ofSeconds(30)), props));
    }

    /**
     * {@code [delivery]} (Herald's own): call timeout, in-memory window per lane, and the retry policy, with
     * {@code [delivery.<kind>]} tables overriding the retry keys for one handler kind.
     */
    @SuppressWarnings("unchecked")
    DeliveryPolicy delivery() {
        DeliveryPolicy d = DeliveryPolicy.DEFAULT;
        java.time.Duration timeout = duration("delivery", "call-timeout", d.callTimeout());
        long window = integer("delivery", "window", d.window());
        RetryPolicy base = retry("delivery", RetryPolicy.DEFAULT);
        Map<String, RetryPolicy> perKind = new LinkedHashMap<>();
        Object section = root.get("delivery");
        if (section instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof Map<?, ?>) {
                    perKind.put(String.valueOf(e.getKey()), retry("delivery." + e.getKey(), base));
                }
            }
        }
        try {
            return new DeliveryPolicy(timeout, base, perKind, (int) Math.max(1, Math.min(window, 1 << 20)));
        } catch (IllegalArgumentException e) {
            throw new StartupException(source + ": [delivery] " + e.getMessage());
        }
    }

    private RetryPolicy retry(String section, RetryPolicy dflt) {
        try {
            return new RetryPolicy((int) integer(section, "max-attempts", dflt.maxAttempts()),
                    duration(section, "initial-backoff", dflt.initialBackoff()),
                    duration(section, "max-backoff", dflt.maxBackoff()),
                    duration(section, "max-age", dflt.maxAge()),
                    (int) integer(section, "in-flight", dflt.inFlight()));
        } catch (IllegalArgumentException e) {
            throw new StartupException(source + ": [" + section + "] " + e.getMessage());
        }
    }

    private java.time.Duration duration(String section, String key, java.time.Duration dflt) {
        Object v = raw(section, key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String text)) {
            throw new StartupException(where(section, key) + ": expected a duration such as \"30s\", got "
                    + describe(v));
        }
        try {
            return TimeText.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new StartupException(where(section, key) + ": " + e.getMessage() + " (expected e.g. 30s)");
        }
    }

    /** The {@code [http]} security and limit keys, {@code [tls]} and {@code [[users]]}. */
    HttpHardening hardening() {
        return HttpHardening.read(new HttpHardening.Source() {
            @Override
            public String string(String section, String key, String dflt) {
                return ServerConfig.this.string(section, key, dflt);
            }

            @Override
            public boolean bool(String section, String key, boolean dflt) {
                return ServerConfig.this.bool(section, key, dflt);
            }

            @Override
            public long integer(String section, String key, long dflt) {
                return ServerConfig.this.integer(section, key, dflt);
            }

            @Override
            public Object raw(String section) {
                return root.get(section);
            }

            @Override
            public String where(String section, String key) {
                return ServerConfig.this.where(section, key);
            }
        });
    }

    private static InetSocketAddress bindAddress(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new StartupException("[http] bind-address: \"" + text + "\" is not host:port (e.g. :9092 or "
                    + "127.0.0.1:9092)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new StartupException("[http] bind-address: \"" + text + "\" has no valid port");
        }
        if (port < 0 || port > 65535) {
            throw new StartupException("[http] bind-address: port " + port + " is out of range");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @SuppressWarnings("unchecked")
    private Object raw(String section, String key) {
        if (section.isEmpty()) {
            return root.get(key);
        }
        int dot = section.indexOf('.');
        Object s = dot < 0 ? root.get(section) : root.get(section.substring(0, dot)) instanceof Map<?, ?> parent
                ? parent.get(section.substring(dot + 1)) : null;
        if (s == null) {
            return null;
        }
        if (!(s instanceof Map<?, ?> m)) {
            throw new StartupException(source + ": [" + section + "] must be a table, not "
                    + describe(s));
        }
        return ((Map<String, Object>) m).get(key);
    }

    private String where(String section, String key) {
        return source + ": " + (section.isEmpty() ? "" : "[" + section + "] ") + key;
    }

    private String string(String section, String key, String dflt) {
        Object v = raw(section, key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw new StartupException(where(section, key) + ": expected a string, got " + describe(v));
        }
        return s;
    }

    private boolean bool(String section, String key, boolean dflt) {
        Object v = raw(section, key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw new StartupException(where(section, key) + ": expected true or false, got " + describe(v));
        }
        return b;
    }

    private long integer(String section, String key, long dflt) {
        Object v = raw(section, key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw new StartupException(where(section, key) + ": expected an integer, got " + describe(v));
        }
        return ((Number) v).longValue();
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v instanceof Map ? "a table" : v instanceof List
                ? "a list" : String.valueOf(v);
    }

    /**
     * The handler sections with the environment applied, each a list of elements, bound once against the plugin's
     * schema to fail early.
     *
     * @throws StartupException naming the file, section, element, key and reason
     */
    @SuppressWarnings("unchecked")
    Map<String, List<Map<String, Object>>> handlerSections(List<HandlerFactory<?, ?>> factories) {
        List<SectionShape> shapes = new ArrayList<>();
        for (HandlerFactory<?, ?> f : factories) {
            if (f.hasConfigSection()) {
                shapes.add(SectionShape.of(f));
            }
        }
        EnvOverrides.apply(root, env, shapes);
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (HandlerFactory<?, ?> f : factories) {
            if (!f.hasConfigSection() || !root.containsKey(f.section())) {
                continue;
            }
            String section = f.section();
            Object value = root.get(section);
            boolean list = f.configSchema().elementKey().isPresent();
            List<Map<String, Object>> elements = new ArrayList<>();
            if (value instanceof Map<?, ?> m) {
                elements.add((Map<String, Object>) m);
            } else if (value instanceof List<?> l) {
                if (!list && l.size() > 1) {
                    throw new StartupException(source + ": [" + section + "] is a single section; write [" + section
                            + "], not " + l.size() + " [[" + section + "]] tables");
                }
                for (Object o : l) {
                    if (!(o instanceof Map<?, ?> m)) {
                        throw new StartupException(source + ": [[" + section + "]] elements must be tables");
                    }
                    elements.add((Map<String, Object>) m);
                }
            } else {
                throw new StartupException(source + ": " + section + " must be a table ([" + section + "]), not "
                        + describe(value));
            }
            check(f, elements);
            out.put(section, elements);
        }
        return out;
    }

    private <C extends Record> void check(HandlerFactory<C, ?> factory, List<Map<String, Object>> elements) {
        for (int i = 0; i < elements.size(); i++) {
            try {
                factory.configSchema().bind(elements.get(i));
            } catch (ConfigException e) {
                throw new StartupException(source + ": [" + factory.section() + "]"
                        + (elements.size() > 1 ? " element " + i : "")
                        + e.key().map(k -> " key \"" + k + "\"").orElse("") + ": "
                        + e.detail(), e);
            }
        }
        try {
            ServiceConfig.bind(factory, elements);
        } catch (ConfigException e) {
            throw new StartupException(source + ": [" + factory.section() + "]"
                    + e.key().map(k -> " key \"" + k + "\"").orElse("") + ": "
                    + e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(factory.section()) + ": ", ""),
                    e);
        }
    }

    /** The {@code [[influxdb]]} elements that influxDBOut writes to (a single {@code [influxdb]} table too). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> influxdbSection() {
        Object value = root.get("influxdb");
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof Map<?, ?> m) {
            out.add((Map<String, Object>) m);
        } else if (value instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof Map<?, ?> m)) {
                    throw new StartupException(source + ": [[influxdb]] elements must be tables");
                }
                out.add((Map<String, Object>) m);
            }
        } else if (value != null) {
            throw new StartupException(source + ": influxdb must be [[influxdb]] tables");
        }
        return out;
    }

    /** Top-level tables and keys that neither the server nor any installed plugin reads, sorted. */
    Set<String> unknown(Set<String> handlerSections) {
        Set<String> known = new TreeSet<>(handlerSections);
        known.add("influxdb");
        for (SectionShape s : SERVER_SHAPES) {
            if (s.name().isEmpty()) {
                known.addAll(s.keys().keySet());
            } else {
                known.add(s.name());
            }
        }
        Set<String> out = new TreeSet<>();
        for (String key : root.keySet()) {
            if (!known.contains(key)) {
                out.add(key);
            }
        }
        return out;
    }
}
