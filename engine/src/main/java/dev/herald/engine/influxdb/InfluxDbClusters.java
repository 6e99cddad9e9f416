package dev.herald.engine.influxdb;

import dev.herald.core.config.ConfigSchema;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.TlsSettings;
import dev.herald.engine.dispatch.Dispatcher;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code [[influxdb]]} clusters and the HTTP calls {@code |influxDBOut()} makes to them, as Kapacitor's InfluxDB
 * client makes them: {@code POST <url>/write?consistency=&db=&precision=&rp=} with line protocol, and
 * {@code POST <url>/query?db=&q=} for {@code CREATE DATABASE}. Writes go through the outbox and a delivery lane per
 * node ({@link #output}); {@code CREATE DATABASE}, made when a task starts, is tried again on 5xx or a network error
 * (1, 2, 4, 8 s apart) and then logged.
 */
public final class InfluxDbClusters {
    private static final System.Logger LOG = System.getLogger("dev.herald.engine.influxdb");
    /** Kapacitor's keys for its subscription and UDP services: accepted, not used by Herald. */
    static final Set<String> IGNORED_KEYS = Set.of("disable-subscriptions", "subscription-protocol",
            "subscription-mode", "subscription-path", "subscriptions", "excluded-subscriptions", "kapacitor-hostname",
            "http-port", "udp-bind", "udp-buffer", "udp-read-buffer", "startup-timeout",
            "subscriptions-sync-interval", "compression", "http-shared-secret");
    private static final int ATTEMPTS = 5;

    private final Map<String, InfluxDbConfig> byName = new LinkedHashMap<>();
    private final Map<InfluxDbConfig, HttpClient> clients = new HashMap<>();
    private final HttpClient shared;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    /** Clusters bound from raw {@code [[influxdb]]} elements (TOML tables), writing through {@code dispatcher}. */
    public InfluxDbClusters(List<Map<String, Object>> elements, HttpClient shared, Dispatcher dispatcher,
            Clock clock) {
        this.shared = shared;
        this.dispatcher = dispatcher;
        this.scheduler = dispatcher.scheduler();
        this.clock = clock;
        ConfigSchema<InfluxDbConfig> schema = ConfigSchema.of(InfluxDbConfig.class);
        boolean warned = false;
        for (Map<String, Object> raw : elements) {
            Map<String, Object> kept = new LinkedHashMap<>(raw);
            if (kept.keySet().removeIf(IGNORED_KEYS::contains) && !warned) {
                LOG.log(System.Logger.Level.WARNING, "[[influxdb]]: subscription and UDP keys are accepted and "
                        + "ignored: Herald receives points on its own /write API");
                warned = true;
            }
            InfluxDbConfig c = schema.bind(kept);
            if (c.urls().isEmpty()) {
                throw new dev.herald.core.config.ConfigException("influxdb", "urls", "must specify at least one URL "
                        + "for InfluxDB cluster \"" + c.name() + "\"");
            }
            byName.put(c.name(), c);
        }
    }

    /** InfluxQL's identifier quoting: bare when it can be, else in double quotes with escapes. */
    public static String quoteIdent(String ident) {
        if (ident.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return ident;
        }
        return "\"" + ident.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The enabled cluster {@code name}; {@code ""} = the default one (or the only one). */
    public Optional<InfluxDbConfig> cluster(String name) {
        List<InfluxDbConfig> enabled = byName.values().stream().filter(InfluxDbConfig::enabled).toList();
        if (!name.isEmpty()) {
            return enabled.stream().filter(c -> c.name().equals(name)).findFirst();
        }
        return enabled.stream().filter(InfluxDbConfig::isDefault).findFirst()
                .or(() -> enabled.size() == 1 ? Optional.of(enabled.get(0)) : Optional.empty());
    }

    /**
     * The durable output of node {@code node} of task {@code taskId}: its batches go to {@code db}.{@code rp} on
     * {@code c} through the outbox and a lane of their own, retried and dead-lettered as handler deliveries are.
     * {@code flush} (the node's buffer to {@link InfluxDbOutput#submit}) runs before every commit of the outbox.
     */
    public InfluxDbOutput output(String taskId, String node, InfluxDbConfig c, String db, String rp, String precision,
            String consistency, Runnable flush) {
        Map<String, String> query = new TreeMap<>(); // Go's url.Values.Encode sorts by key
        query.put("consistency", consistency);
        query.put("db", db);
        query.put("precision", precision);
        query.put("rp", rp);
        String lane = InfluxDbOutput.laneName(taskId, node);
        return new InfluxDbOutput(dispatcher, dispatcher.lane(lane, InfluxDbOutput.KIND,
                new InfluxDbWriteHandler(this, c)), encode(query), taskId, node, clock, flush);
    }

    /** One call: {@code POST <url>/<path>?<query>} with {@code body}. */
    CompletableFuture<HttpResponse<String>> send(InfluxDbConfig c, String path, String query, String body) {
        HttpRequest.Builder request = request(c, path, query);
        if (path.equals("write")) {
            request.header("Content-Type", "application/octet-stream");
        }
        return client(c).sendAsync(request.POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs an InfluxQL command ({@code CREATE DATABASE ...}); completes with whether it succeeded. */
    public CompletableFuture<Boolean> query(InfluxDbConfig c, String command) {
        Map<String, String> query = new TreeMap<>();
        query.put("db", "");
        query.put("q", command);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        attempt(c, encode(query), 1, done, command);
        return done;
    }

    private void attempt(InfluxDbConfig c, String query, int attempt, CompletableFuture<Boolean> done, String what) {
        send(c, "query", query, "").whenComplete((r, error) -> {
            if (error == null && accepted(r)) {
                done.complete(true);
                return;
            }
            boolean retry = error != null || r.statusCode() >= 500;
            String reason = error != null ? error.toString() : r.statusCode() + " " + r.body().strip();
            if (retry && attempt < ATTEMPTS) {
                scheduler.schedule(() -> attempt(c, query, attempt + 1, done, what), 1L << (attempt - 1),
                        TimeUnit.SECONDS);
                return;
            }
            LOG.log(System.Logger.Level.ERROR, "influxDBOut: failed to " + what + " on cluster \"" + c.name()
                    + "\": " + reason);
            done.complete(false);
        });
    }

    /** InfluxDB took the call: 204 (or 200) without an error in the body (its /query reports errors with 200). */
    static boolean accepted(HttpResponse<String> r) {
        return (r.statusCode() == 204 || r.statusCode() == 200) && !r.body().contains("\"error\"");
    }

    private static String encode(Map<String, String> query) {
        List<String> pairs = new ArrayList<>();
        query.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    private HttpRequest.Builder request(InfluxDbConfig c, String path, String query) {
        String base = c.urls().get(0);
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/" + path + "?" + query))
                .timeout(c.timeout().isZero() ? Duration.ofSeconds(30) : c.timeout());
        if (!c.username().isEmpty()) {
            String credentials = c.username() + ":" + c.password().reveal();
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private synchronized HttpClient client(InfluxDbConfig c) {
        TlsSettings tls = new TlsSettings(c.sslCa(), c.sslCert(), c.sslKey(), c.insecureSkipVerify());
        if (tls.isDefault()) {
            return shared;
        }
        return clients.computeIfAbsent(c, k -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(HandlerContext.DEFAULT_REQUEST_TIMEOUT).sslContext(tls.sslContext("InfluxDB"))
                .build());
    }
}
