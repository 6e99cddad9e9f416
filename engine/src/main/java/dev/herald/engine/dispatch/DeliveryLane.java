package dev.herald.engine.dispatch;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.BatchHandler;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import dev.herald.engine.outbox.Recovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The delivery lane of one handler on one topic. Events come in with their outbox sequence number; the lane keeps
 * at most the policy's window of them in memory and reads the rest back from the outbox when their turn comes. It
 * drains on the dispatcher's threads without a thread hop or timer per event: a call that completes at once is
 * settled in the same loop, a {@link BatchHandler} gets up to {@value #BATCH} events per call, and one watchdog
 * times out calls for every lane. With one call in flight (the default) events arrive in order and a retry holds
 * the lane; with more, a failed event waits on its own and the others go on.
 *
 * <p>Every event ends acknowledged in the outbox: delivered, or kept as a dead letter when its failure is permanent,
 * its attempts or age are used up, or its lane was removed.
 */
public final class DeliveryLane {
    private static final System.Logger LOG = System.getLogger("dev.herald.engine.dispatch");
    static final int BATCH = 256;

    /** One queued event. */
    private static final class Entry {
        final long seq;
        AlertEvent event;
        final long queuedAt;
        final boolean recovered;
        int attempts;
        String lastReason = "";

        Entry(long seq, AlertEvent event, long queuedAt, boolean recovered) {
            this.seq = seq;
            this.event = event;
            this.queuedAt = queuedAt;
            this.recovered = recovered;
        }
    }

    /** One outstanding call, watched for its timeout. */
    final class Call {
        final List<Entry> entries;
        final long started = System.nanoTime();
        boolean done;

        Call(List<Entry> entries) {
            this.entries = entries;
        }

        boolean expired(long now, long timeoutNanos) {
            return now - started > timeoutNanos;
        }
    }

    private final String name;
    private final String kind;
    private final Handler handler;
    private final BatchHandler batchHandler;
    private final RetryPolicy retry;
    private final Dispatcher dispatcher;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>(1);
    private int resident;
    private int waiting;
    private boolean sleeping;
    private boolean pumping;
    private boolean closed;
    private boolean handlerClosed;
    private long deliveredCount;
    private long retryCount;
    private long deadCount;
    private final LaneHistory history = new LaneHistory();
    private String lastError;
    private long lastErrorAt;
    private long lastDeliveryAt;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> drained = DONE;

    DeliveryLane(String name, String kind, Handler handler, RetryPolicy retry, Dispatcher dispatcher) {
        this.name = name;
        this.kind = kind;
        this.handler = handler;
        this.batchHandler = handler instanceof BatchHandler b && retry.inFlight() == 1 ? b : null;
        this.retry = retry;
        this.dispatcher = dispatcher;
    }

    /** The lane's name: {@code topic/handler-id}, stable across restarts. */
    public String name() {
        return name;
    }

    /** The handler kind. */
    public String kind() {
        return kind;
    }

    /** Queues the event appended to the outbox as {@code seq} ({@code -1}: not in the outbox, keep it in memory). */
    public void offer(long seq, AlertEvent event) {
        synchronized (this) {
            boolean keep = seq < 0 || !dispatcher.outbox().durable() || resident < dispatcher.policy().window();
            if (keep) {
                resident++;
            }
            queue.addLast(new Entry(seq, keep ? event : null, System.currentTimeMillis(), false));
            dispatcher.metrics().queued(kind, 1);
            unfinished();
        }
        kick();
    }

    /** Queues what a previous run left for this lane, ahead of anything new. */
    void recover(List<Recovery.Pending> pending) {
        synchronized (this) {
            List<Entry> entries = new ArrayList<>(pending.size());
            for (Recovery.Pending p : pending) {
                entries.add(new Entry(p.seq(), null, p.appendedAt(), true));
            }
            pushFront(entries);
            dispatcher.metrics().queued(kind, pending.size());
        }
        kick();
    }

    /** Takes over the queue of the lane this one replaces (a redefined task or topic handler). */
    void adopt(DeliveryLane previous) {
        List<Entry> moved;
        synchronized (previous) {
            moved = new ArrayList<>(previous.queue);
            previous.queue.clear();
            previous.resident = 0;
            previous.completeIfDrained();
        }
        if (moved.isEmpty()) {
            return;
        }
        synchronized (this) {
            for (Entry e : moved) {
                if (e.event != null) {
                    resident++;
                }
            }
            pushFront(moved);
        }
        kick();
    }

    private void take(List<Entry> entries) {
        synchronized (this) {
            for (Entry e : entries) {
                if (e.event != null) {
                    resident++;
                }
            }
            pushFront(entries);
            dispatcher.metrics().queued(kind, entries.size());
        }
        kick();
    }

    private void pushFront(List<Entry> entries) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            queue.addFirst(entries.get(i));
        }
        unfinished();
    }

    /**
     * Called with the lock held whenever events are queued: a {@link #drained()} future taken from now on must wait
     * for them, even if the running pump already completed the previous one.
     */
    private void unfinished() {
        if (drained.isDone()) {
            drained = new CompletableFuture<>();
        }
    }

    /** This lane's health now. */
    public synchronized LaneStatus status() {
        return new LaneStatus(name, kind, queue.size() + calls.stream().mapToInt(c -> c.entries.size()).sum(),
                deliveredCount, retryCount, deadCount, java.util.Optional.ofNullable(lastError),
                lastErrorAt == 0 ? java.util.Optional.empty() : java.util.Optional.of(instant(lastErrorAt)),
                lastDeliveryAt == 0 ? java.util.Optional.empty() : java.util.Optional.of(instant(lastDeliveryAt)),
                sleeping || waiting > 0, history.lastHour(System.currentTimeMillis()));
    }

    /** Events waiting, those in flight excluded. */
    public synchronized int depth() {
        return queue.size();
    }

    /** Completes when nothing is queued, in flight or waiting to be retried. */
    public synchronized CompletableFuture<Void> drained() {
        return drained;
    }

    private void kick() {
        if (claim()) {
            dispatcher.executor().execute(this::pump);
        }
    }

    /** Makes the caller the lane's one pump; false when another thread already pumps. */
    private boolean claim() {
        synchronized (this) {
            if (pumping) {
                return false;
            }
            pumping = true;
            if (drained.isDone()) {
                drained = new CompletableFuture<>();
            }
            return true;
        }
    }

    private void pump() {
        while (true) {
            List<Entry> batch;
            synchronized (this) {
                if (sleeping || calls.size() >= retry.inFlight() || queue.isEmpty()) {
                    pumping = false;
                    completeIfDrained();
                    return;
                }
                int n = batchHandler != null ? Math.min(BATCH, queue.size()) : 1;
                batch = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    batch.add(queue.pollFirst());
                }
            }
            Call call = start(batch);
            if (call == null) {
                continue;
            }
            CompletableFuture<List<HandlerResult>> result = invoke(call.entries);
            if (result.isDone()) {
                settle(call, result.getNow(null), null);
            } else {
                // Settled on the thread that completed the call (the HTTP client's), which then pumps the next
                // event itself: no hop through the executor between one request and the next.
                result.whenComplete((r, e) -> {
                    settle(call, r, e);
                    if (claim()) {
                        pump();
                    }
                });
            }
        }
    }

    /** Loads events left on disk and registers the call; null when nothing in the batch could be loaded. */
    private Call start(List<Entry> batch) {
        List<Entry> ready = new ArrayList<>(batch.size());
        int loaded = readBack(batch);
        for (Entry e : batch) {
            if (e.event == null) {
                try {
                    e.event = dispatcher.outbox().read(e.seq);
                    loaded++;
                } catch (RuntimeException ex) {
                    // The record is unreadable: nothing can be delivered or kept; say so loudly and count it.
                    LOG.log(System.Logger.Level.ERROR, "lane " + name + ": event " + e.seq
                            + " cannot be read back from the outbox and is lost: " + ex.getMessage());
                    dispatcher.metrics().failed(kind);
                    dispatcher.metrics().queued(kind, -1);
                    dispatcher.acknowledge(name, new long[] {e.seq}, 1);
                    continue;
                }
            }
            ready.add(e);
        }
        synchronized (this) {
            resident += loaded;
            if (ready.isEmpty()) {
                return null;
            }
            Call call = new Call(ready);
            calls.add(call);
            return call;
        }
    }

    /** Reads the batch's events left on disk together; on any trouble the caller reads them one by one. */
    private int readBack(List<Entry> batch) {
        long[] seqs = new long[batch.size()];
        int n = 0;
        for (Entry e : batch) {
            if (e.event == null) {
                seqs[n++] = e.seq;
            }
        }
        if (n < 2) {
            return 0;
        }
        AlertEvent[] events;
        try {
            events = dispatcher.outbox().read(seqs, n);
        } catch (RuntimeException ex) {
            return 0;
        }
        int i = 0;
        for (Entry e : batch) {
            if (e.event == null) {
                e.event = events[i++];
            }
        }
        return n;
    }

    private CompletableFuture<List<HandlerResult>> invoke(List<Entry> entries) {
        try {
            if (batchHandler != null) {
                List<AlertEvent> events = new ArrayList<>(entries.size());
                for (Entry e : entries) {
                    events.add(e.event);
                }
                return batchHandler.handleAll(events).toCompletableFuture();
            }
            CompletionStage<HandlerResult> one = handler.handle(entries.get(0).event);
            return one.toCompletableFuture().thenApply(List::of);
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(List.of(HandlerResult.permanent(e.getMessage())));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(List.of(HandlerResult.permanent("handler failed: " + e)));
        }
    }

    /** Called by the dispatcher's watchdog. */
    void expire(long now, long timeoutNanos, Duration timeout) {
        List<Call> late = new ArrayList<>();
        synchronized (this) {
            for (Call c : calls) {
                if (c.expired(now, timeoutNanos)) {
                    late.add(c);
                }
            }
        }
        for (Call c : late) {
            settle(c, null, new TimeoutException("timed out after " + dev.herald.core.template.GoFormat.duration(timeout)));
            kick();
        }
    }

    synchronized boolean busy() {
        return !calls.isEmpty();
    }

    private void settle(Call call, List<HandlerResult> results, Throwable error) {
        synchronized (this) {
            if (call.done) {
                return;
            }
            // The call stays in flight until its events are acknowledged or queued again (below): a pump that ran
            // in between would otherwise send the next event ahead of a failed one.
            call.done = true;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            HandlerResult failure = cause instanceof TimeoutException ? HandlerResult.retryable(cause.getMessage())
                    : cause instanceof HandlerException he ? HandlerResult.permanent(he.getMessage())
                    : HandlerResult.retryable("handler failed: " + cause);
            results = List.of(failure);
        } else if (results == null) {
            results = List.of(HandlerResult.retryable("handler returned no result"));
        }
        List<Entry> entries = call.entries;
        long nanos = System.nanoTime() - call.started;
        long[] done = new long[entries.size()];
        int nDone = 0;
        int delivered = 0;
        int redelivered = 0;
        int i = 0;
        HandlerResult.Failed failed = null;
        for (; i < entries.size(); i++) {
            HandlerResult r = i < results.size() ? results.get(i)
                    : HandlerResult.retryable("handler returned no result for this event");
            if (r instanceof HandlerResult.Failed f) {
                failed = f;
                break;
            }
            Entry e = entries.get(i);
            if (e.seq >= 0) {
                done[nDone++] = e.seq;
            }
            delivered++;
            if (e.recovered) {
                redelivered++;
            }
        }
        if (delivered > 0) {
            dispatcher.metrics().delivered(kind, delivered, nanos);
            synchronized (this) {
                deliveredCount += delivered;
                lastDeliveryAt = System.currentTimeMillis();
                history.delivered(lastDeliveryAt, delivered, nanos);
            }
            if (redelivered > 0) {
                dispatcher.metrics().redelivered(kind, redelivered);
            }
        }
        List<Entry> rest = i + 1 < entries.size() ? entries.subList(i + 1, entries.size()) : List.of();
        Entry failedEntry = failed == null ? null : entries.get(i);
        boolean retrying = false;
        Duration delay = Duration.ZERO;
        if (failed != null) {
            failedEntry.attempts++;
            failedEntry.lastReason = failed.reason();
            boolean isClosed;
            synchronized (this) {
                isClosed = closed;
            }
            long age = System.currentTimeMillis() - failedEntry.queuedAt;
            DeliveryLane successor = isClosed && failed.retryable() ? dispatcher.successor(this) : null;
            if (successor != null) {
                // A redefined task or handler: its replacement takes the event (and what followed it) over.
                List<Entry> handOver = new ArrayList<>();
                handOver.add(failedEntry);
                handOver.addAll(rest);
                rest = List.of();
                successor.take(handOver);
                synchronized (this) {
                    for (Entry e : handOver) {
                        if (e.event != null) {
                            resident--;
                        }
                    }
                }
                dispatcher.metrics().queued(kind, -handOver.size());
                failed = null;
            } else if (failed.retryable() && !isClosed && retry.mayRetry(failedEntry.attempts, age)) {
                retrying = true;
                delay = retry.delay(failedEntry.attempts + 1, failed.retryAfter(),
                        ThreadLocalRandom.current().nextDouble());
                dispatcher.metrics().retried(kind);
                synchronized (this) {
                    retryCount++;
                    lastError = failed.reason();
                    lastErrorAt = System.currentTimeMillis();
                    history.retried(lastErrorAt);
                }
                LOG.log(System.Logger.Level.DEBUG, "retrying event \"{0}\" to handler {1} in {2}: {3}",
                        failedEntry.event.id(), name, delay, failed.reason());
            } else {
                String why = isClosed && failed.retryable() ? "handler removed while retrying: " + failed.reason()
                        : failed.retryable() && retry.maxAttempts() > 0 && failedEntry.attempts >= retry.maxAttempts()
                        ? "gave up after " + failedEntry.attempts + " attempt(s): " + failed.reason()
                        : failed.retryable() ? "gave up after " + Duration.ofMillis(age).toSeconds() + "s (max-age): "
                        + failed.reason() : failed.reason();
                dispatcher.deadLetter(this, failedEntry.event, why, failedEntry.attempts, failedEntry.queuedAt);
                synchronized (this) {
                    deadCount++;
                    lastError = why;
                    lastErrorAt = System.currentTimeMillis();
                    history.deadLettered(lastErrorAt);
                }
                if (failedEntry.seq >= 0) {
                    done[nDone++] = failedEntry.seq;
                }
                failedEntry.event = null;
            }
        }
        if (nDone > 0) {
            dispatcher.acknowledge(name, done, nDone);
        }
        synchronized (this) {
            calls.remove(call);
            int finished = delivered + (failed != null && !retrying ? 1 : 0);
            if (failed == null && failedEntry != null) {
                finished = delivered;
            }
            resident -= finished;
            dispatcher.metrics().queued(kind, -finished);
            if (!rest.isEmpty()) {
                pushFront(rest);
            }
            if (retrying) {
                Entry again = failedEntry;
                if (retry.inFlight() == 1) {
                    queue.addFirst(again);
                    sleeping = true;
                    dispatcher.scheduler().schedule(() -> {
                        synchronized (this) {
                            sleeping = false;
                        }
                        kick();
                    }, delay.toNanos(), TimeUnit.NANOSECONDS);
                } else {
                    waiting++;
                    dispatcher.scheduler().schedule(() -> {
                        synchronized (this) {
                            waiting--;
                            queue.addFirst(again);
                        }
                        kick();
                    }, delay.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
            completeIfDrained();
        }
    }

    private void completeIfDrained() {
        if (queue.isEmpty() && calls.isEmpty() && !sleeping && waiting == 0 && !drained.isDone()) {
            // Completed off this lock (its dependents may call back), and swapped now so that an event offered
            // before that completion runs gets a new future instead of a stale one.
            CompletableFuture<Void> d = drained;
            drained = DONE;
            dispatcher.executor().execute(() -> d.complete(null));
            if (closed && !handlerClosed) {
                handlerClosed = true;
                dispatcher.executor().execute(handler::close);
            }
        }
    }

    /** Stops taking events; what is queued is still delivered (or handed to a successor), then the handler closes. */
    public void close() {
        boolean idle;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            idle = queue.isEmpty() && calls.isEmpty() && !sleeping && waiting == 0;
            if (sleeping) {
                // A lane sleeping before a retry wakes now: a removed handler's backlog is settled at once.
                sleeping = false;
            }
        }
        dispatcher.closed(this);
        if (idle) {
            synchronized (this) {
                if (handlerClosed) {
                    return;
                }
                handlerClosed = true;
            }
            dispatcher.executor().execute(handler::close);
        } else {
            kick();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "lane " + name + " (" + kind + ")";
    }

    static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
