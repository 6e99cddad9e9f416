package dev.herald.engine.pipeline.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.engine.Herald;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * deadman on the engine scheduler with a fixed engine clock, written as in Kapacitor: deadman is itself the alert
 * node, with Kapacitor's default id and message. Waits are
 * bounded latches on alert events, never sleeps.
 */
class DeadmanNodeTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_000);
    private static final String SCRIPT = """
            stream
                |from().measurement('m').groupBy('host')
                |deadman(0.0, 40ms)
                    .topic('t')
            """;

    private static final class Events {
        final List<AlertEvent> all = new CopyOnWriteArrayList<>();
        volatile Predicate<AlertEvent> waitingFor = e -> false;
        volatile CountDownLatch latch = new CountDownLatch(1);

        void accept(AlertEvent e) {
            all.add(e);
            if (waitingFor.test(e)) {
                latch.countDown();
            }
        }

        AlertEvent await(Predicate<AlertEvent> p) throws InterruptedException {
            for (AlertEvent e : all) {
                if (p.test(e)) {
                    return e;
                }
            }
            latch = new CountDownLatch(1);
            waitingFor = p;
            for (AlertEvent e : all) {
                if (p.test(e)) {
                    return e;
                }
            }
            assertTrue(latch.await(20, TimeUnit.SECONDS), () -> "no matching event; got " + all);
            return all.stream().filter(p).findFirst().orElseThrow();
        }
    }

    @Test
    void aGroupThatStopsSendingGoesCriticalAndRecoversWhenItSendsAgain() throws Exception {
        Events events = new Events();
        try (Herald herald = Herald.builder().handlers(List.of()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            herald.onEvent(events::accept);
            NodeHarness h = new NodeHarness(herald, SCRIPT);
            h.write("m,host=a v=1 1");
            AlertEvent crit = events.await(e -> e.level() == Level.CRITICAL && e.data().group().equals("host=a"));
            assertEquals("host=a:from1 for task 't'", crit.id());
            assertEquals("host=a:from1 for task 't' is dead: 0.000 points/40ms.", crit.message());
            assertEquals("stats", crit.data().name());
            assertEquals(Map.of("host", "a"), crit.data().tags());
            assertEquals(Map.of("emitted", 0.0), crit.data().fields());
            assertEquals(NOW, crit.time(), "stats points are timed at the engine clock rounded to the interval");

            h.write("m,host=a v=1 2");
            AlertEvent ok = events.await(e -> e.level() == Level.OK && e.data().group().equals("host=a"));
            assertTrue((Double) ok.data().fields().get("emitted") >= 1.0);
        }
    }

    @Test
    void withoutAnyDataTheNilGroupIsDead() throws Exception {
        Events events = new Events();
        try (Herald herald = Herald.builder().handlers(List.of()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            herald.onEvent(events::accept);
            new NodeHarness(herald, SCRIPT);
            AlertEvent crit = events.await(e -> e.level() == Level.CRITICAL);
            assertEquals("nil:from1 for task 't'", crit.id());
            assertEquals(Map.of("emitted", 0.0), crit.data().fields());
        }
    }
}
