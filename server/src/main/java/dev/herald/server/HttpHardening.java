package dev.herald.server;

import dev.herald.core.config.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP front's security settings and limits: TLS ({@code [http] https-*}, {@code [tls] min-version}),
 * authentication ({@code [http] auth-enabled}, {@code [[users]]}) and request limits ({@code [http] max-*}).
 *
 * @param httpsEnabled          {@code [http] https-enabled}
 * @param certificate           {@code [http] https-certificate}: PEM certificate chain
 * @param privateKey            {@code [http] https-private-key}: PEM PKCS#8 key; empty = in the certificate file
 * @param tlsMinVersion         {@code [tls] min-version}: {@code tls1.2} (default) or {@code tls1.3}
 * @param authEnabled           {@code [http] auth-enabled}
 * @param authPing              {@code [http] auth-ping}: {@code /ping} needs credentials too (default false)
 * @param authMetrics           {@code [http] auth-metrics}: {@code /metrics} needs credentials too (default false)
 * @param users                 {@code [[users]]}
 * @param maxFailedLogins       {@code [http] max-failed-logins}: failed logins per client address per minute
 *                              before 429
 * @param maxBodySize           {@code [http] max-body-size}: bytes (413 beyond)
 * @param maxHeaderSize         {@code [http] max-header-size}: bytes of all request headers (431 beyond)
 * @param readTimeout           {@code [http] read-timeout}: time to receive a request (408 beyond)
 * @param maxConnections        {@code [http] max-connection-limit}: requests served at once (503 beyond)
 * @param maxJsonDepth          {@code [http] max-json-depth}: nesting of request JSON (400 beyond)
 */
