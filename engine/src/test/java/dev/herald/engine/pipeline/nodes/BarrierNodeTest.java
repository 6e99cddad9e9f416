package dev.herald.engine.pipeline.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.engine.Herald;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * barrier: an idle or periodic barrier makes the window below emit without more data (Kapacitor's
 * TestStream_Barrier_* behaviour, with the engine's clock and scheduler); waits are bounded latches.
 */
class BarrierNodeTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_000);

    private static AlertEvent firstCritical(String script, String lines) throws InterruptedException {
        AtomicReference<AlertEvent> seen = new AtomicReference<>();
        CountDownLatch latch = new CountDownLatch(1);
        try (Herald herald = Herald.builder().handlers(List.of()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            herald.onEvent(e -> {
                if (e.level() == Level.CRITICAL && seen.compareAndSet(null, e)) {
                    latch.countDown();
                }
            });
            NodeHarness h = new NodeHarness(herald, script);
            h.write(lines);
            assertTrue(latch.await(20, TimeUnit.SECONDS), "the window was not emitted");
            return seen.get();
        }
    }

    @Test
    void anIdleBarrierFlushesTheWindow() throws Exception {
        // one point at 0s; the window ends at 0.1s; idle barriers at 0.05s then 0.1s let it emit
        AlertEvent e = firstCritical("""
                stream
                    |from().measurement('cpu')
                    |barrier().idle(50ms)
                    |window().period(100ms).every(100ms)
                    |count('value')
                    |alert().crit(lambda: "count" > 0).topic('t')
                """, "cpu value=1 0\n");
        assertEquals(Map.of("count", 1L), e.data().fields());
        assertEquals(Instant.ofEpochMilli(100), e.time());
    }

    @Test
    void aPeriodicBarrierIsAtTheEngineClock() throws Exception {
        // one point at 999s; the window ends at 1000s, the engine clock: the first periodic barrier emits it
        AlertEvent e = firstCritical("""
                stream
                    |from().measurement('cpu')
                    |barrier().period(50ms)
                    |window().period(1s).every(1s)
                    |count('value')
                    |alert().crit(lambda: "count" > 0).topic('t')
                """, "cpu value=1 999\n");
        assertEquals(Map.of("count", 1L), e.data().fields());
        assertEquals(NOW, e.time());
    }

    @Test
    void defineTimeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"barrier()", "idle must be greater than zero"},
                {"barrier().idle(1s).period(1s)", "cannot specify both idle and period"},
                {"barrier().period(-1s)", "period must be greater than zero"},
                {"barrier().idle(1s).delete(TRUE)", "barrier .delete() is not supported"},
            }) {
                TickscriptException ex = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "stream|from()|" + c[0])), c[0]);
                assertTrue(ex.getMessage().contains(c[1]), ex.getMessage());
            }
        }
    }
}
