package dev.herald.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code [http] auth-enabled}: who may call what. Credentials are HTTP basic (bcrypt-hashed passwords from
 * {@code [[users]]}) or a bearer token (compared by SHA-256). Roles: {@code read} may GET/HEAD, {@code write} may
 * also change tasks, templates, topics, handlers, run service tests and write points, {@code admin} may also change
 * the config. An unknown user costs one bcrypt check like a wrong password; failed logins are counted per client
 * address and answered 429 beyond {@code max-failed-logins} per minute.
 */
final class AccessControl {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.auth");
    private static final long WINDOW_NANOS = 60_000_000_000L;
    /** How long a verified password is remembered, so bcrypt is not paid per request (Kapacitor: 10m). */
    private static final long CACHE_NANOS = 600_000_000_000L;

    private final HttpHardening settings;
    private final Map<String, HttpHardening.User> byName;
    private final LongSupplier nanoTime;
    private final Map<String, Window> failures = new ConcurrentHashMap<>();
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();
    private final AtomicLong failedLogins = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    /**
     * A bcrypt hash of nothing useful at the users' cost, checked for unknown users so that they take as long as a
     * wrong password.
     */
    private final String dummyHash;

    private record Window(long start, int count) {
    }

    private record Cached(HttpHardening.User user, long until) {
    }

    AccessControl(HttpHardening settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.byName = new ConcurrentHashMap<>();
        settings.users().forEach(u -> byName.put(u.name(), u));
        int cost = settings.users().stream().map(HttpHardening.User::passwordHash).filter(h -> h.length() > 6)
                .mapToInt(h -> Integer.parseInt(h.substring(h.indexOf('$', 1) + 1, h.indexOf('$', 1) + 3)))
                .max().orElse(10);
        cost = Math.max(4, Math.min(31, cost));
        this.dummyHash = settings.authEnabled() ? BCrypt.hashpw("herald-dummy-password", BCrypt.gensalt(cost))
                : "";
    }

    boolean enabled() {
        return settings.authEnabled();
    }

    long failedLogins() {
        return failedLogins.get();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    /**
     * Whether the request may go on: {@code null} when it may, else the reply (401, 403 or 429). Never names the
     * password or token.
     */
    Reply check(String method, String path, String authorization, String client) {
        if (!settings.authEnabled() || open(path)) {
            return null;
        }
        if (authorization == null || authorization.isBlank()) {
            return unauthorized("authentication required");
        }
        Window w = failures.get(client);
        long now = nanoTime.getAsLong();
        if (w != null && now - w.start() < WINDOW_NANOS && w.count() >= settings.maxFailedLogins()) {
            rateLimited.incrementAndGet();
            long retry = Math.max(1, (WINDOW_NANOS - (now - w.start())) / 1_000_000_000L);
            return Reply.error(429, "too many failed logins from this address; retry later")
                    .withHeader("Retry-After", Long.toString(retry));
        }
        HttpHardening.User user = authenticate(authorization.trim(), now);
        if (user == null) {
            failedLogins.incrementAndGet();
            if (failures.size() > 10_000) {
                failures.values().removeIf(old -> now - old.start() >= WINDOW_NANOS);
            }
            failures.compute(client, (k, old) -> old == null || now - old.start() >= WINDOW_NANOS
                    ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
            LOG.log(System.Logger.Level.WARNING, "failed login from " + client + " for " + method + " " + path);
            return unauthorized("invalid credentials");
        }
        HttpHardening.Role needed = needed(method, path);
        if (user.role().compareTo(needed) < 0) {
            return Reply.error(403, "user " + user.name() + " has role " + name(user.role()) + "; " + method + " "
                    + path + " needs role " + name(needed));
        }
        return null;
    }

    private boolean open(String path) {
        if (path.equals("/ping") || path.equals("/kapacitor/v1/ping")) {
            return !settings.authPing();
        }
        if (path.equals("/metrics")) {
            return !settings.authMetrics();
        }
        return false;
    }

    /** The least role allowed to call {@code method} on {@code path}. */
    static HttpHardening.Role needed(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return HttpHardening.Role.READ;
        }
        if (path.equals("/kapacitor/v1/config") || path.startsWith("/kapacitor/v1/config/")
                || path.startsWith("/kapacitor/v1/cluster/")) {
            return HttpHardening.Role.ADMIN;
        }
        return HttpHardening.Role.WRITE;
    }

    private static String name(HttpHardening.Role role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Reply unauthorized(String why) {
        return Reply.error(401, why).withHeader("WWW-Authenticate", "Basic realm=\"herald\", charset=\"UTF-8\"");
    }

    private HttpHardening.User authenticate(String header, long now) {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return bearer(value);
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String cacheKey = sha256(name + "\0" + password);
        Cached c = verified.get(cacheKey);
        if (c != null && now - c.until() < 0) {
            return c.user();
        }
        HttpHardening.User user = byName.get(name);
        boolean ok;
        if (user == null || user.passwordHash().isEmpty()) {
            checkpw(password, dummyHash);
            ok = false;
        } else {
            ok = checkpw(password, user.passwordHash());
        }
        if (!ok) {
            return null;
        }
        if (verified.size() > 10_000) {
            verified.clear();
        }
        verified.put(cacheKey, new Cached(user, now + CACHE_NANOS));
        return user;
    }

    private static boolean checkpw(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private HttpHardening.User bearer(String token) {
        if (token.isEmpty()) {
            return null;
        }
        byte[] given = sha256(token).getBytes(StandardCharsets.US_ASCII);
        HttpHardening.User found = null;
        for (HttpHardening.User u : settings.users()) {
            if (!u.tokenSha256().isEmpty()
                    && MessageDigest.isEqual(given, u.tokenSha256().getBytes(StandardCharsets.US_ASCII))) {
                found = u;
            }
        }
        return found;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines for {@code /metrics}. */
    List<String> metrics() {
        return List.of("# HELP herald_auth_failed_logins_total Requests with wrong or unknown credentials.",
                "# TYPE herald_auth_failed_logins_total counter",
                "herald_auth_failed_logins_total " + failedLogins.get(),
                "# HELP herald_auth_rate_limited_total Requests refused (429) after too many failed logins.",
                "# TYPE herald_auth_rate_limited_total counter",
                "herald_auth_rate_limited_total " + rateLimited.get());
    }
}
