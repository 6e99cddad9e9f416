package dev.herald.server;

import dev.herald.core.event.AlertEvent;
import dev.herald.engine.outbox.Outbox;
import dev.herald.engine.outbox.OutboxException;
import dev.herald.engine.outbox.Recovery;
import dev.herald.engine.outbox.SegmentLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A cluster node's outbox. The events its alert nodes raise are forwarded to the cluster's events topic and are
 * durable once Kafka has acknowledged them ({@link #commit()} waits for that, so the points that raised them are
 * committed only after); the events the node delivers come back from that topic and are held here, in memory, until
 * every lane is done with them — the events topic is their durable copy, and {@link #committable} tells the delivering
 * consumer how far it may commit. What the node appends on its own (influxDBOut batches, re-sent dead letters) goes to
 * its local {@link SegmentLog} as in single-node mode.
 */
final class ClusterOutbox implements Outbox {
    /** Sequence numbers of held events start here, far above any the local log will reach. */
    private static final long HELD = 1L << 60;

    /** The events-topic record an event being routed came from (the delivering thread sets it around a route). */
    record Source(TopicPartition partition, long offset) {
    }

    private static final class Held {
        final AlertEvent event;
        final Source source;
        int lanes;

        Held(AlertEvent event, Source source, int lanes) {
            this.event = event;
            this.source = source;
            this.lanes = lanes;
        }
    }

    private final SegmentLog local;
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String origin;
    private final ThreadLocal<Source> routing = new ThreadLocal<>();
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    /** Per partition: offsets of held events (each one event) and the next offset after what was handed over. */
    private final Map<TopicPartition, TreeMap<Long, Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> handedOver = new HashMap<>();
    private final AtomicLong nextHeld = new AtomicLong(HELD);
    private final List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final Map<String, Integer> unread = new ConcurrentHashMap<>();

    /**
     * @param origin this run of this node, sent with each forwarded event so the node knows its own when it reads them
     *               back (their topic state is already stored here)
     */
    ClusterOutbox(SegmentLog local, KafkaProducer<String, String> producer, String topic, String origin) {
        this.local = local;
        this.producer = producer;
        this.topic = topic;
        this.origin = origin;
    }

    String origin() {
        return origin;
    }

    /** Sends {@code published} to the events topic, keyed by its alert id; {@link #commit()} waits for Kafka's ack. */
    void forward(AlertEvent published) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, published.id(),
                EventCodec.encode(published));
        record.headers().add("origin", origin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        unread.merge(published.topic() + '\u0000' + published.id(), 1, Integer::sum);
        Future<RecordMetadata> ack = producer.send(record);
        synchronized (unacknowledged) {
            unacknowledged.add(ack);
        }
        forwarded.incrementAndGet();
    }

    /**
     * Writes a marker saying {@code topic} was deleted into every partition of the events topic, after the events
     * each holds, and waits for Kafka's acks.
     *
     * @throws ApiException (503) when Kafka does not take them
     */
    void deleteTopicEverywhere(String topic) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (var info : producer.partitionsFor(this.topic)) {
            ProducerRecord<String, String> marker = new ProducerRecord<>(this.topic, info.partition(), null, topic);
            marker.headers().add("op", "delete-topic".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            acks.add(producer.send(marker));
        }
        ClusterKafka.awaitAcks(acks, cause -> new ApiException(503, "topic " + topic + " deleted on this node only: "
                + "the cluster's events topic did not take the deletion: " + cause));
    }

    /** This node's own {@code event}, read back from the events topic. */
    void readBack(AlertEvent event) {
        unread.computeIfPresent(event.topic() + '\u0000' + event.id(), (k, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * Whether this node forwarded an event of {@code topic}'s alert {@code alertId} that it has not read back yet:
     * its topics hold an event newer than the records read so far.
     */
    boolean unread(String topic, String alertId) {
        return unread.containsKey(topic + '\u0000' + alertId);
    }

    long forwarded() {
        return forwarded.get();
    }

    /** Runs {@code route} with every append it makes held for the record at {@code source}. */
    void routing(Source source, Runnable route) {
        synchronized (this) {
            handedOver.merge(source.partition(), source.offset() + 1, Math::max);
        }
        routing.set(source);
        try {
            route.run();
        } finally {
            routing.remove();
        }
    }

    @Override
    public long append(AlertEvent event, List<String> lanes) {
        Source source = routing.get();
        if (source == null) {
            return local.append(event, lanes);
        }
        long seq = nextHeld.getAndIncrement();
        if (!lanes.isEmpty()) {
            synchronized (this) {
                held.put(seq, new Held(event, source, lanes.size()));
                pending.computeIfAbsent(source.partition(), p -> new TreeMap<>()).merge(source.offset(), 1L,
                        Long::sum);
            }
        }
        return seq;
    }

    /** Waits until Kafka has every forwarded event, then syncs the local log. */
    @Override
    public void commit() {
        List<Future<RecordMetadata>> waiting;
        synchronized (unacknowledged) {
            waiting = new ArrayList<>(unacknowledged);
            unacknowledged.clear();
        }
        ClusterKafka.awaitAcks(waiting, cause -> new OutboxException("the cluster's events topic " + topic
                + " did not take an event: " + cause.getMessage(), cause));
        local.commit();
    }

    @Override
    public void acknowledge(String lane, long[] seqs, int count) {
        long[] mine = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            long seq = seqs[i];
            if (seq < HELD) {
                mine[n++] = seq;
                continue;
            }
            synchronized (this) {
                Held h = held.get(seq);
                if (h != null && --h.lanes <= 0) {
                    held.remove(seq);
                    TreeMap<Long, Long> offsets = pending.get(h.source.partition());
                    if (offsets != null && offsets.merge(h.source.offset(), -1L, Long::sum) <= 0) {
                        offsets.remove(h.source.offset());
                        notifyAll(); // awaitReleased
                    }
                }
            }
        }
        if (n > 0) {
            local.acknowledge(lane, mine, n);
        }
    }

    /**
     * The offset the delivering consumer may commit for {@code partition}: the oldest record with an event some lane
     * still holds, or the record after the last one handed over; empty when nothing was handed over.
     */
    synchronized java.util.Optional<Long> committable(TopicPartition partition) {
        TreeMap<Long, Long> offsets = pending.get(partition);
        if (offsets != null && !offsets.isEmpty()) {
            return java.util.Optional.of(offsets.firstKey());
        }
        return java.util.Optional.ofNullable(handedOver.get(partition));
    }

    /** The offset after the last record of {@code partition} handed to the handlers; empty when none was. */
    synchronized java.util.Optional<Long> handedOver(TopicPartition partition) {
        return java.util.Optional.ofNullable(handedOver.get(partition));
    }

    /** Events of {@code partitions} some lane still holds. */
    synchronized int holding(java.util.Collection<TopicPartition> partitions) {
        int n = 0;
        for (TopicPartition p : partitions) {
            TreeMap<Long, Long> offsets = pending.get(p);
            if (offsets != null) {
                n += offsets.size();
            }
        }
        return n;
    }

    /**
     * Waits, at most {@code max}, until no lane holds an event of {@code partitions}; returns how many are still held.
     */
    synchronized int awaitReleased(java.util.Collection<TopicPartition> partitions, java.time.Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        int left = holding(partitions);
        while (left > 0) {
            long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (wait <= 0) {
                break;
            }
            try {
                wait(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = holding(partitions);
        }
        return left;
    }

    /** Forgets what was handed over from {@code partitions} (another node delivers them from now on). */
    synchronized void release(java.util.Collection<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            pending.remove(p);
            handedOver.remove(p);
        }
    }

    @Override
    public AlertEvent read(long seq) {
        if (seq < HELD) {
            return local.read(seq);
        }
        Held h = held.get(seq);
        if (h == null) {
            throw new IllegalStateException("outbox holds no event " + seq);
        }
        return h.event;
    }

    @Override
    public AlertEvent[] read(long[] seqs, int count) {
        if (count > 0 && seqs[count - 1] < HELD) {
            return local.read(seqs, count);
        }
        return Outbox.super.read(seqs, count);
    }

    @Override
    public Recovery recovery() {
        return local.recovery();
    }

    @Override
    public void topicCheckpoint(long seq) {
        local.topicCheckpoint(seq);
    }

    @Override
    public long lastSequence() {
        return local.lastSequence();
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public java.util.Optional<String> failure() {
        return local.failure();
    }

    @Override
    public void close() {
        try {
            producer.close(java.time.Duration.ofSeconds(5));
        } finally {
            local.close();
        }
    }
}
