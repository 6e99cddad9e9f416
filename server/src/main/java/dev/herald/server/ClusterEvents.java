package dev.herald.server;

import dev.herald.core.event.AlertEvent;
import dev.herald.engine.Herald;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Cluster mode's events: the events topic ({@code <application-id>-events}, keyed by alert id) read twice on every
 * node. The <em>topic reader</em> reads every partition and records each event in the node's topics (topic state,
 * the console's history), so the topics API answers the same on every node; it commits its own offsets (a group of
 * its own per node) after the node's topic state is written to its store, so a restarted node catches up from there.
 * The <em>deliverer</em> is a member of {@code <application-id>-deliverers}: for the partitions it owns it queues each
 * event to the handlers of its topic, and commits an offset only once every handler is done with every event before
 * it (delivered or kept as a dead letter): at least once, and a node that stops or fails leaves the rest to another.
 */
final class ClusterEvents implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.cluster");
    /** How long a deliverer giving a partition up waits for its handlers to finish what they hold of it. */
    private static final Duration HAND_OVER = Duration.ofSeconds(10);
    /** How long an event of a task this node does not know yet waits for the task's definition. */
    private static final Duration UNKNOWN_TASK = Duration.ofSeconds(30);

    private final ClusterSettings settings;
    private final Herald herald;
    private final ClusterOutbox outbox;
    private final Runnable flushTopicState;
    private final KafkaConsumer<String, String> reader;
    private final KafkaConsumer<String, String> deliverer;
    private final Thread readerThread;
    private final Thread delivererThread;
    private final Map<Integer, Long> readTo = new ConcurrentHashMap<>();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong routed = new AtomicLong();
    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    /** Per partition taken over: the offset before which the previous owner had handed events to its handlers. */
    private final Map<TopicPartition, Long> previousOwnerReached = new ConcurrentHashMap<>();
    private static final String HANDED_OVER = "handed-over-through=";
    private final AtomicLong unroutable = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile List<TopicPartition> delivering = List.of();
    private volatile long readLag;
    private volatile long deliveryLag;
    private List<TopicPartition> all = List.of();
    private KafkaConsumer<String, String> offsets;
    private volatile boolean closing;
    /** Released by close(): ends a back-off or a wait for a task's definition at once. */
    private final java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);

    /** Forgets a deleted topic's events of one partition: the topic, and which alert ids to forget. */
    interface TopicForgetter {
        void forget(String topic, java.util.function.Predicate<String> alertIds);
    }

    private final TopicForgetter forgetter;

    private ClusterEvents(ClusterSettings settings, Herald herald, ClusterOutbox outbox, Runnable flushTopicState,
            TopicForgetter forgetter) {
        this.settings = settings;
        this.forgetter = forgetter;
        this.herald = herald;
        this.outbox = outbox;
        this.flushTopicState = flushTopicState;
        reader = ClusterKafka.consumer(settings, "topics", Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.applicationId() + "-topics-" + settings.nodeId(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        deliverer = ClusterKafka.consumer(settings, "deliverer", Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.applicationId() + "-deliverers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        readerThread = new Thread(this::read, "herald-cluster-topics");
        readerThread.setDaemon(true);
        delivererThread = new Thread(this::deliver, "herald-cluster-deliverer");
        delivererThread.setDaemon(true);
    }

    /**
     * Creates the events topic when absent (the node's {@link ClusterOutbox} forwards what its alert nodes raise to
     * it), reads it to its end into the topics (bounded by {@code [cluster] connect-timeout}), then starts delivering.
     */
    static ClusterEvents start(ClusterSettings settings, Herald herald, ClusterOutbox outbox,
            Runnable flushTopicState, TopicForgetter forgetter) {
        ClusterKafka.createTopic(settings, new NewTopic(settings.eventsTopic(), Optional.of(settings.partitions()),
                settings.replicationFactor()));
        ClusterEvents events = new ClusterEvents(settings, herald, outbox, flushTopicState, forgetter);
        events.all = events.partitions();
        events.reader.assign(events.all);
        Map<TopicPartition, Long> ends = events.reader.endOffsets(events.all, settings.connectTimeout());
        events.readerThread.start();
        if (!events.awaitRead(ends, settings.connectTimeout())) {
            LOG.log(System.Logger.Level.WARNING, "the events topic was not read to its end within "
                    + TimeText.format(settings.connectTimeout()) + "; topic state catches up as it is read");
        }
        events.deliverer.subscribe(List.of(settings.eventsTopic()), events.new Ownership());
        events.delivererThread.start();
        return events;
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> out = new ArrayList<>();
        var infos = reader.partitionsFor(settings.eventsTopic(), settings.connectTimeout());
        for (var info : infos) {
            out.add(new TopicPartition(info.topic(), info.partition()));
        }
        out.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        return out;
    }

    /**
     * Waits (at most {@code timeout}) until the topic reader has recorded every event before {@code ends}; a node
     * taking partitions of the points over does so before evaluating them, so its alert groups start from the
     * level the previous owner left.
     */
    boolean awaitRead(Map<TopicPartition, Long> ends, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (readTo) {
            while (!closing && !ends.entrySet().stream().allMatch(e -> readTo.getOrDefault(e.getKey().partition(),
                    -1L) >= e.getValue())) {
                long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (wait <= 0) {
                    return false;
                }
                try {
                    readTo.wait(wait); // the topic reader notifies after every poll, close() when it stops
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !closing;
    }

    /**
     * The end offsets of the events topic now, asked by a consumer of its own (one that reads no partition: the
     * node's other consumers each belong to one thread, and asking a group member about partitions it is not
     * assigned makes it warn).
     */
    synchronized Map<TopicPartition, Long> ends() {
        if (offsets == null) {
            // read_uncommitted: nothing here writes transactions, so the high watermark is the last stable offset,
            // and a read_committed consumer warns about every partition it was not assigned
            offsets = ClusterKafka.consumer(settings, "offsets", Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_uncommitted"));
        }
        return offsets.endOffsets(all, Duration.ofSeconds(10));
    }

    // ---- the topic reader ---------------------------------------------------------------------------------------

    private void read() {
        long lastCommit = System.nanoTime();
        boolean uncommitted = false;
        while (true) {
            try {
                ConsumerRecords<String, String> records = reader.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : records) {
                    if (isTopicDeletion(r)) {
                        // this partition's events of the topic end here: forget the alerts whose id lives in it
                        int partitions = all.size();
                        String deleted = r.value();
                        forgetter.forget(deleted, id -> partitionOf(id, partitions) == r.partition()
                                && !outbox.unread(deleted, id)); // raised here after the deletion: newer
                        uncommitted = true;
                        continue;
                    }
                    AlertEvent event;
                    try {
                        event = EventCodec.decode(r.value());
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "skipping unreadable event at " + r.topic() + "-"
                                + r.partition() + "@" + r.offset() + ": " + e.getMessage());
                        continue;
                    }
                    boolean own = outbox.origin().equals(header(r, "origin"));
                    if (own) {
                        outbox.readBack(event);
                    }
                    herald.topics().record(event, own);
                    recorded.incrementAndGet();
                    uncommitted = true;
                }
                long behind = 0;
                synchronized (readTo) {
                    for (TopicPartition tp : reader.assignment()) {
                        readTo.put(tp.partition(), reader.position(tp));
                        behind += reader.currentLag(tp).orElse(0);
                    }
                    readTo.notifyAll(); // awaitRead
                }
                readLag = behind;
                if (uncommitted && System.nanoTime() - lastCommit > TimeUnit.MILLISECONDS.toNanos(200)) {
                    commitRead();
                    uncommitted = false;
                    lastCommit = System.nanoTime();
                }
            } catch (WakeupException closing) {
                commitRead();
                return;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, "reading the cluster's events failed, again in 1 s: " + e);
                if (sleep()) {
                    return;
                }
            }
        }
    }

    /** Topic state to the store first, then the offsets: a restart reads again at most what the store lacks. */
    private void commitRead() {
        try {
            flushTopicState.run();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : reader.assignment()) {
                offsets.put(tp, new OffsetAndMetadata(reader.position(tp)));
            }
            reader.commitSync(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not commit the topic reader's offsets: " + e.getMessage());
        }
    }

    private static boolean isTopicDeletion(ConsumerRecord<String, String> r) {
        return header(r, "op").equals("delete-topic");
    }

    /** The partition Kafka's default partitioner gives an event keyed by {@code alertId}. */
    static int partitionOf(String alertId, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                alertId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    // ---- the deliverer ------------------------------------------------------------------------------------------

    private void deliver() {
        long lastCommit = System.nanoTime();
        while (true) {
            try {
                ConsumerRecords<String, String> records = deliverer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : records) {
                    route(r);
                }
                long behind = 0;
                for (TopicPartition tp : deliverer.assignment()) {
                    behind += deliverer.currentLag(tp).orElse(0);
                }
                deliveryLag = behind;
                if (System.nanoTime() - lastCommit > TimeUnit.MILLISECONDS.toNanos(100)) {
                    commitDelivered(deliverer.assignment());
                    lastCommit = System.nanoTime();
                }
            } catch (WakeupException closing) {
                return;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, "delivering the cluster's events failed, reading again from the "
                        + "last committed offsets in 1 s: " + e);
                if (sleep()) {
                    return;
                }
                rewind();
            }
        }
    }

    private void route(ConsumerRecord<String, String> r) {
        if (isTopicDeletion(r)) {
            return; // for the topic reader
        }
        AlertEvent event;
        try {
            event = EventCodec.decode(r.value());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "skipping unreadable event at " + r.topic() + "-" + r.partition()
                    + "@" + r.offset() + ": " + e.getMessage());
            return;
        }
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Long reached = previousOwnerReached.get(tp);
        if (reached != null) {
            if (r.offset() < reached) {
                redelivered.incrementAndGet(); // the previous owner may have delivered it already
            } else {
                previousOwnerReached.remove(tp);
            }
        }
        awaitTask(event);
        outbox.routing(new ClusterOutbox.Source(new TopicPartition(r.topic(), r.partition()), r.offset()),
                () -> herald.topics().route(event));
        routed.incrementAndGet();
    }

    /**
     * An event of a task's own handlers reached this node before the task's definition did (definitions travel on
     * their own topic): wait for it, bounded, rather than finding no handler.
     */
    private void awaitTask(AlertEvent event) {
        String task = event.data().taskName();
        if (!event.topic().startsWith("main:" + task + ":") || herald.task(task).isPresent()) {
            return;
        }
        // no signal tells of a task's definition: poll it, bounded, every 20 ms or until close()
        long deadline = System.nanoTime() + UNKNOWN_TASK.toNanos();
        boolean defined = herald.task(task).isPresent();
        try {
            while (!defined && System.nanoTime() - deadline < 0 && !stopping.await(20, TimeUnit.MILLISECONDS)) {
                defined = herald.task(task).isPresent();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
        if (closing) {
            throw new WakeupException(); // not routed, not committed: the next owner delivers it
        }
        if (!defined) {
            unroutable.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "event \"" + event.id() + "\" of task " + task + " reached no "
                    + "handler: the task is not defined on this node (" + settings.nodeId() + ")");
        }
    }

    private void commitDelivered(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            outbox.committable(tp).ifPresent(o -> offsets.put(tp, new OffsetAndMetadata(o,
                    HANDED_OVER + outbox.handedOver(tp).orElse(o))));
        }
        if (!offsets.isEmpty()) {
            deliverer.commitSync(offsets);
        }
    }

    private void rewind() {
        try {
            var mine = deliverer.assignment();
            var committed = deliverer.committed(mine);
            for (TopicPartition tp : mine) {
                OffsetAndMetadata at = committed.get(tp);
                if (at == null) {
                    deliverer.seekToBeginning(List.of(tp));
                } else {
                    deliverer.seek(tp, at);
                }
                // what this node handed to its handlers beyond the commit comes again: count it as redelivered
                outbox.handedOver(tp).ifPresent(reached -> previousOwnerReached.put(tp, reached));
            }
            outbox.release(mine);
        } catch (WakeupException closing) {
            throw closing;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not rewind to the committed offsets: " + e);
        }
    }

    /** Backs off for a second; true when closing (the back-off ends at once then). */
    private boolean sleep() {
        try {
            return stopping.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Lets the handlers finish what they hold of partitions going elsewhere (bounded), then commits them. */
    private void handOver(Collection<TopicPartition> partitions, Duration wait) {
        int left = outbox.awaitReleased(partitions, wait);
        try {
            commitDelivered(partitions);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not commit the delivered events' offsets: " + e.getMessage());
        }
        if (left > 0) {
            handedOver.addAndGet(left);
            LOG.log(System.Logger.Level.WARNING, left + " event(s) of partitions " + partitions + " were still with "
                    + "this node's handlers when the partitions went to another node: both deliver them (counted in "
                    + "herald_cluster_events_handed_over_total)");
        }
        outbox.release(partitions);
    }

    private final class Ownership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            previousOwnerReached.keySet().removeAll(partitions);
            handOver(partitions, closing ? Duration.ZERO : HAND_OVER);
            update(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            previousOwnerReached.keySet().removeAll(partitions);
            int left = outbox.holding(partitions);
            handedOver.addAndGet(left);
            outbox.release(partitions);
            update(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            update(List.of());
            if (!partitions.isEmpty()) {
                try {
                    deliverer.committed(new java.util.HashSet<>(partitions)).forEach((tp, at) -> {
                        if (at != null && at.metadata().startsWith(HANDED_OVER)) {
                            long reached = Long.parseLong(at.metadata().substring(HANDED_OVER.length()));
                            if (reached > at.offset()) {
                                previousOwnerReached.put(tp, reached);
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not read the delivered offsets' metadata: " + e);
                }
            }
            LOG.log(System.Logger.Level.INFO, "delivering the events of partitions " + delivering + " of "
                    + settings.eventsTopic());
        }

        private void update(Collection<TopicPartition> going) {
            delivering = deliverer.assignment().stream().filter(tp -> !going.contains(tp))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        }
    }

    /** Prometheus lines for {@code /metrics}. */
    List<String> metrics() {
        return new ClusterMetrics(settings)
                .counter("herald_cluster_events_forwarded_total", "Events this node's alert nodes raised, sent to "
                        + "the events topic.", outbox.forwarded())
                .counter("herald_cluster_events_recorded_total", "Events of every node recorded in this node's "
                        + "topics.", recorded.get())
                .counter("herald_cluster_events_routed_total", "Events of the partitions this node delivers, queued "
                        + "to their handlers.", routed.get())
                .counter("herald_cluster_events_handed_over_total", "Events still with this node's handlers when "
                        + "their partition went to another node, which delivers them again (possible duplicates).",
                        handedOver.get())
                .counter("herald_cluster_events_redelivered_total", "Events of partitions taken over from a node "
                        + "that had handed them to its handlers without committing (it stopped or failed): "
                        + "delivered again here, possibly twice in all.", redelivered.get())
                .counter("herald_cluster_events_unroutable_total", "Events of a task this node did not know within "
                        + "30 s.", unroutable.get())
                .counter("herald_cluster_events_failures_total", "Rounds of reading or delivering events that "
                        + "failed.", failures.get())
                .gauge("herald_cluster_events_read_lag", "Events of the whole events topic this node's topic reader "
                        + "has not read yet.", readLag)
                .gauge("herald_cluster_events_delivery_lag", "Events of the partitions this node delivers not yet "
                        + "handed to their handlers.", deliveryLag)
                .partitions("herald_cluster_events_partition_delivered", "1 for each partition of the events topic "
                        + "this node delivers.", delivering.stream().map(TopicPartition::partition).toList())
                .lines();
    }

    /**
     * Stops delivering after the handlers finish what they hold (at most {@code grace}), commits, leaves the group;
     * then records the last events read and commits the topic reader.
     */
    void close(Duration grace) {
        closing = true;
        stopping.countDown();
        synchronized (readTo) {
            readTo.notifyAll();
        }
        deliverer.wakeup();
        join(delivererThread);
        try {
            handOver(deliverer.assignment(), grace);
            deliverer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the deliverer: " + e.getMessage());
        }
        synchronized (this) {
            if (offsets != null) {
                offsets.close(Duration.ofSeconds(1));
            }
        }
        reader.wakeup();
        join(readerThread);
        try {
            reader.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the topic reader: " + e.getMessage());
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
