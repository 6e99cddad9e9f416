package dev.herald.engine.dispatch;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The delivery lane of one handler: a bounded FIFO of events, delivered one at a time in order, each with a call
 * timeout and retries. Nothing here blocks a thread while waiting: calls complete asynchronously and retries are
 * scheduled, so a slow or failing handler holds up only its own lane.
 */
public final class HandlerChannel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.herald.engine.dispatch");

    private final String kind;
    private final String label;
    private final Handler handler;
    private final DeliveryPolicy policy;
    private final DeliveryMetrics metrics;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final ArrayDeque<AlertEvent> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean closed;
    private CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);

    HandlerChannel(String kind, String label, Handler handler, DeliveryPolicy policy, DeliveryMetrics metrics,
            Executor executor, ScheduledExecutorService scheduler) {
        this.kind = kind;
        this.label = label;
        this.handler = handler;
        this.policy = policy;
        this.metrics = metrics;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /** The handler kind. */
    public String kind() {
        return kind;
    }

    /** Queues {@code event}; returns false (and counts a drop) when the queue is full or the lane closed. */
    public boolean offer(AlertEvent event) {
        synchronized (this) {
            if (closed || queue.size() >= policy.queueCapacity()) {
                metrics.dropped(kind);
                LOG.log(System.Logger.Level.WARNING, "failed to deliver event \"{0}\" to handler {1}: queue full",
                        event.id(), label);
                return false;
            }
            queue.addLast(event);
            metrics.queued(kind, 1);
            if (busy) {
                return true;
            }
            busy = true;
            drained = new CompletableFuture<>();
        }
        executor.execute(this::next);
        return true;
    }

    /** Events waiting, the one in flight excluded. */
    public synchronized int depth() {
        return queue.size();
    }

    /** Completes when the queue is empty and no call is in flight. */
    public synchronized CompletableFuture<Void> drained() {
        return drained;
    }

    private void next() {
        AlertEvent event;
        CompletableFuture<Void> done = null;
        synchronized (this) {
            event = queue.pollFirst();
            if (event == null) {
                busy = false;
                done = drained;
            } else {
                metrics.queued(kind, -1);
            }
        }
        if (event == null) {
            done.complete(null);
            return;
        }
        attempt(event, 1);
    }

    private void attempt(AlertEvent event, int attempt) {
        long start = System.nanoTime();
        CompletionStage<HandlerResult> call;
        try {
            call = handler.handle(event);
        } catch (HandlerException e) {
            call = CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        } catch (RuntimeException e) {
            call = CompletableFuture.completedFuture(HandlerResult.permanent("handler failed: " + e));
        }
        call.toCompletableFuture()
                .orTimeout(policy.callTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle((result, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null ? error.getCause() : error;
                        return cause instanceof TimeoutException
                                ? HandlerResult.retryable("timed out after " + policy.callTimeout())
                                : cause instanceof HandlerException he ? HandlerResult.permanent(he.getMessage())
                                : HandlerResult.retryable("handler failed: " + cause);
                    }
                    return result;
                })
                .thenAccept(result -> settle(event, attempt, result, System.nanoTime() - start));
    }

    private void settle(AlertEvent event, int attempt, HandlerResult result, long nanos) {
        if (result instanceof HandlerResult.Failed failed) {
            if (failed.retryable() && attempt < policy.maxAttempts() && !isClosed()) {
                Duration delay = failed.retryAfter()
                        .map(d -> d.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : d)
                        .orElseGet(() -> policy.backoff(attempt + 1, ThreadLocalRandom.current().nextDouble()));
                metrics.retried(kind);
                LOG.log(System.Logger.Level.DEBUG, "retrying event \"{0}\" to handler {1} in {2}: {3}",
                        event.id(), label, delay, failed.reason());
                scheduler.schedule(() -> executor.execute(() -> attempt(event, attempt + 1)), delay.toNanos(),
                        TimeUnit.NANOSECONDS);
                return;
            }
            metrics.failed(kind);
            LOG.log(System.Logger.Level.ERROR, "failed to deliver event \"{0}\" to handler {1} after {2} attempt(s): "
                    + "{3}", event.id(), label, attempt, failed.reason());
        } else {
            metrics.delivered(kind, nanos);
        }
        executor.execute(this::next);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Stops accepting events; queued ones are still delivered (see {@link #drained()}); then closes the handler. */
    @Override
    public void close() {
        CompletableFuture<Void> wait;
        synchronized (this) {
            closed = true;
            wait = drained;
        }
        wait.whenComplete((v, e) -> handler.close());
    }
}
