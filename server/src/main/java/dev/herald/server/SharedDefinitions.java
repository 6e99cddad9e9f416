package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Cluster mode's shared definitions: tasks, templates, topic handlers and config overrides live in one compacted
 * Kafka topic ({@code <application-id>-definitions}, one partition, so every node sees one order), keyed by table,
 * group and key; a deletion is a tombstone. Every definition this node stores is sent there before the API call that
 * made it returns; every record of the topic (this node's own included) is applied here when it differs from what
 * this node stores, so all nodes converge on the topic's last word for each key. The embedded store stays each
 * node's copy: a node starts from it, then catches up from the topic.
 */
final class SharedDefinitions implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.cluster");
    private static final char SEPARATOR = '\u0000';

    /** Applies one change that came from the topic to this node's engine and store. */
    @FunctionalInterface
    interface Applier {
        void apply(Store.Change change);
    }

    private final ClusterSettings settings;
    private final Store store;
    private final Applier applier;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lag;
    private Thread reader;

    private SharedDefinitions(ClusterSettings settings, Store store, Applier applier) {
        this.settings = settings;
        this.store = store;
        this.applier = applier;
        this.partition = new TopicPartition(settings.definitionsTopic(), 0);
        producer = ClusterKafka.producer(settings, "definitions", Map.of());
        consumer = ClusterKafka.consumer(settings, "definitions-reader", Map.of());
    }

    /**
     * Joins the cluster: creates the topic when absent, applies every definition the topic holds that this node
     * does not store alike, sends the definitions only this node has (a new node's handler files and load
     * directory), then follows the topic in the background and sends every later change.
     *
     * @throws StartupException when Kafka cannot be reached within {@code timeout}
     */
    static SharedDefinitions join(ClusterSettings settings, Store store, Applier applier, Duration timeout) {
        createTopic(settings);
        SharedDefinitions shared = new SharedDefinitions(settings, store, applier);
        try {
            shared.catchUp(timeout);
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
        return shared;
    }

    private static void createTopic(ClusterSettings settings) {
        ClusterKafka.createTopic(settings, new NewTopic(settings.definitionsTopic(), Optional.of(1),
                settings.replicationFactor()).configs(Map.of("cleanup.policy", "compact",
                "min.compaction.lag.ms", "60000")));
    }

    private void catchUp(Duration timeout) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        Set<String> inTopic = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() - deadline > 0) {
                throw new StartupException("[cluster] could not read the definitions topic "
                        + settings.definitionsTopic() + " to its end within " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                inTopic.add(r.key());
                apply(r);
            }
        }
        int published = 0;
        for (Store.Table table : Store.Table.values()) {
            if (!table.definition) {
                continue;
            }
            for (Store.Row row : store.list(table)) {
                Store.Change change = new Store.Change(table, row.group(), row.key(), Optional.of(row.doc()));
                if (!inTopic.contains(key(change))) {
                    send(change);
                    published++;
                }
            }
        }
        store.onDefinitionChange(this::send);
        reader = new Thread(this::follow, "herald-cluster-definitions");
        reader.setDaemon(true);
        reader.start();
        LOG.log(System.Logger.Level.INFO, "joined cluster " + settings.applicationId() + " as " + settings.nodeId()
                + ": " + applied.get() + " definition(s) applied from " + settings.definitionsTopic() + ", "
                + published + " sent that only this node had");
    }

    private void follow() {
        try {
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    apply(r);
                }
                lag = consumer.currentLag(partition).orElse(0); // from the last fetch: no request of its own
            }
        } catch (WakeupException closing) {
            // close()
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "stopped following " + settings.definitionsTopic() + ": " + e);
        }
    }

    /** Applies a record unless this node already stores the same. */
    private void apply(ConsumerRecord<String, String> r) {
        Store.Change change;
        try {
            change = change(r.key(), r.value());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "skipping unreadable definition at offset " + r.offset() + " of "
                    + settings.definitionsTopic() + ": " + e.getMessage());
            return;
        }
        if (store.get(change.table(), change.group(), change.key()).equals(change.doc())) {
            return;
        }
        try {
            store.quietly(() -> applier.apply(change));
            applied.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "cannot apply " + describe(change) + " from the cluster: "
                    + e.getMessage());
        }
    }

    /**
     * Sends a change this node made and waits for Kafka's acknowledgement, so a definition the API accepted is in
     * the cluster when the call returns.
     *
     * @throws ApiException (503) when Kafka does not take it: the definition is then stored on this node only
     */
    private void send(Store.Change change) {
        String value = change.doc().map(doc -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("node", settings.nodeId());
            n.put("doc", doc);
            return Json.compact(n);
        }).orElse(null);
        ClusterKafka.awaitAcks(List.of(producer.send(new ProducerRecord<>(settings.definitionsTopic(), 0,
                key(change), value))), cause -> {
                    failed.incrementAndGet();
                    return new ApiException(503, describe(change) + " is stored on this node but could not be shared "
                            + "with the cluster (Kafka " + settings.bootstrapServers() + "): " + cause.getMessage());
                });
        sent.incrementAndGet();
    }

    static String key(Store.Change change) {
        return change.table().name + SEPARATOR + change.group() + SEPARATOR + change.key();
    }

    static Store.Change change(String key, String value) {
        String[] parts = key.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("key is not table, group and key");
        }
        Store.Table table = null;
        for (Store.Table t : Store.Table.values()) {
            if (t.definition && t.name.equals(parts[0])) {
                table = t;
            }
        }
        if (table == null) {
            throw new IllegalArgumentException("unknown definition table \"" + parts[0] + "\"");
        }
        Optional<String> doc = Optional.empty();
        if (value != null) {
            JsonNode n = Json.tree(value);
            if (!n.path("doc").isTextual()) {
                throw new IllegalArgumentException("value has no \"doc\"");
            }
            doc = Optional.of(n.get("doc").asText());
        }
        return new Store.Change(table, parts[1], parts[2], doc);
    }

    private static String describe(Store.Change change) {
        String what = switch (change.table()) {
            case TASKS -> "task " + change.key();
            case TEMPLATES -> "template " + change.key();
            case TOPIC_HANDLERS -> "topic handler " + change.group() + "/" + change.key();
            case CONFIG_OVERRIDES -> "config override [" + change.group() + "] " + change.key();
            default -> change.table().name + " " + change.key();
        };
        return (change.doc().isPresent() ? "" : "the deletion of ") + what;
    }

    /** Prometheus lines for {@code /metrics}. */
    List<String> metrics() {
        return new ClusterMetrics(settings)
                .counter("herald_cluster_definitions_applied_total", "Definitions made on other nodes applied here.",
                        applied.get())
                .counter("herald_cluster_definitions_sent_total", "Definitions made here sent to the cluster.",
                        sent.get())
                .counter("herald_cluster_definitions_failed_total", "Definitions not sent or not applicable here.",
                        failed.get())
                .gauge("herald_cluster_definitions_lag", "Records of the definitions topic not yet read.", lag)
                .lines();
    }

    @Override
    public void close() {
        store.onDefinitionChange(change -> { });
        consumer.wakeup();
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(Duration.ofSeconds(2));
        producer.close(Duration.ofSeconds(2));
    }
}
