package dev.herald.engine.dispatch;

import dev.herald.core.handler.Handler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the threads that deliver events and creates one {@link HandlerChannel} per handler. Evaluation never waits
 * on delivery: publishing only queues.
 */
public final class Dispatcher implements AutoCloseable {
    private final DeliveryPolicy policy;
    private final DeliveryMetrics metrics = new DeliveryMetrics();
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;

    public Dispatcher(DeliveryPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("herald-delivery"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("herald-retry"));
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

    /** The scheduler shared by engine timers (deadman checks, aggregate windows). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** A delivery lane for {@code handler} of {@code kind}; {@code label} names it in logs. */
    public HandlerChannel channel(String kind, String label, Handler handler) {
        return new HandlerChannel(kind, label, handler, policy, metrics, executor, scheduler);
    }

    /** Stops the threads after waiting at most {@code grace} for running work. */
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
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
