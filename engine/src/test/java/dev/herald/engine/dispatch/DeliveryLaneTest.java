package dev.herald.engine.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.BatchHandler;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.testkit.SampleEvents;
import dev.herald.engine.outbox.DeadLetter;
import dev.herald.engine.outbox.DeadLetterStore;
import dev.herald.engine.outbox.MemoryOutbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryLaneTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(40),
            Duration.ofHours(1), 1);
    private final MemoryOutbox outbox = new MemoryOutbox();
    private final Dispatcher dispatcher = new Dispatcher(new DeliveryPolicy(Duration.ofMillis(300), FAST,
            java.util.Map.of(), 1024), outbox, DeadLetterStore.inMemory());

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private static AlertEvent event(String message) {
        return SampleEvents.event(Level.CRITICAL, message);
    }

    private void offer(DeliveryLane lane, AlertEvent event) {
        lane.offer(outbox.append(event, List.of(lane.name())), event);
    }

    private static Handler always(HandlerResult result, AtomicInteger calls) {
        return e -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(result);
        };
    }

    @Test
    void retryableFailuresAreRetriedUntilTheyPassAndTheOutboxLetsGo() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Handler flaky = e -> CompletableFuture.completedFuture(calls.incrementAndGet() < 3
                ? HandlerResult.retryable("503") : HandlerResult.delivered());
        DeliveryLane lane = dispatcher.lane("t/flaky", "flaky", flaky);
        offer(lane, event("m"));
        lane.drained().get(5, TimeUnit.SECONDS);
        assertEquals(3, calls.get());
        DeliveryMetrics.Counts counts = dispatcher.metrics().snapshot().get("flaky");
        assertEquals(1, counts.delivered());
        assertEquals(2, counts.retries());
        assertEquals(0, counts.failed());
        assertEquals(0, counts.queued());
        assertEquals(0, outbox.size(), "delivered events are acknowledged");
    }

    @Test
    void permanentFailuresAndUsedUpAttemptsBecomeDeadLettersThatCanBeResent() throws Exception {
        AtomicInteger permanentCalls = new AtomicInteger();
        DeliveryLane permanent = dispatcher.lane("t/bad", "bad",
                always(HandlerResult.permanent("400 Bad Request: channel_not_found"), permanentCalls));
        AtomicInteger downCalls = new AtomicInteger();
        AtomicBoolean up = new AtomicBoolean();
        DeliveryLane down = dispatcher.lane("t/down", "down", e -> {
            downCalls.incrementAndGet();
            return CompletableFuture.completedFuture(up.get() ? HandlerResult.delivered()
                    : HandlerResult.retryable("connection refused"));
        });
        offer(permanent, event("p"));
        offer(down, event("d"));
        permanent.drained().get(5, TimeUnit.SECONDS);
        down.drained().get(5, TimeUnit.SECONDS);
        assertEquals(1, permanentCalls.get(), "a permanent failure is not retried");
        assertEquals(4, downCalls.get(), "max-attempts");
        List<DeadLetter> dead = dispatcher.deadLetters();
        assertEquals(2, dead.size());
        assertEquals("t/bad", dead.get(0).lane());
        assertEquals("400 Bad Request: channel_not_found", dead.get(0).reason());
        assertEquals("p", dead.get(0).event().message());
        assertEquals("t/down", dead.get(1).lane());
        assertEquals("gave up after 4 attempt(s): connection refused", dead.get(1).reason());
        assertEquals(4, dead.get(1).attempts());
        assertEquals(1, dispatcher.metrics().snapshot().get("down").failed());
        assertEquals(0, outbox.size(), "dead letters are acknowledged in the outbox: they live in their own store");

        up.set(true);
        dispatcher.resend(dead.get(1).id());
        down.drained().get(5, TimeUnit.SECONDS);
        assertEquals(5, downCalls.get());
        assertEquals(1, dispatcher.metrics().snapshot().get("down").delivered());
        assertEquals(1, dispatcher.metrics().snapshot().get("down").resent());
        assertEquals(List.of("t/bad"), dispatcher.deadLetters().stream().map(DeadLetter::lane).toList());
    }

    @Test
    void anEventOlderThanMaxAgeIsGivenUp() throws Exception {
        Dispatcher aged = new Dispatcher(new DeliveryPolicy(Duration.ofSeconds(1), new RetryPolicy(0,
                Duration.ofMillis(5), Duration.ofMillis(10), Duration.ZERO, 1), java.util.Map.of(), 16));
        try {
            AtomicInteger calls = new AtomicInteger();
            DeliveryLane lane = aged.lane("t/x", "x", always(HandlerResult.retryable("503"), calls));
            lane.offer(-1, event("m"));
            lane.drained().get(5, TimeUnit.SECONDS);
            assertTrue(aged.deadLetters().get(0).reason().startsWith("gave up after 0s (max-age): 503"),
                    aged.deadLetters().get(0).reason());
        } finally {
            aged.close();
        }
    }

    @Test
    void aCallThatNeverCompletesTimesOutAndAThrowingHandlerFailsWithoutEscaping() throws Exception {
        DeliveryLane silent = dispatcher.lane("t/silent", "silent", e -> new CompletableFuture<>());
        DeliveryLane throwing = dispatcher.lane("t/throwing", "throwing", e -> {
            throw new IllegalStateException("bug");
        });
        offer(silent, event("m"));
        offer(throwing, event("m"));
        silent.drained().get(10, TimeUnit.SECONDS);
        throwing.drained().get(5, TimeUnit.SECONDS);
        assertEquals(1, dispatcher.metrics().snapshot().get("silent").failed());
        assertEquals(3, dispatcher.metrics().snapshot().get("silent").retries());
        assertTrue(dispatcher.deadLetters().stream().anyMatch(d -> d.lane().equals("t/silent")
                && d.reason().equals("gave up after 4 attempt(s): timed out after 300ms")));
        assertTrue(dispatcher.deadLetters().stream().anyMatch(d -> d.lane().equals("t/throwing")
                && d.reason().startsWith("handler failed: java.lang.IllegalStateException: bug")));
    }

    @Test
    void eventsArriveInOrderNothingIsDroppedAndASlowLaneHoldsUpOnlyItself() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        DeliveryLane slow = dispatcher.lane("t/slow", "slow", e -> {
            seen.add(e.message());
            if (e.message().equals("0")) {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    return HandlerResult.delivered();
                });
            }
            return CompletableFuture.completedFuture(HandlerResult.delivered());
        });
        AtomicInteger fastCalls = new AtomicInteger();
        DeliveryLane fast = dispatcher.lane("t/fast", "fast", always(HandlerResult.delivered(), fastCalls));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            offer(slow, event(String.valueOf(i)));
            offer(fast, event(String.valueOf(i)));
            sent.add(String.valueOf(i));
        }
        fast.drained().get(10, TimeUnit.SECONDS);
        assertEquals(5000, fastCalls.get(), "a slow handler does not hold up another one");
        assertEquals(List.of("0"), seen, "the slow lane is still waiting on its first call");
        release.countDown();
        slow.drained().get(10, TimeUnit.SECONDS);
        assertEquals(sent, seen, "every event, in order");
    }

    @Test
    void withSeveralCallsInFlightAFailedEventWaitsAloneWhileTheOthersGoOn() throws Exception {
        Dispatcher parallel = new Dispatcher(new DeliveryPolicy(Duration.ofSeconds(2), FAST.maxAttempts() > 0
                ? new RetryPolicy(0, Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofHours(1), 4)
                : FAST, java.util.Map.of(), 1024));
        try {
            List<String> delivered = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean failedOnce = new AtomicBoolean();
            DeliveryLane lane = parallel.lane("t/p", "p", e -> {
                if (e.message().equals("0") && failedOnce.compareAndSet(false, true)) {
                    return CompletableFuture.completedFuture(HandlerResult.retryable("503"));
                }
                delivered.add(e.message());
                return CompletableFuture.completedFuture(HandlerResult.delivered());
            });
            for (int i = 0; i < 5; i++) {
                lane.offer(-1, event(String.valueOf(i)));
            }
            lane.drained().get(5, TimeUnit.SECONDS);
            assertEquals(List.of("1", "2", "3", "4", "0"), delivered);
        } finally {
            parallel.close();
        }
    }

    @Test
    void aBatchHandlerGetsManyEventsPerCallAndAFailureInTheMiddleIsRetriedFromThere() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean failedOnce = new AtomicBoolean();
        CountDownLatch gate = new CountDownLatch(1);
        BatchHandler batcher = new BatchHandler() {
            @Override
            public CompletionStage<HandlerResult> handle(AlertEvent event) {
                throw new AssertionError("a batch handler gets handleAll");
            }

            @Override
            public CompletionStage<List<HandlerResult>> handleAll(List<AlertEvent> events) {
                batchSizes.add(events.size());
                if (events.get(0).message().equals("0")) {
                    return CompletableFuture.supplyAsync(() -> {
                        try {
                            gate.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        events.forEach(e -> written.add(e.message()));
                        return Collections.nCopies(events.size(), HandlerResult.delivered());
                    });
                }
                List<HandlerResult> results = new ArrayList<>();
                for (AlertEvent e : events) {
                    if (e.message().equals("300") && failedOnce.compareAndSet(false, true)) {
                        results.add(HandlerResult.retryable("disk busy"));
                        break;
                    }
                    written.add(e.message());
                    results.add(HandlerResult.delivered());
                }
                return CompletableFuture.completedFuture(results);
            }
        };
        DeliveryLane lane = dispatcher.lane("t/log", "log", batcher);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            offer(lane, event(String.valueOf(i)));
            sent.add(String.valueOf(i));
        }
        gate.countDown();
        lane.drained().get(10, TimeUnit.SECONDS);
        assertEquals(sent, written);
        assertTrue(batchSizes.stream().anyMatch(n -> n == DeliveryLane.BATCH), batchSizes.toString());
        assertEquals(1000, dispatcher.metrics().snapshot().get("log").delivered());
        assertEquals(1, dispatcher.metrics().snapshot().get("log").retries());
        assertEquals(0, outbox.size());
    }

    @Test
    void aRemovedHandlerKeepsItsBacklogAsDeadLettersAndAReplacementTakesItOver() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DeliveryLane removed = dispatcher.lane("t/gone", "gone", always(HandlerResult.retryable("503"), calls));
        offer(removed, event("a"));
        offer(removed, event("b"));
        removed.close();
        removed.drained().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("a", "b"), dispatcher.deadLetters().stream().map(d -> d.event().message()).toList());

        CountDownLatch hold = new CountDownLatch(1);
        DeliveryLane old = dispatcher.lane("t/redefined", "r", e -> CompletableFuture.supplyAsync(() -> {
            try {
                hold.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return HandlerResult.retryable("503");
        }));
        for (String m : List.of("1", "2", "3")) {
            offer(old, event(m));
        }
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        DeliveryLane replacement = dispatcher.lane("t/redefined", "r", e -> {
            got.add(e.message());
            return CompletableFuture.completedFuture(HandlerResult.delivered());
        });
        old.close();
        hold.countDown();
        old.drained().get(5, TimeUnit.SECONDS);
        replacement.drained().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("1", "2", "3"), got.stream().sorted().toList());
        assertEquals(2, dispatcher.deadLetters().size(), "nothing of the redefined lane was given up");
    }

    @Test
    void backoffGrowsIsJitteredAndCappedAndRetryAfterWins() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofHours(1),
                1);
        assertEquals(Duration.ofMillis(50), policy.backoff(2, 0));
        assertEquals(Duration.ofMillis(100), policy.backoff(2, 1));
        assertEquals(Duration.ofMillis(200), policy.backoff(4, 0.0));
        assertEquals(Duration.ofMillis(1000), policy.backoff(30, 1));
        assertEquals(Duration.ofMillis(700), policy.delay(3, Optional.of(Duration.ofMillis(700)), 0.5));
        assertEquals(Duration.ofSeconds(1), policy.delay(3, Optional.of(Duration.ofHours(1)), 0.5));
        assertTrue(policy.mayRetry(9, 0));
        assertTrue(!policy.mayRetry(10, 0));
        assertTrue(!policy.mayRetry(1, Duration.ofHours(2).toMillis()));
        // The default survives a long outage: unlimited attempts within 24 h, at most 5 min apart.
        RetryPolicy dflt = RetryPolicy.DEFAULT;
        assertTrue(dflt.mayRetry(1_000, Duration.ofHours(23).toMillis()));
        assertEquals(Duration.ofMinutes(5), dflt.backoff(40, 1));
    }
}
