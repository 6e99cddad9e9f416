package dev.herald.engine.pipeline.nodes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.engine.Herald;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.nio.charset.StandardCharsets;
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

    /**
     * Kapacitor's TestStream_Barrier_Idle scaled: 21 points 200ms apart, windows of 2.8s every 2s posted by
     * httpPost; the last window is emitted by the idle barrier (the last point time plus the 2s idle).
     */
    @Test
    void idleBarrierEmitsTheLastWindowAsKapacitorsBarrierIdleCase() throws Exception {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try {
            server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
            CountDownLatch three = new CountDownLatch(3);
            // the listener sees each request as it is answered (the request journal may lag behind it); the body
            // is copied while the request is live
            List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
            server.addMockServiceRequestListener((request, response) -> {
                bodies.add(new String(request.getBody(), StandardCharsets.UTF_8));
                three.countDown();
            });
            try (Herald herald = Herald.builder().handlers(List.of()).build()) {
                NodeHarness h = new NodeHarness(herald, """
                        var period = 2800ms
                        var every = 2s
                        var idle = 2s
                        stream
                        	|from()
                        		.database('dbname')
                        		.retentionPolicy('rpname')
                        		.measurement('cpu')
                        	|barrier().idle(idle)
                        	|window()
                        		.period(period)
                        		.every(every)
                        	|httpPost('%s')
                        """.formatted("http://127.0.0.1:" + server.port()));
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 21; i++) {
                    lines.append("cpu value=").append(i).append(' ').append(i * 200L).append('\n');
                }
                assertTrue(herald.write(lines.toString(), "dbname", "rpname", Precision.MILLISECONDS).errors()
                        .isEmpty());
                assertTrue(three.await(20, TimeUnit.SECONDS), "three windows were not posted");
                assertEquals(List.of(body(0, 10), body(6, 20), body(16, 21)), bodies.subList(0, 3));
            }
        } finally {
            server.stop();
        }
    }

    /** Kapacitor's row JSON for the points i in [from, to) (value i at i * 200ms). */
    private static String body(int from, int to) {
        StringBuilder values = new StringBuilder();
        for (int i = from; i < to; i++) {
            long ms = i * 200L;
            String frac = ms % 1000 == 0 ? "" : "." + String.valueOf(ms % 1000 / 100);
            values.append(i > from ? "," : "").append("[\"1970-01-01T00:00:0").append(ms / 1000).append(frac)
                    .append("Z\",").append(i).append(']');
        }
        return "{\"series\":[{\"name\":\"cpu\",\"columns\":[\"time\",\"value\"],\"values\":[" + values
                + "]}]}\n";
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