record HttpHardening(boolean httpsEnabled, Path certificate, Path privateKey, String tlsMinVersion,
        boolean authEnabled, boolean authPing, boolean authMetrics, List<User> users, int maxFailedLogins,
        long maxBodySize, int maxHeaderSize, Duration readTimeout, int maxConnections, int maxJsonDepth) {

    /** A role: what a user may do. */
    enum Role {
        /** GET and HEAD only. */
        READ,
        /** Also tasks, templates, topics, topic handlers, service tests and writes. */
        WRITE,
        /** Everything, including the config API. */
        ADMIN
    }

    /**
     * A user from {@code [[users]]}. The password is a bcrypt hash; the optional bearer token is given as the hex
     * SHA-256 of the token, so the config holds no usable secret.
     */
    record User(String name, String passwordHash, Role role, String tokenSha256) {
        @Override
        public String toString() {
            return "User[name=" + name + ", role=" + role + "]";
        }
    }

    static final Map<String, ValueType> USER_KEYS = Map.of("name", ValueType.STRING, "password-hash",
            ValueType.STRING, "role", ValueType.STRING, "token-sha256", ValueType.STRING);

    static final HttpHardening DEFAULTS = new HttpHardening(false, null, null, "tls1.2", false, false, false,
            List.of(), 10, 10L * 1024 * 1024, 64 * 1024, Duration.ofSeconds(30), 256, 200);

    /** {@code base} plus the keys read here. */
    static Map<String, ValueType> httpKeys(Map<String, ValueType> base) {
        Map<String, ValueType> keys = new LinkedHashMap<>(base);
        keys.put("https-enabled", ValueType.BOOL);
        keys.put("https-certificate", ValueType.STRING);
        keys.put("https-private-key", ValueType.STRING);
        keys.put("auth-enabled", ValueType.BOOL);
        keys.put("auth-ping", ValueType.BOOL);
        keys.put("auth-metrics", ValueType.BOOL);
        keys.put("max-failed-logins", ValueType.INT);
        keys.put("max-body-size", ValueType.INT);
        keys.put("max-header-size", ValueType.INT);
        keys.put("read-timeout", ValueType.DURATION);
        keys.put("max-connection-limit", ValueType.INT);
        keys.put("max-json-depth", ValueType.INT);
        return Map.copyOf(keys);
    }

    /** Typed reads of the config file. */
    interface Source {
        String string(String section, String key, String dflt);

        boolean bool(String section, String key, boolean dflt);

        long integer(String section, String key, long dflt);

        Object raw(String section);

        String where(String section, String key);
    }

    static HttpHardening read(Source c) {
        HttpHardening d = DEFAULTS;
        boolean https = c.bool("http", "https-enabled", false);
        String cert = c.string("http", "https-certificate", "/etc/ssl/kapacitor.pem");
        String key = c.string("http", "https-private-key", "");
        String min = c.string("tls", "min-version", d.tlsMinVersion()).toLowerCase(Locale.ROOT);
        if (!min.equals("tls1.2") && !min.equals("tls1.3")) {
            throw new StartupException(c.where("tls", "min-version") + ": \"" + min
                    + "\" is not supported; use tls1.2 or tls1.3");
        }
        boolean auth = c.bool("http", "auth-enabled", false);
        List<User> users = users(c);
        if (auth && users.isEmpty()) {
            throw new StartupException(c.where("http", "auth-enabled") + ": no [[users]] defined; add at least "
                    + "one user (name, password-hash, role)");
        }
        String timeout = c.string("http", "read-timeout", "30s");
        Duration readTimeout;
        try {
            readTimeout = TimeText.parseDuration(timeout);
        } catch (IllegalArgumentException e) {
            throw new StartupException(c.where("http", "read-timeout") + ": " + e.getMessage());
        }
        return new HttpHardening(https, https ? Path.of(cert) : null,
                https && !key.isEmpty() ? Path.of(key) : null, min, auth,
                c.bool("http", "auth-ping", false), c.bool("http", "auth-metrics", false), users,
                positive(c, "max-failed-logins", d.maxFailedLogins()),
                positive(c, "max-body-size", d.maxBodySize()),
                positive(c, "max-header-size", d.maxHeaderSize()), readTimeout,
                positive(c, "max-connection-limit", d.maxConnections()),
                positive(c, "max-json-depth", d.maxJsonDepth()));
    }

    private static int positive(Source c, String key, long dflt) {
        long v = c.integer("http", key, dflt);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new StartupException(c.where("http", key) + ": must be between 1 and " + Integer.MAX_VALUE
                    + ", got " + v);
        }
        return (int) v;
    }

    @SuppressWarnings("unchecked")
    private static List<User> users(Source c) {
        Object raw = c.raw("users");
        List<Object> elements = raw == null ? List.of() : raw instanceof List<?> l ? (List<Object>) l
                : List.of(raw);
        List<User> out = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            String where = c.where("", "[[users]] element " + i);
            if (!(elements.get(i) instanceof Map<?, ?> m)) {
                throw new StartupException(where + ": must be a table");
            }
            String name = text(m, "name", where);
            String hash = m.get("password-hash") == null ? "" : text(m, "password-hash", where);
            if (!hash.isEmpty() && !hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new StartupException(where + ": password-hash is not a bcrypt hash ($2a$10$...); make one "
                        + "with: java -jar herald.jar hash-password");
            }
            String token = m.get("token-sha256") == null ? "" : text(m, "token-sha256", where)
                    .toLowerCase(Locale.ROOT);
            if (!token.isEmpty() && !token.matches("[0-9a-f]{64}")) {
                throw new StartupException(where + ": token-sha256 must be 64 hex digits (sha256sum of the token)");
            }
            if (hash.isEmpty() && token.isEmpty()) {
                throw new StartupException(where + ": user " + name + " needs password-hash or token-sha256");
            }
            Role role;
            try {
                role = Role.valueOf(text(m, "role", where).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new StartupException(where + ": role must be read, write or admin");
            }
            for (Object k : m.keySet()) {
                if (!USER_KEYS.containsKey(String.valueOf(k))) {
                    throw new StartupException(where + ": unknown key \"" + k + "\"; known: name, password-hash, "
                            + "role, token-sha256");
                }
            }
            out.add(new User(name, hash, role, token));
        }
        return List.copyOf(out);
    }

    private static String text(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new StartupException(where + ": \"" + key + "\" must be a non-empty string");
        }
        return s;
    }
}
