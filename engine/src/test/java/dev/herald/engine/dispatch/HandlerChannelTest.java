package dev.herald.engine.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.testkit.SampleEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandlerChannelTest {
    private final Dispatcher dispatcher = new Dispatcher(new DeliveryPolicy(3, Duration.ofMillis(300), 4,
            Duration.ofMillis(5), Duration.ofMillis(40)));

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private static AlertEvent event(String message) {
        return SampleEvents.event(Level.CRITICAL, message);
    }

    @Test
    void retryableFailuresAreRetriedUntilTheyPass() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch delivered = new CountDownLatch(1);
        Handler flaky = e -> {
            if (calls.incrementAndGet() < 3) {
                return CompletableFuture.completedFuture(HandlerResult.retryable("503"));
            }
            delivered.countDown();
            return CompletableFuture.completedFuture(HandlerResult.delivered());
        };
        HandlerChannel channel = dispatcher.channel("flaky", "t/flaky", flaky);
        channel.offer(event("m"));
        assertTrue(delivered.await(5, TimeUnit.SECONDS));
        channel.drained().get(5, TimeUnit.SECONDS);
        assertEquals(3, calls.get());
        DeliveryMetrics.Counts counts = dispatcher.metrics().snapshot().get("flaky");
        assertEquals(1, counts.delivered());
        assertEquals(2, counts.retries());
        assertEquals(0, counts.failed());
    }

    @Test
    void permanentFailuresAreNotRetriedAndExhaustedRetriesFail() throws Exception {
        AtomicInteger permanentCalls = new AtomicInteger();
        HandlerChannel permanent = dispatcher.channel("bad", "t/bad", e -> {
            permanentCalls.incrementAndGet();
            return CompletableFuture.completedFuture(HandlerResult.permanent("400"));
        });
        AtomicInteger retryCalls = new AtomicInteger();
        HandlerChannel down = dispatcher.channel("down", "t/down", e -> {
            retryCalls.incrementAndGet();
            return CompletableFuture.completedFuture(HandlerResult.retryable("refused"));
        });
        permanent.offer(event("m"));
        down.offer(event("m"));
        permanent.drained().get(5, TimeUnit.SECONDS);
        down.drained().get(5, TimeUnit.SECONDS);
        assertEquals(1, permanentCalls.get());
        assertEquals(4, retryCalls.get(), "maxAttempts");
        assertEquals(1, dispatcher.metrics().snapshot().get("bad").failed());
        assertEquals(1, dispatcher.metrics().snapshot().get("down").failed());
        assertEquals(3, dispatcher.metrics().snapshot().get("down").retries());
    }

    @Test
    void aHandlerThatNeverAnswersTimesOutAndAThrowingOneFailsWithoutEscaping() throws Exception {
        HandlerChannel silent = dispatcher.channel("silent", "t/silent", e -> new CompletableFuture<>());
        HandlerChannel throwing = dispatcher.channel("throwing", "t/throwing", e -> {
            throw new IllegalStateException("bug");
        });
        silent.offer(event("m"));
        throwing.offer(event("m"));
        silent.drained().get(10, TimeUnit.SECONDS);
        throwing.drained().get(5, TimeUnit.SECONDS);
        assertEquals(1, dispatcher.metrics().snapshot().get("silent").failed());
        assertEquals(3, dispatcher.metrics().snapshot().get("silent").retries());
        assertEquals(1, dispatcher.metrics().snapshot().get("throwing").failed());
    }

    @Test
    void eventsArriveInOrderAndAFullQueueDrops() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        HandlerChannel slow = dispatcher.channel("slow", "t/slow", e -> {
            seen.add(e.message());
            if (e.message().equals("0")) {
                return CompletableFuture.runAsync(() -> {
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }).thenApply(v -> HandlerResult.delivered());
            }
            return CompletableFuture.completedFuture(HandlerResult.delivered());
        });
        AtomicInteger fastCalls = new AtomicInteger();
        HandlerChannel fast = dispatcher.channel("fast", "t/fast", e -> {
            fastCalls.incrementAndGet();
            return CompletableFuture.completedFuture(HandlerResult.delivered());
        });
        List<Boolean> accepted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            accepted.add(slow.offer(event(String.valueOf(i))));
            fast.offer(event(String.valueOf(i)));
        }
        fast.drained().get(5, TimeUnit.SECONDS);
        assertEquals(6 - dispatcher.metrics().snapshot().get("fast").dropped(), fastCalls.get(),
                "a slow handler does not hold up another one");
        release.countDown();
        slow.drained().get(5, TimeUnit.SECONDS);
        long dropped = accepted.stream().filter(a -> !a).count();
        assertTrue(dropped >= 2, "capacity 3 with one in flight: " + accepted);
        assertEquals(dropped, dispatcher.metrics().snapshot().get("slow").dropped());
        List<String> expectedOrder = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (accepted.get(i)) {
                expectedOrder.add(String.valueOf(i));
            }
        }
        assertEquals(expectedOrder, seen);
    }

    @Test
    void backoffGrowsAndIsCapped() {
        DeliveryPolicy policy = new DeliveryPolicy(10, Duration.ofSeconds(1), 10, Duration.ofMillis(100),
                Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(50), policy.backoff(2, 0));
        assertEquals(Duration.ofMillis(100), policy.backoff(2, 1));
        assertEquals(Duration.ofMillis(200), policy.backoff(4, 0.0));
        assertEquals(Duration.ofMillis(1000), policy.backoff(30, 1));
    }
}
