package dev.herald.engine;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.topic.Topic;
import dev.herald.engine.alert.AlertNode;
import dev.herald.engine.alert.Inhibitors;
import dev.herald.engine.dispatch.DeliveryMetrics;
import dev.herald.engine.dispatch.DeliveryPolicy;
import dev.herald.engine.dispatch.Dispatcher;
import dev.herald.engine.handler.HandlerRegistry;
import dev.herald.engine.lineprotocol.LineProtocolParser;
import dev.herald.engine.lineprotocol.ParseResult;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.outbox.DeadLetter;
import dev.herald.engine.outbox.DeadLetterStore;
import dev.herald.engine.outbox.Outbox;
import dev.herald.engine.outbox.SegmentLog;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.task.TaskPipeline;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.Program;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.topic.TopicHandlerSpec;
import dev.herald.engine.topic.TopicRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Herald engine, embeddable in any JVM program: define TICKscript tasks and topic handlers, write points, read
 * topics. Handlers come from {@link java.util.ServiceLoader} unless given.
 *
 * <pre>{@code
 * try (Herald herald = Herald.builder().build()) {
 *     herald.defineTask(TaskSpec.stream("cpu_alert",
 *         "stream|from().measurement('cpu')|alert().crit(lambda: \"usage_idle\" < 10).log('/tmp/alerts.log')"));
 *     herald.write("cpu,host=a usage_idle=5", "telegraf", "autogen", Precision.NANOSECONDS);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Writes are evaluated on the caller's thread, one writer per task at a time; delivery to handlers is
 * asynchronous and never blocks writes.
 */
public final class Herald implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.engine");

    /**
     * The JDK's HTTP client completes every {@code sendAsync} through CompletableFuture's default executor, which on
     * a machine with fewer than three cores is a new thread per task (the common pool's parallelism is then 1):
     * a thread started for every HTTP delivery, four times slower than a plain send loop on two cores. A
     * parallelism of 2 makes it the common pool. Set before the pool exists (the server's main does it first thing;
     * an embedding program that already used the common pool keeps its own setting).
     */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    static {
        useCommonPoolForAsyncCompletions();
    }

    /** Sets the common pool's parallelism to at least 2 unless it is configured; see {@link #COMMON_POOL_PARALLELISM}. */
    public static void useCommonPoolForAsyncCompletions() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }

    private final HandlerRegistry handlers;
    private final Dispatcher dispatcher;
    private final TopicRegistry topics;
    private final Inhibitors inhibitors = new Inhibitors();
    private final Clock clock;
    private final EngineMetrics metrics = new EngineMetrics();
    private final dev.herald.engine.influxdb.InfluxDbClusters influxdb;
    private final java.util.concurrent.ExecutorService loopbackWriter =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "herald-loopback");
                t.setDaemon(true);
                return t;
            });
    private final Map<String, TaskEntry> tasks = new ConcurrentHashMap<>();
    /** The enabled tasks' parsed scripts, for {@link #partitionKeys()}; guarded by {@code tasks}. */
    private final Map<String, Program> programs = new java.util.HashMap<>();
    private volatile dev.herald.engine.pipeline.PartitionKeys partitionKeys =
            dev.herald.engine.pipeline.PartitionKeys.of(List.of());

    private static final class TaskEntry {
        final TaskSpec spec;
        final Instant created;
        final Instant modified;
        final TaskPipeline pipeline;
        final Optional<String> error;
        final List<String> nodes;

        TaskEntry(TaskSpec spec, Instant created, Instant modified, TaskPipeline pipeline, Optional<String> error,
                List<String> nodes) {
            this.spec = spec;
            this.created = created;
            this.modified = modified;
            this.pipeline = pipeline;
            this.error = error;
            this.nodes = nodes;
        }
    }

    private Herald(Builder builder) {
        this.clock = builder.clock;
        this.dispatcher = builder.outbox != null
                ? new Dispatcher(builder.policy, builder.outbox, builder.deadLetters)
                : new Dispatcher(builder.policy);
        List<HandlerFactory<?, ?>> factories = builder.factories != null ? builder.factories
                : HandlerRegistry.discover(builder.loader);
        HttpClient client = builder.httpClient != null ? builder.httpClient
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(30)).build();
        HandlerContext[] context = new HandlerContext[1];
        TopicRegistry[] topicRef = new TopicRegistry[1];
        context[0] = new HandlerContext(client, clock, System.getLogger("dev.herald.handler"),
                builder.policy.callTimeout(), (topic, event) -> topicRef[0].publish(topic, event), builder.apiUrl);
        this.handlers = new HandlerRegistry(factories, context[0]);
        this.influxdb = new dev.herald.engine.influxdb.InfluxDbClusters(builder.influxdb, client, dispatcher,
                clock);
        this.topics = new TopicRegistry(handlers, dispatcher);
        topicRef[0] = topics;
        topics.onPublished(event -> metrics.event(event.level()));
        for (Map.Entry<String, List<Map<String, Object>>> section : builder.sections.entrySet()) {
            handlers.configure(section.getKey(), section.getValue());
        }
    }

    /** A builder with ServiceLoader discovery, the UTC clock and the default delivery policy. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Herald}. */
    public static final class Builder {
        private List<HandlerFactory<?, ?>> factories;
        private ClassLoader loader = Herald.class.getClassLoader();
        private Clock clock = Clock.systemUTC();
        private DeliveryPolicy policy = DeliveryPolicy.DEFAULT;
        private HttpClient httpClient;
        private String apiUrl = "";
        private List<Map<String, Object>> influxdb = List.of();
        private Outbox outbox;
        private DeadLetterStore deadLetters;
        private final Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();

        private Builder() {
        }

        /** Uses exactly these handler factories instead of ServiceLoader discovery. */
        public Builder handlers(List<? extends HandlerFactory<?, ?>> given) {
            this.factories = List.copyOf(given);
            return this;
        }

        /** Discovers handler factories with ServiceLoader over {@code classLoader} (e.g. one that sees plugins). */
        public Builder handlerClassLoader(ClassLoader classLoader) {
            this.loader = Objects.requireNonNull(classLoader);
            return this;
        }

        /** The clock (deadman checks, handler contexts). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** Queues, timeouts and retries of delivery. */
        public Builder deliveryPolicy(DeliveryPolicy value) {
            this.policy = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Keeps every event bound for a handler in {@code outbox} until it is delivered, and events given up in
         * {@code deadLetters}; events the outbox recovered are delivered when their lanes are defined again. The
         * default is memory for both: nothing survives the process.
         */
        public Builder outbox(Outbox value, DeadLetterStore deadLetters) {
            this.outbox = Objects.requireNonNull(value);
            this.deadLetters = Objects.requireNonNull(deadLetters);
            return this;
        }

        /**
         * Durable delivery in {@code dir}: a {@link SegmentLog} in {@code dir/outbox} and dead letters in
         * {@code dir/deadletters.log}.
         *
         * @throws dev.herald.engine.outbox.OutboxException when the directory cannot be used
         */
        public Builder dataDir(java.nio.file.Path dir) {
            return outbox(SegmentLog.open(dir.resolve("outbox"), 64L << 20, false),
                    DeadLetterStore.open(dir.resolve("deadletters.log")));
        }

        /** The HTTP client shared by HTTP handlers. */
        public Builder httpClient(HttpClient value) {
            this.httpClient = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The API base URL of the server embedding the engine ({@code http://127.0.0.1:9092/kapacitor/v1}), given
         * to handlers that link back to it (PagerDuty's {@code client_url}); none by default.
         */
        public Builder apiUrl(String value) {
            this.apiUrl = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The {@code [[influxdb]]} elements (as parsed from kapacitor.conf) that {@code |influxDBOut()} writes to.
         *
         * @throws dev.herald.core.config.ConfigException when an element does not fit, at {@link #build()}
         */
        public Builder influxdb(List<Map<String, Object>> elements) {
            this.influxdb = List.copyOf(elements);
            return this;
        }

        /** Configures a handler service section ({@code slack}) with its elements, as from kapacitor.conf. */
        public Builder configure(String section, List<Map<String, Object>> elements) {
            sections.put(section, List.copyOf(elements));
            return this;
        }

        /** Configures a single-element section. */
        public Builder configure(String section, Map<String, Object> values) {
            return configure(section, List.of(values));
        }

        /** The engine. */
        public Herald build() {
            return new Herald(this);
        }
    }

    // ---- tasks --------------------------------------------------------------------------------------------------

    /**
     * Defines (or redefines) a task. The script is parsed and, when the task is enabled, started; a script that
     * cannot run is rejected whether or not the task is enabled.
     *
     * @throws dev.herald.engine.tick.TickscriptException naming line and column of what is wrong
     */
    public TaskState defineTask(TaskSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (!spec.id().matches("^[-\\._\\p{L}0-9]+$")) {
            throw new IllegalArgumentException("invalid task id \"" + spec.id()
                    + "\": use letters, digits, '-', '.' and '_' only");
        }
        if (!spec.type().equals("stream") && !spec.type().equals("batch")) {
            throw new IllegalArgumentException("invalid task type \"" + spec.type() + "\": stream or batch");
        }
        Program program = Tickscript.parse(spec.script(), spec.vars());
        if (spec.dbrps().isEmpty() && !program.dbrps().isEmpty()) {
            // As Kapacitor: a script's own dbrp statements apply when the definition names none.
            spec = new TaskSpec(spec.id(), spec.type(), program.dbrps().stream()
                    .map(d -> new dev.herald.engine.task.Dbrp(d.database(), d.retentionPolicy())).toList(), spec.script(),
                    spec.enabled(), spec.vars());
        }
        synchronized (tasks) {
            TaskEntry previous = tasks.get(spec.id());
            TaskPipeline pipeline = TaskPipeline.compile(program, spec, taskContext(spec));
            if (trackAlertState) {
                pipeline.alertNodes().forEach(AlertNode::trackChanges);
            }
            List<String> nodes = pipeline.nodeNames();
            if (!spec.enabled()) {
                pipeline.close();
                pipeline = null;
            }
            if (previous != null && previous.pipeline != null) {
                synchronized (previous.pipeline) {
                    previous.pipeline.close();
                }
            }
            Instant now = clock.instant();
            TaskEntry entry = new TaskEntry(spec, previous == null ? now : previous.created, now, pipeline,
                    Optional.empty(), nodes);
            tasks.put(spec.id(), entry);
            if (spec.enabled()) {
                programs.put(spec.id(), program);
            } else {
                programs.remove(spec.id());
            }
            partitionKeys = dev.herald.engine.pipeline.PartitionKeys.of(List.copyOf(programs.values()));
            return state(entry);
        }
    }

    private TaskContext taskContext(TaskSpec spec) {
        return new TaskContext(spec.id(), handlers, topics, inhibitors, clock, dispatcher.scheduler(),
                System.getLogger("dev.herald.task." + spec.id()), spec.dbrps(), this::loopback, influxdb);
    }

    /**
     * A point a task writes back (kapacitorLoopback), evaluated on the loopback thread after the write that made it,
     * as Kapacitor's loopback goes through its write path: never inside the writing task's evaluation, so two tasks
     * feeding each other cannot deadlock.
     */
    private void loopback(Point point) {
        try {
            loopbackWriter.execute(() -> {
                try {
                    write(point);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "failed to write point over loopback: " + e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.WARNING, "loopback point after shutdown not written: " + point.name());
        }
    }

    private static TaskState state(TaskEntry e) {
        return new TaskState(e.spec, e.pipeline != null, e.error, e.created, e.modified, e.nodes);
    }

    /** Starts task {@code id}. @throws IllegalArgumentException when there is no such task */
    public TaskState enableTask(String id) {
        return defineTask(require(id).spec.withEnabled(true));
    }

    /** Stops task {@code id}; its alert state is kept in its topics. */
    public TaskState disableTask(String id) {
        return defineTask(require(id).spec.withEnabled(false));
    }

    /** Deletes task {@code id} and its anonymous topics; false when there was none. */
    public boolean deleteTask(String id) {
        synchronized (tasks) {
            TaskEntry entry = tasks.remove(id);
            if (entry == null) {
                return false;
            }
            if (programs.remove(id) != null) {
                partitionKeys = dev.herald.engine.pipeline.PartitionKeys.of(List.copyOf(programs.values()));
            }
            if (entry.pipeline != null) {
                synchronized (entry.pipeline) {
                    for (AlertNode alert : entry.pipeline.alertNodes()) {
                        alert.deleteAnonymousTopic();
                    }
                    entry.pipeline.close();
                }
            } else {
                String prefix = TaskContext.TASK_MASTER_ID + ":" + id + ":";
                for (String topic : topics.topicIds()) {
                    if (topic.startsWith(prefix)) {
                        topics.delete(topic);
                    }
                }
            }
            return true;
        }
    }

    private TaskEntry require(String id) {
        TaskEntry entry = tasks.get(id);
        if (entry == null) {
            throw new IllegalArgumentException("no task exists with id \"" + id + "\"");
        }
        return entry;
    }

    /** Task {@code id}. */
    public Optional<TaskState> task(String id) {
        return Optional.ofNullable(tasks.get(id)).map(Herald::state);
    }

    /** All tasks, sorted by id. */
    public List<TaskState> tasks() {
        return tasks.values().stream().map(Herald::state)
                .sorted(java.util.Comparator.comparing(t -> t.spec().id())).toList();
    }

    /** The alert nodes of a running task (tests and memory measurements). */
    public List<AlertNode> alertNodes(String taskId) {
        TaskEntry entry = tasks.get(taskId);
        return entry == null || entry.pipeline == null ? List.of() : entry.pipeline.alertNodes();
    }

    // ---- data ---------------------------------------------------------------------------------------------------

    /**
     * Writes line protocol. Malformed lines are rejected with their line number; the good lines still go in. Returns
     * once every event the points raised is durable in the outbox (one sync for the whole write).
     *
     * @return the parse result: points written and errors per rejected line
     * @throws dev.herald.engine.outbox.OutboxException when the outbox cannot be written: the write must be refused
     */
    public ParseResult write(String lineProtocol, String database, String retentionPolicy, Precision precision) {
        dispatcher.outboxFailure().ifPresent(reason -> {
            throw new dev.herald.engine.outbox.OutboxException(reason, null);
        });
        ParseResult result = LineProtocolParser.parse(lineProtocol, database, retentionPolicy, precision,
                clock.instant());
        metrics.rejected(result.errors().size());
        for (Point point : result.points()) {
            write(point);
        }
        commit();
        return result;
    }

    /**
     * Makes every event published so far, and every batch influxDBOut nodes hold, durable in the outbox
     * ({@link #write(Point)} does not; the line-protocol write does).
     *
     * @throws dev.herald.engine.outbox.OutboxException when the outbox cannot be written
     */
    public void commit() {
        dispatcher.commit();
    }

    /**
     * How a cluster keys points so that no group of any enabled task spans two partitions (see
     * {@link dev.herald.engine.pipeline.PartitionKeys}); follows every task definition.
     */
    public dev.herald.engine.pipeline.PartitionKeys partitionKeys() {
        return partitionKeys;
    }

    /** Writes one point to every enabled task that reads its database and retention policy. */
    public void write(Point point) {
        metrics.pointIn();
        int evaluated = 0;
        for (TaskEntry entry : tasks.values()) {
            TaskPipeline pipeline = entry.pipeline;
            if (pipeline == null || !pipeline.reads(point.database(), point.retentionPolicy())) {
                continue;
            }
            synchronized (pipeline) {
                pipeline.write(point);
            }
            evaluated++;
        }
        metrics.evaluated(evaluated);
    }

    /**
     * Forgets the state of every alert group of every task; each group starts again from its topic's latest event
     * (its level and when it was triggered), as after a restart. See {@link AlertNode#forgetGroups()}.
     */
    public void forgetAlertState() {
        for (TaskEntry entry : tasks.values()) {
            TaskPipeline pipeline = entry.pipeline;
            if (pipeline == null) {
                continue;
            }
            synchronized (pipeline) {
                pipeline.alertNodes().forEach(AlertNode::forgetGroups);
            }
        }
    }

    /** One alert group's state as a cluster's changelog keeps it. */
    public record AlertGroupState(String taskId, String node, String groupId, byte[] state) {
    }

    private volatile boolean trackAlertState;

    /**
     * From now on, every alert node remembers which of its groups change, for {@link #drainAlertState}: a cluster
     * node writes them to its changelog after each batch of points it evaluates.
     */
    public void trackAlertState() {
        trackAlertState = true;
        for (TaskEntry entry : tasks.values()) {
            TaskPipeline pipeline = entry.pipeline;
            if (pipeline != null) {
                synchronized (pipeline) {
                    pipeline.alertNodes().forEach(AlertNode::trackChanges);
                }
            }
        }
    }

    /** Hands {@code out} the state of every alert group that changed since the last call (see trackAlertState). */
    public void drainAlertState(Consumer<AlertGroupState> out) {
        for (TaskEntry entry : tasks.values()) {
            TaskPipeline pipeline = entry.pipeline;
            if (pipeline == null) {
                continue;
            }
            synchronized (pipeline) {
                for (AlertNode node : pipeline.alertNodes()) {
                    node.drainChanges((group, state) -> out.accept(new AlertGroupState(entry.spec.id(), node.name(),
                            group, state)));
                }
            }
        }
    }

    /**
     * Makes an alert group what another node's {@link #drainAlertState} handed out; ignored when the task or node
     * does not run here (a task deleted or changed since).
     *
     * @throws IllegalArgumentException when the state is unreadable
     */
    public void restoreAlertState(AlertGroupState state) {
        TaskEntry entry = tasks.get(state.taskId());
        TaskPipeline pipeline = entry == null ? null : entry.pipeline;
        if (pipeline == null) {
            return;
        }
        synchronized (pipeline) {
            for (AlertNode node : pipeline.alertNodes()) {
                if (node.name().equals(state.node())) {
                    node.restoreGroup(state.groupId(), state.state());
                }
            }
        }
    }

    // ---- topics -------------------------------------------------------------------------------------------------

    /** Topics and their handlers. */
    public TopicRegistry topics() {
        return topics;
    }

    /** Defines (or replaces) a topic handler. See {@link TopicRegistry#define(TopicHandlerSpec)}. */
    public void defineTopicHandler(TopicHandlerSpec spec) {
        topics.define(spec);
    }

    /** Topic {@code id}. */
    public Optional<Topic> topic(String id) {
        return topics.topic(id);
    }

    /** Publishes an event raised by the embedding program into {@code topic}. */
    public void publish(String topic, AlertEvent event) {
        topics.publish(topic, event);
    }

    /** Adds an observer of every event published to any topic (called on the publishing thread). */
    public void onEvent(Consumer<AlertEvent> listener) {
        topics.onPublished(listener);
    }

    // ---- handlers, config, metrics ------------------------------------------------------------------------------

    /** Installed handler plugins, their live config and service tests. */
    public HandlerRegistry handlers() {
        return handlers;
    }

    /** Evaluation counters. */
    public EngineMetrics metrics() {
        return metrics;
    }

    /** Delivery counters per handler kind. */
    public DeliveryMetrics deliveryMetrics() {
        return dispatcher.metrics();
    }

    /** The outbox every event bound for a handler passes through. */
    public Outbox outbox() {
        return dispatcher.outbox();
    }

    /**
     * Ends recovery once every task and topic handler has been defined again: events the previous run left for
     * handlers that no longer exist become dead letters. Returns how many.
     */
    public int finishRecovery() {
        return dispatcher.finishRecovery();
    }

    /** The delivery health of every handler lane, sorted by name. */
    public List<dev.herald.engine.dispatch.LaneStatus> lanes() {
        return dispatcher.laneStatus();
    }

    /** Events handlers gave up on, oldest first. */
    public List<DeadLetter> deadLetters() {
        return dispatcher.deadLetters();
    }

    /**
     * Sends dead letter {@code id} again through its handler.
     *
     * @throws IllegalArgumentException when there is no such dead letter or its handler is gone
     */
    public DeadLetter resendDeadLetter(long id) {
        return dispatcher.resend(id);
    }

    /** Deletes dead letter {@code id}; false when there was none. */
    public boolean deleteDeadLetter(long id) {
        return dispatcher.deleteDeadLetter(id);
    }

    /** Why the outbox refuses writes, if it does. */
    public Optional<String> outboxFailure() {
        return dispatcher.outboxFailure();
    }

    /** Waits at most {@code timeout} until every handler queue is empty; false when time ran out. */
    public boolean awaitDelivery(Duration timeout) {
        try {
            topics.drained().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Stops every task, drains handler queues for at most {@code grace}, and stops delivery threads. */
    public void close(Duration grace) {
        synchronized (tasks) {
            for (TaskEntry entry : new ArrayList<>(tasks.values())) {
                if (entry.pipeline != null) {
                    entry.pipeline.close();
                }
            }
        }
        if (!awaitDelivery(grace)) {
            LOG.log(System.Logger.Level.WARNING, "handler queues not drained within {0}", grace);
        }
        loopbackWriter.shutdown();
        dispatcher.shutdown(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
