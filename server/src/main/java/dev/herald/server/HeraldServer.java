package dev.herald.server;

import dev.herald.core.config.ConfigException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.engine.Herald;
import dev.herald.engine.outbox.DeadLetterStore;
import dev.herald.engine.outbox.OutboxException;
import dev.herald.engine.outbox.SegmentLog;
import org.apache.kafka.clients.producer.ProducerConfig;
import dev.herald.engine.handler.HandlerRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Herald server: the engine with Kapacitor's HTTP API, the embedded store, the {@code [load]} directory, the
 * quickstart and the plugins folder. {@link #start} returns once the API answers; {@link #close} drains handler
 * queues (bounded by {@code [alert] shutdown-grace}) and closes the store.
 */
public final class HeraldServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.server");

    private final ServerSettings settings;
    private final Herald herald;
    private final Store store;
    private final TopicState topicState;
    private final HttpFront http;
    private final PluginLoader.Result plugins;
    private final Set<String> ignored;
    private final Optional<SharedDefinitions> shared;
    private final Optional<ClusterPoints> points;
    private final Optional<ClusterEvents> events;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private HeraldServer(ServerSettings settings, Herald herald, Store store, TopicState topicState, HttpFront http,
            PluginLoader.Result plugins, Set<String> ignored, Optional<SharedDefinitions> shared,
            Optional<ClusterPoints> points, Optional<ClusterEvents> events) {
        this.settings = settings;
        this.herald = herald;
        this.store = store;
        this.topicState = topicState;
        this.http = http;
        this.plugins = plugins;
        this.ignored = ignored;
        this.shared = shared;
        this.points = points;
        this.events = events;
    }

    /**
     * Starts a server.
     *
     * @param configFile      a kapacitor.conf-style TOML file, or empty for the defaults (loopback, ./data, quickstart)
     * @param env             environment variables ({@code KAPACITOR_*}, {@code HERALD_*} overrides)
     * @param installLogging  whether to install the one-line log format on the JVM's root logger
     * @throws StartupException naming the file, key and reason when the configuration cannot be used
     */
    public static HeraldServer start(Optional<Path> configFile, Map<String, String> env, boolean installLogging) {
        ServerConfig config = ServerConfig.load(configFile, env);
        ServerSettings settings = config.settings();
        HttpHardening hardening = config.hardening();
        if (installLogging) {
            Logs.install(settings.logLevel(), settings.logFile());
        } else {
            Logs.parse(settings.logLevel());
        }
        ClassLoader own = HeraldServer.class.getClassLoader();
        List<HandlerFactory<?, ?>> builtIns = HandlerRegistry.discover(own);
        PluginLoader.Result plugins = PluginLoader.load(settings.pluginsDir(), builtIns, own);
        List<HandlerFactory<?, ?>> factories = new ArrayList<>(builtIns);
        factories.addAll(plugins.factories());
        Map<String, List<Map<String, Object>>> sections = config.handlerSections(factories);
        List<Map<String, Object>> influxdb = config.influxdbSection();
        Set<String> handlerSections = new TreeSet<>();
        factories.stream().filter(HandlerFactory::hasConfigSection).forEach(f -> handlerSections.add(f.section()));
        Set<String> ignored = config.unknown(handlerSections);
        if (!ignored.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, config.source() + ": ignoring config sections/keys that Herald "
                    + "and its installed plugins do not use: " + String.join(", ", ignored));
        }
        Optional<ClusterSettings> cluster = config.cluster(settings);
        SegmentLog outbox;
        DeadLetterStore deadLetters;
        // Owner-only before anything (the outbox first) creates it with the process's default mode.
        SafeDefaults.ownerOnlyDirectory(settings.dataDir());
        try {
            outbox = SegmentLog.open(settings.outboxDir(), settings.segmentSize(), true);
        } catch (OutboxException e) {
            throw new StartupException("data_dir " + settings.dataDir() + ": " + e.getMessage(), e);
        }
        try {
            deadLetters = DeadLetterStore.open(settings.deadLetterFile());
        } catch (OutboxException e) {
            outbox.close();
            throw new StartupException("data_dir " + settings.dataDir() + ": " + e.getMessage(), e);
        }
        // Bound (not yet serving) before the engine is built: handlers link back to the API's actual address
        // (PagerDuty's client_url), port 0 included.
        Router router = new Router();
        AccessControl access = new AccessControl(hardening, System::nanoTime);
        HttpFront http;
        try {
            http = new HttpFront(settings.bindAddress(), router, hardening, access);
        } catch (IOException | RuntimeException e) {
            outbox.close();
            deadLetters.close();
            throw new StartupException("[http] bind-address " + hostPort(settings.bindAddress())
                    + ": cannot listen: " + e.getMessage(), e);
        }
        // In a cluster the events raised here go to the events topic, and the events delivered here come from it.
        Optional<ClusterOutbox> clusterOutbox = cluster.map(c -> new ClusterOutbox(outbox,
                ClusterKafka.producer(c, "events", Map.of(ProducerConfig.LINGER_MS_CONFIG, "2")), c.eventsTopic(),
                c.nodeId() + "/" + java.util.UUID.randomUUID()));
        Herald.Builder builder = Herald.builder().handlers(factories).deliveryPolicy(settings.delivery())
                .outbox(clusterOutbox.<dev.herald.engine.outbox.Outbox>map(o -> o).orElse(outbox), deadLetters)
                .influxdb(influxdb)
                .apiUrl((http.https() ? "https://" : "http://") + hostPort(http.address()) + "/kapacitor/v1");
        sections.forEach(builder::configure);
        Herald herald;
        try {
            herald = builder.build();
        } catch (ConfigException e) {
            http.close();
            outbox.close();
            deadLetters.close();
            throw new StartupException(config.source() + ": " + e.getMessage(), e);
        }
        clusterOutbox.ifPresent(o -> herald.topics().forwardTo(o::forward));
        Store store = null;
        TopicState topicState = null;
        SharedDefinitions shared = null;
        ClusterPoints points = null;
        ClusterEvents events = null;
        try {
            store = Store.open(settings.storeFile());
            topicState = new TopicState(store, settings.historyEvents(), settings.historyAge());
            int restored = topicState.restore(herald);
            // Events published after the store's last topic-state flush are still in the outbox: replay them on top.
            restored += topicState.replay(herald);
            herald.onEvent(topicState::record);
            ConfigOverrides overrides = new ConfigOverrides(herald.handlers(), store, sections);
            overrides.restore(settings.skipConfigOverrides());
            TaskService tasks = new TaskService(herald, store, topicState, Clock.systemUTC());
            HandlerService handlers = new HandlerService(herald, store, topicState);
            tasks.restore();
            handlers.restore();
            if (cluster.isPresent()) {
                // before the load directory and quickstart, so what they define is shared as well
                shared = SharedDefinitions.join(cluster.get(), store, change -> {
                    switch (change.table()) {
                        case TASKS -> tasks.applyShared(change.key(), change.doc());
                        case TEMPLATES -> tasks.applySharedTemplate(change.key(), change.doc());
                        case TOPIC_HANDLERS -> handlers.applyShared(change.group(), change.key(), change.doc());
                        case CONFIG_OVERRIDES -> overrides.applyShared(change.group(), change.key(), change.doc());
                        default -> throw new IllegalStateException("not a definition: " + change.table());
                    }
                }, cluster.get().connectTimeout());
            }
            LoadDirectory load = new LoadDirectory(tasks, handlers);
            if (settings.loadEnabled()) {
                load.load(settings.loadDir());
            }
            if (settings.quickstart()) {
                load.quickstart(settings.dataDir());
            }
            long resumed = outbox.recovery().pendingCount();
            int orphaned = herald.finishRecovery();
            if (resumed > 0) {
                LOG.log(System.Logger.Level.INFO, "outbox: " + resumed + " event(s) not delivered before the restart "
                        + "are being delivered" + (orphaned > 0 ? "; " + orphaned + " for handlers that no longer "
                        + "exist were kept as dead letters" : ""));
            }
            if (cluster.isPresent()) {
                TopicState state = topicState;
                events = ClusterEvents.start(cluster.get(), herald, clusterOutbox.get(), topicState::flush,
                        (topic, which) -> {
                            state.deleteEvents(topic, herald.topics().forgetEvents(topic, which));
                            if (herald.topic(topic).map(t -> t.events(dev.herald.core.event.Level.OK).isEmpty())
                                    .orElse(false)) {
                                herald.topics().delete(topic); // gone here too, as on the node that deleted it
                                state.deleteTopic(topic);
                            }
                        });
                handlers.onTopicDeleted(clusterOutbox.get()::deleteTopicEverywhere);
                points = ClusterPoints.start(cluster.get(), herald, Clock.systemUTC(), events);
                new WriteApi(points::write, settings.defaultRetentionPolicy()).register(router);
                ClusterPoints drained = points;
                router.add("POST", Paths.BASE + "/cluster/drain", r -> {
                    drained.drain();
                    return Reply.noContent();
                });
            } else {
                new WriteApi(herald, settings.defaultRetentionPolicy()).register(router);
            }
            new DeadLettersApi(herald).register(router);
            new TasksApi(tasks).register(router);
            new TopicsApi(herald, handlers, topicState).register(router);
            new ConfigApi(herald.handlers(), overrides).register(router);
            new ServiceTestsApi(herald.handlers()).register(router);
            new HandlersApi(herald.handlers()).register(router);
            new WebPage().register(router);
            MetricsEndpoint metrics = new MetricsEndpoint(herald, tasks).withExtra(access::metrics);
            if (shared != null) {
                metrics.withExtra(shared::metrics);
            }
            if (points != null) {
                metrics.withExtra(points::metrics);
                metrics.withExtra(events::metrics);
            }
            metrics.register(router);
            http.start();
            SafeDefaults.warnIfExposed(http.address(), hardening);
            LOG.log(System.Logger.Level.INFO, "Herald " + Version.HERALD + " listening on "
                    + (http.https() ? "https://" : "http://")
                    + hostPort(http.address()) + " (config: " + config.source() + ", data: " + settings.dataDir()
                    + ", store: " + store.file() + ", " + tasks.tasks().size() + " tasks, " + restored
                    + " topic events restored, handler kinds: "
                    + factories.stream().map(HandlerFactory::kind).sorted().toList() + ")");
            return new HeraldServer(settings, herald, store, topicState, http, plugins, ignored,
                    Optional.ofNullable(shared), Optional.ofNullable(points), Optional.ofNullable(events));
        } catch (RuntimeException e) {
            if (points != null) {
                points.close();
            }
            if (events != null) {
                events.close();
            }
            if (shared != null) {
                shared.close();
            }
            http.close();
            herald.close(java.time.Duration.ofSeconds(1));
            if (topicState != null) {
                topicState.close();
            }
            if (store != null) {
                store.close();
            }
            if (e instanceof StartupException se) {
                throw se;
            }
            throw new StartupException("start-up failed: " + e.getMessage(), e);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return host + ":" + a.getPort();
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:9092}. */
    public URI url() {
        InetSocketAddress a = http.address();
        String host = a.getAddress() == null || a.getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : hostPort(a).substring(0, hostPort(a).lastIndexOf(':'));
        return URI.create((http.https() ? "https://" : "http://") + host + ":" + a.getPort());
    }

    /** The port the API listens on. */
    public int port() {
        return http.address().getPort();
    }

    /** HTTP connections open now (for tests of the connection limit). */
    int openConnections() {
        return http.openConnections();
    }

    /** The data directory. */
    public Path dataDir() {
        return settings.dataDir();
    }

    /** Plugin jars or factories that were skipped, with the reason. */
    public List<String> pluginProblems() {
        return plugins.problems();
    }

    /** Config sections and top-level keys that were ignored. */
    public Set<String> ignoredConfig() {
        return ignored;
    }

    /** The engine (for embedding programs and tests). */
    public Herald engine() {
        return herald;
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "shutting down: draining handler queues for at most "
                + TimeText.format(settings.shutdownGrace()));
        try {
            http.close();
            points.ifPresent(ClusterPoints::close);
            events.ifPresent(e -> e.close(settings.shutdownGrace()));
            shared.ifPresent(SharedDefinitions::close);
            herald.close(settings.shutdownGrace());
            topicState.close();
            store.close();
            for (PluginLoader.Plugin p : plugins.plugins()) {
                try {
                    p.loader().close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing plugin " + p.jar() + ": " + e);
                }
            }
            LOG.log(System.Logger.Level.INFO, "stopped");
        } finally {
            stopped.countDown();
        }
    }
}
