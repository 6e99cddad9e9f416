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

/** stats on the engine scheduler with a fixed engine clock; waits are bounded latches on alert events. */
class StatsNodeTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_000);

    @Test
    void reportsTheCumulativeEmittedCountPerGroupOfItsSource() throws Exception {
        AtomicReference<AlertEvent> seen = new AtomicReference<>();
        CountDownLatch latch = new CountDownLatch(1);
        try (Herald herald = Herald.builder().handlers(List.of()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            herald.onEvent(e -> {
                if (e.level() == Level.CRITICAL && seen.compareAndSet(null, e)) {
                    latch.countDown();
                }
            });
            NodeHarness h = new NodeHarness(herald, """
                    stream
                        |from().measurement('m').groupBy('host')
                        |stats(40ms).align()
                        |alert().crit(lambda: "emitted" >= 2).topic('t')
                    """);
            h.write("m,host=a v=1 1\nm,host=b v=1 1\nm,host=a v=2 2\n");
            assertTrue(latch.await(20, TimeUnit.SECONDS), "no critical stats event");
            AlertEvent e = seen.get();
            assertEquals("stats", e.data().name());
            assertEquals("host=a", e.data().group());
            assertEquals(Map.of("host", "a"), e.data().tags());
            assertEquals(Map.of("emitted", 2L), e.data().fields());
            assertEquals(NOW, e.time(), "aligned: the engine clock rounded to the interval");
        }
    }

    @Test
    void defineTimeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"stats(0s)", "stats interval must be greater than zero"},
                {"stats()", "stats takes an interval, got 0 arguments"},
                {"stats(1s).every(2s)", "every"},
            }) {
                TickscriptException ex = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "stream|from()|" + c[0])), c[0]);
                assertTrue(ex.getMessage().contains(c[1]), ex.getMessage());
            }
        }
    }
}
