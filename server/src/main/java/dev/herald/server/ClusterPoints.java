package dev.herald.server;

import dev.herald.engine.Herald;
import dev.herald.engine.Point;
import dev.herald.engine.pipeline.PartitionKeys;
import dev.herald.engine.influxdb.LineProtocolWriter;
import dev.herald.engine.lineprotocol.LineProtocolParser;
import dev.herald.engine.lineprotocol.ParseResult;
import dev.herald.engine.lineprotocol.Precision;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Cluster mode's points: a node's {@code /write} parses the body (rejected lines are answered as alone) and sends its
 * points as line protocol in nanoseconds, one record per partition (database and retention policy in headers), to
 * {@code <application-id>-points}, each point in the partition of its key, chosen so that no group of any task spans two partitions
 * ({@link dev.herald.engine.pipeline.PartitionKeys}: the measurement and the tags every task reading it groups by,
 * coarser when a task reads several measurements); the write is acknowledged once Kafka has them all. Every node
 * is a member of the consumer group {@code <application-id>-evaluators}: it evaluates the points of the partitions it
 * owns in its engine, makes the events they raised durable in its outbox, and only then commits the offsets, so a
 * node that stops mid-stream leaves its partitions to the others from the last point whose events are safe.
 */
final class ClusterPoints implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.cluster");

    private final ClusterSettings settings;
    private final Herald herald;
    private final Clock clock;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Thread evaluator;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong evaluated = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong groupsRestored = new AtomicLong();
    private volatile List<TopicPartition> owned = List.of();
    private volatile long lag;
    private volatile boolean draining;
    /** Released when evaluation stops, ending a back-off after a failed round at once. */
    private final java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);

    private final ClusterEvents events;
    /** A record of lines is sent once it reaches this size (Kafka's default request limit is 1 MB). */
    private static final int RECORD_BYTES = 256 * 1024;
    private final int partitions;

    private ClusterPoints(ClusterSettings settings, Herald herald, Clock clock, ClusterEvents events) {
        this.settings = settings;
        this.events = events;
        this.herald = herald;
        this.clock = clock;
        producer = ClusterKafka.producer(settings, "points", Map.of(ProducerConfig.LINGER_MS_CONFIG, "2"));
        consumer = ClusterKafka.consumer(settings, "evaluator", Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.applicationId() + "-evaluators",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        partitions = producer.partitionsFor(settings.pointsTopic()).size();
        evaluator = new Thread(this::evaluate, "herald-cluster-evaluator");
        evaluator.setDaemon(true);
    }

    /** Creates the points topic when absent and joins the evaluators' group. */
    static ClusterPoints start(ClusterSettings settings, Herald herald, Clock clock, ClusterEvents events) {
        ClusterKafka.createTopic(settings, new NewTopic(settings.pointsTopic(),
                Optional.of(settings.partitions()), settings.replicationFactor()));
        ClusterKafka.createTopic(settings, new NewTopic(settings.alertStateTopic(),
                Optional.of(settings.partitions()), settings.replicationFactor())
                .configs(Map.of("cleanup.policy", "compact")));
        herald.trackAlertState();
        ClusterPoints points = new ClusterPoints(settings, herald, clock, events);
        points.consumer.subscribe(List.of(settings.pointsTopic()), points.new Ownership());
        points.evaluator.start();
        return points;
    }

    /**
     * Sends the body's good points to the cluster and waits until Kafka has every one.
     *
     * @throws ApiException (503) when Kafka does not take them; the client keeps its points and writes again
     */
    ParseResult write(String body, String database, String retentionPolicy, Precision precision) {
        ParseResult result = LineProtocolParser.parse(body, database, retentionPolicy, precision, clock.instant());
        RecordHeaders headers = new RecordHeaders();
        headers.add("db", database.getBytes(StandardCharsets.UTF_8));
        headers.add("rp", retentionPolicy.getBytes(StandardCharsets.UTF_8));
        // One record per partition per write (split beyond RECORD_BYTES), not one per point: a Kafka record costs
        // far more than a line of line protocol. The partition is the default partitioner's for the point's key, so
        // the lines of one key stay in one partition, in order.
        PartitionKeys keys = herald.partitionKeys();
        StringBuilder[] batches = new StringBuilder[partitions];
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Point point : result.points()) {
            int partition = partition(keys.key(point.name(), point.tags()));
            StringBuilder batch = batches[partition];
            if (batch == null) {
                batch = batches[partition] = new StringBuilder(4096);
            }
            LineProtocolWriter.append(batch, point.name(), point.tags(), point.fields(), point.time(), "n");
            if (batch.length() >= RECORD_BYTES) {
                acks.add(send(partition, batch, headers));
            }
        }
        for (int p = 0; p < partitions; p++) {
            if (batches[p] != null && batches[p].length() > 0) {
                acks.add(send(p, batches[p], headers));
            }
        }
        ClusterKafka.awaitAcks(acks, cause -> new ApiException(503, "write refused: the cluster's Kafka ("
                + settings.bootstrapServers() + ") did not take the points: " + cause.getMessage()));
        sent.addAndGet(result.points().size());
        return result;
    }

    private Future<RecordMetadata> send(int partition, StringBuilder lines, RecordHeaders headers) {
        String value = lines.toString();
        lines.setLength(0);
        return producer.send(new ProducerRecord<>(settings.pointsTopic(), partition, (String) null, value, headers));
    }

    /** The partition Kafka's default partitioner gives {@code key}. */
    private int partition(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void evaluate() {
        while (true) {
            try {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    int points = 0;
                    List<Future<RecordMetadata>> changelog = new ArrayList<>();
                    for (ConsumerRecord<String, String> r : records) {
                        points += evaluate(r);
                        logAlertState(r.partition(), changelog);
                    }
                    ClusterKafka.awaitAcks(changelog, cause -> new IllegalStateException("the alert state "
                            + "changelog did not take a record: " + cause, cause));
                    herald.commit(); // the events these points raised are durable before their offsets move on
                    consumer.commitSync();
                    evaluated.addAndGet(points);
                }
                updateLag();
            } catch (WakeupException closing) {
                return; // close()
            } catch (RuntimeException e) {
                // Never stop while still a member of the group: its partitions would be nobody's. Read again from
                // the last committed offsets (points evaluated since may raise their events again: at least once).
                failures.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, "evaluating the cluster's points failed, reading again from the "
                        + "last committed offsets in 1 s: " + e);
                try {
                    if (stopping.await(1, TimeUnit.SECONDS)) {
                        return; // close() or drain() while backing off
                    }
                    rewind();
                } catch (WakeupException closing) {
                    return;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void rewind() {
        try {
            Set<TopicPartition> mine = consumer.assignment();
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    consumer.committed(mine);
            for (TopicPartition tp : mine) {
                var at = committed.get(tp);
                if (at == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, at);
                }
            }
        } catch (WakeupException closing) {
            throw closing;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not rewind to the committed offsets: " + e);
        }
    }

    /** Evaluates the record's lines; returns how many points it held. */
    private int evaluate(ConsumerRecord<String, String> r) {
        String db = header(r, "db");
        String rp = header(r, "rp");
        ParseResult parsed = LineProtocolParser.parse(r.value(), db, rp, Precision.NANOSECONDS, clock.instant());
        if (!parsed.errors().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "skipping unreadable point at " + r.topic() + "-" + r.partition()
                    + "@" + r.offset() + ": " + parsed.errors().get(0).message());
        }
        for (Point point : parsed.points()) {
            herald.write(point);
        }
        return parsed.points().size();
    }

    /** Sends the state of every alert group the record's points changed to the changelog, in the record's partition. */
    private void logAlertState(int partition, List<Future<RecordMetadata>> acks) {
        herald.drainAlertState(s -> acks.add(producer.send(new ProducerRecord<>(settings.alertStateTopic(),
                partition, s.taskId() + '\u0000' + s.node() + '\u0000' + s.groupId(),
                java.util.Base64.getEncoder().encodeToString(s.state())))));
    }

    /**
     * Reads the changelog's partitions of {@code partitions} to their end and restores the latest state of each
     * alert group in them; returns how many.
     */
    private int restoreAlertState(Collection<TopicPartition> partitions) {
        List<TopicPartition> state = partitions.stream().map(tp -> new TopicPartition(settings.alertStateTopic(),
                tp.partition())).toList();
        Map<String, String> latest = new java.util.HashMap<>();
        try (KafkaConsumer<String, String> reader = ClusterKafka.consumer(settings, "state-restore", Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"))) {
            reader.assign(state);
            reader.seekToBeginning(state);
            Map<TopicPartition, Long> ends = reader.endOffsets(state, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (state.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the alert state changelog was not read to its end in 60 s");
                }
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), r.value());
                }
            }
        }
        int restored = 0;
        for (Map.Entry<String, String> e : latest.entrySet()) {
            String[] key = e.getKey().split("\u0000", 3);
            try {
                herald.restoreAlertState(new Herald.AlertGroupState(key[0], key[1], key[2],
                        java.util.Base64.getDecoder().decode(e.getValue())));
                restored++;
            } catch (RuntimeException bad) {
                LOG.log(System.Logger.Level.WARNING, "skipping unreadable alert state " + e.getKey().replace('\u0000',
                        '/') + ": " + bad.getMessage());
            }
        }
        return restored;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Ownership and lag from the consumer's own state: no request to Kafka on the evaluation path. */
    private void updateLag() {
        List<TopicPartition> mine = consumer.assignment().stream()
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        owned = mine;
        long total = 0;
        for (TopicPartition tp : mine) {
            total += consumer.currentLag(tp).orElse(0);
        }
        lag = total;
    }

    /** Keeps {@link #owned} current and commits what was evaluated before a partition goes to another node. */
    private final class Ownership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            update(partitions);
            herald.commit();
            consumer.commitSync();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            update(partitions); // already another node's: nothing to commit
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            update(List.of());
            if (!partitions.isEmpty()) {
                // Groups of these partitions may have changed level on another node since this one last had them:
                // start every group again from its topic's latest event, once this node has read every event
                // raised so far (the previous owner's included: it committed its points only after Kafka had them).
                if (!events.awaitRead(events.ends(), Duration.ofSeconds(30))) {
                    LOG.log(System.Logger.Level.WARNING, "the events topic was not read to its end within 30 s; "
                            + "alert groups of partitions " + partitions + " may start from an older level");
                }
                herald.forgetAlertState();
                // then each group as its changelog left it (levels, flapping, trigger times); a group it has no
                // record of starts from its topic's latest event
                Collection<TopicPartition> mine = consumer.assignment();
                int restored = restoreAlertState(mine);
                groupsRestored.addAndGet(restored);
                LOG.log(System.Logger.Level.INFO, "restored " + restored + " alert group(s) of partitions " + owned
                        + " from " + settings.alertStateTopic());
            }
            LOG.log(System.Logger.Level.INFO, "evaluating partitions " + owned + " of " + settings.pointsTopic());
        }

        /** The assignment without {@code going} (still part of it while their revocation runs). */
        private void update(Collection<TopicPartition> going) {
            owned = consumer.assignment().stream().filter(tp -> !going.contains(tp))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        }
    }

    /** Prometheus lines for {@code /metrics}: partitions owned, lag, points sent and evaluated. */
    List<String> metrics() {
        return new ClusterMetrics(settings)
                .counter("herald_cluster_points_sent_total", "Points this node's /write sent to the cluster.",
                        sent.get())
                .counter("herald_cluster_points_evaluated_total", "Points of the partitions this node owns, "
                        + "evaluated here.", evaluated.get())
                .gauge("herald_cluster_points_lag", "Points of this node's partitions not yet evaluated.", lag)
                .counter("herald_cluster_points_failures_total", "Evaluation rounds that failed and were read again.",
                        failures.get())
                .counter("herald_cluster_alert_groups_restored_total", "Alert groups restored from the changelog "
                        + "when this node took partitions over.", groupsRestored.get())
                .gauge("herald_cluster_draining", "1 once the node was drained (POST /kapacitor/v1/cluster/drain).",
                        draining ? 1 : 0)
                .partitions("herald_cluster_partition_owned", "1 for each partition of the points topic this node "
                        + "evaluates.", owned.stream().map(TopicPartition::partition).toList())
                .lines();
    }

    /**
     * Stops evaluating: commits what was evaluated and leaves the group, so this node's partitions go to the others at
     * once; {@code /write} still takes points (they go to Kafka) and the outbox still delivers what was raised here,
     * so the node can be removed once its lanes are empty. Idempotent.
     */
    synchronized void drain() {
        if (draining) {
            return;
        }
        draining = true;
        stopEvaluating();
        LOG.log(System.Logger.Level.INFO, "draining: left the evaluators' group; partitions " + owned
                + " go to the other nodes");
        owned = List.of();
        lag = 0;
    }

    boolean draining() {
        return draining;
    }

    /** Leaves the group (its partitions go to the other nodes at once) after committing what was evaluated. */
    @Override
    public synchronized void close() {
        if (!draining) {
            stopEvaluating();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private void stopEvaluating() {
        stopping.countDown();
        consumer.wakeup();
        try {
            evaluator.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            herald.commit();
            consumer.commitSync(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not commit the last evaluated points: " + e.getMessage());
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
