package dev.herald.engine.dispatch;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.engine.outbox.DeadLetter;
import dev.herald.engine.outbox.DeadLetterStore;
import dev.herald.engine.outbox.MemoryOutbox;
import dev.herald.engine.outbox.Outbox;
import dev.herald.engine.outbox.OutboxException;
import dev.herald.engine.outbox.Recovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the outbox, the dead letters, the threads that deliver events and one {@link DeliveryLane} per handler.
 * Evaluation never waits on delivery: publishing appends to the outbox and queues. A lane created under a name the
 * previous run left events for gets them back first; {@link #finishRecovery()} turns what no lane claimed into dead
 * letters.
 */
public final class Dispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.engine.dispatch");

    private final DeliveryPolicy policy;
    private final Outbox outbox;
    private final DeadLetterStore deadLetters;
    private final DeliveryMetrics metrics = new DeliveryMetrics();
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<String, DeliveryLane> live = new ConcurrentHashMap<>();
    private final java.util.Set<DeliveryLane> all = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Recovery.Pending>> unclaimed;
    private final List<Runnable> beforeCommit = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean recovering;

    /** A dispatcher with an in-memory outbox and dead letters. */
    public Dispatcher(DeliveryPolicy policy) {
        this(policy, new MemoryOutbox(), DeadLetterStore.inMemory());
    }

    /** A dispatcher over {@code outbox}, resuming what it recovered. */
    public Dispatcher(DeliveryPolicy policy, Outbox outbox, DeadLetterStore deadLetters) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.unclaimed = new HashMap<>(outbox.recovery().lanes());
        this.recovering = !unclaimed.isEmpty();
        this.executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("herald-delivery"));
        this.scheduler = Executors.newScheduledThreadPool(1, daemon("herald-retry"));
        long tick = Math.max(10, Math.min(250, policy.callTimeout().toMillis() / 4));
        scheduler.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The delivery policy. */
    public DeliveryPolicy policy() {
        return policy;
    }

    /** Delivery counters per handler kind. */
    public DeliveryMetrics metrics() {
        return metrics;
    }

    /** The outbox every event passes through. */
    public Outbox outbox() {
        return outbox;
    }

    /**
     * Runs {@code flush} at the start of every {@link #commit()}: a node that buffers output for a lane (influxDBOut)
     * appends its buffer then, so what a write produced is durable when the write is acknowledged. Returns a token
     * that removes it.
     */
    public Runnable beforeCommit(Runnable flush) {
        beforeCommit.add(flush);
        return () -> beforeCommit.remove(flush);
    }

    /**
     * Appends what buffering nodes hold ({@link #beforeCommit}), then makes every append durable.
     *
     * @throws OutboxException when the outbox cannot be written
     */
    public void commit() {
        for (Runnable flush : beforeCommit) {
            flush.run();
        }
        outbox.commit();
    }

    /** The scheduler shared by engine timers (deadman checks, aggregate windows, retries). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService executor() {
        return executor;
    }

    /**
     * The delivery lane named {@code name} ({@code topic/handler-id}, stable across restarts) for {@code handler}
     * of {@code kind}. Events the previous run left for that name are queued first.
     */
    public DeliveryLane lane(String name, String kind, Handler handler) {
        DeliveryLane lane = new DeliveryLane(name, kind, handler, policy.retryFor(kind), this);
        all.add(lane);
        DeliveryLane previous = live.put(name, lane);
        List<Recovery.Pending> pending;
        synchronized (unclaimed) {
            pending = unclaimed.remove(name);
        }
        if (pending != null && !pending.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "lane " + name + ": resuming " + pending.size()
                    + " event(s) not delivered before the restart");
            lane.recover(pending);
        }
        if (previous != null && previous.isClosed()) {
            lane.adopt(previous);
        }
        return lane;
    }

    /** The live lane that replaced {@code lane}, if it was closed and another took its name. */
    DeliveryLane successor(DeliveryLane lane) {
        DeliveryLane now = live.get(lane.name());
        return now != null && now != lane ? now : null;
    }

    /** Called by a lane that was closed: a successor under its name takes its queue over. */
    void closed(DeliveryLane lane) {
        DeliveryLane successor = successor(lane);
        if (successor != null) {
            successor.adopt(lane);
        } else {
            live.remove(lane.name(), lane);
        }
    }

    void acknowledge(String lane, long[] seqs, int count) {
        outbox.acknowledge(lane, seqs, count);
    }

    void deadLetter(DeliveryLane lane, AlertEvent event, String reason, int attempts, long queuedAt) {
        metrics.failed(lane.kind());
        DeadLetter d = deadLetters.add(lane.name(), lane.kind(), reason, attempts, Instant.ofEpochMilli(queuedAt),
                Instant.now(), event);
        LOG.log(System.Logger.Level.ERROR, "failed to deliver event \"{0}\" to handler {1} after {2} attempt(s), "
                + "kept as dead letter {3}: {4}", event.id(), lane.name(), attempts, d.id(), reason);
    }

    private void watch() {
        long now = System.nanoTime();
        long timeout = policy.callTimeout().toNanos();
        for (DeliveryLane lane : all) {
            if (lane.busy()) {
                lane.expire(now, timeout, policy.callTimeout());
            } else if (lane.isClosed() && lane.drained().isDone()) {
                all.remove(lane);
            }
        }
    }

    /**
     * Ends recovery: events the previous run left for lanes that no task or topic handler defines any more are kept
     * as dead letters (nothing is dropped), and acknowledged in the outbox. Returns how many.
     */
    public int finishRecovery() {
        Map<String, List<Recovery.Pending>> left;
        synchronized (unclaimed) {
            left = new HashMap<>(unclaimed);
            unclaimed.clear();
            recovering = false;
        }
        int n = 0;
        for (Map.Entry<String, List<Recovery.Pending>> e : left.entrySet()) {
            long[] seqs = new long[e.getValue().size()];
            int i = 0;
            for (Recovery.Pending p : e.getValue()) {
                try {
                    AlertEvent event = outbox.read(p.seq());
                    String kind = e.getKey().contains("/~") ? e.getKey().substring(e.getKey().indexOf("/~") + 2)
                            .replaceAll("-\\d+$", "") : "unknown";
                    metrics.failed(kind);
                    deadLetters.add(e.getKey(), kind, "no handler " + e.getKey() + " after the restart", 0,
                            Instant.ofEpochMilli(p.appendedAt()), Instant.now(), event);
                    n++;
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.ERROR, "outbox event " + p.seq() + " for " + e.getKey()
                            + " is unreadable and lost: " + ex.getMessage());
                }
                seqs[i++] = p.seq();
            }
            outbox.acknowledge(e.getKey(), seqs, i);
        }
        if (n > 0) {
            LOG.log(System.Logger.Level.WARNING, n + " event(s) left for handlers that no longer exist were kept "
                    + "as dead letters");
        }
        return n;
    }

    /** Dead letters, oldest first. */
    public List<DeadLetter> deadLetters() {
        return deadLetters.list();
    }

    /**
     * Re-sends dead letter {@code id} through its lane (appended to the outbox again, then removed from the dead
     * letters).
     *
     * @throws IllegalArgumentException when there is no such dead letter or its handler no longer exists
     * @throws OutboxException          when the outbox cannot take it
     */
    public DeadLetter resend(long id) {
        DeadLetter d = deadLetters.get(id).orElseThrow(() -> new IllegalArgumentException("no dead letter " + id));
        DeliveryLane lane = live.get(d.lane());
        if (lane == null || lane.isClosed()) {
            throw new IllegalArgumentException("handler " + d.lane() + " of dead letter " + id
                    + " no longer exists; delete the dead letter or define the handler again");
        }
        long seq = outbox.append(d.event(), List.of(d.lane()));
        outbox.commit();
        deadLetters.remove(id);
        metrics.resent(d.kind());
        lane.offer(seq, d.event());
        return d;
    }

    /** Deletes dead letter {@code id}; false when there was none. */
    public boolean deleteDeadLetter(long id) {
        return deadLetters.remove(id);
    }

    /** Every live lane's health, sorted by name. */
    public List<LaneStatus> laneStatus() {
        return live.values().stream().map(DeliveryLane::status)
                .sorted(java.util.Comparator.comparing(LaneStatus::name)).toList();
    }

    /** Live lanes by name. */
    public Map<String, DeliveryLane> lanes() {
        return Map.copyOf(live);
    }

    /** Whether {@link #finishRecovery()} is still to come with events unclaimed. */
    public boolean recovering() {
        return recovering;
    }

    /** Completes when every lane is drained. */
    public java.util.concurrent.CompletableFuture<Void> drained() {
        List<java.util.concurrent.CompletableFuture<Void>> futures = new ArrayList<>();
        for (DeliveryLane lane : all) {
            futures.add(lane.drained());
        }
        return java.util.concurrent.CompletableFuture.allOf(
                futures.toArray(java.util.concurrent.CompletableFuture[]::new));
    }

    /** Stops the threads after waiting at most {@code grace} for running work, then closes the outbox. */
    public void shutdown(Duration grace) {
        scheduler.shutdown();
        executor.shutdown();
        try {
            executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        scheduler.shutdownNow();
        outbox.close();
        deadLetters.close();
    }

    /** The failure that stops the outbox taking writes, if any. */
    public Optional<String> outboxFailure() {
        return outbox.failure();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
