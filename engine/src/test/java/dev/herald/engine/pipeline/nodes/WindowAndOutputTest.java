package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.pipeline.GroupId;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** window (Kapacitor's window cases), httpOut, log, and property errors. */
class WindowAndOutputTest {
    /** serverA of TestStream_Window.srpl. */
    static final double[] VALUES = {97.1, 92.6, 95.6, 93.1, 92.6, 95.8, 92.7, 96.0, 93.4, 95.3, 96.4, 95.1, 91.1,
        95.7, 96.2, 96.6, 91.2, 98.2, 96.1, 94.9, 92.1, 93.3};

    static String data(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("cpu,type=idle,host=serverA value=").append(VALUES[i]).append(' ').append(i).append('\n');
            sb.append("cpu,type=idle,host=serverB value=1 ").append(i).append('\n');
        }
        return sb.toString();
    }

    static String script(String window) {
        return """
                stream
                    |from()
                        .measurement('cpu')
                        .where(lambda: "host" == 'serverA')
                    |window()%s
                    |httpOut('out')
                """.formatted(window);
    }

    static List<List<Object>> rows(int from, int to) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(List.of(sec(i), "serverA", "idle", VALUES[i]));
        }
        return out;
    }

    @Test
    void windowPeriodEvery() {
        try (NodeHarness h = new NodeHarness(script(".period(10s).every(10s)"))) {
            h.write(data(0, 10));
            assertTrue(h.result().isEmpty());
            h.write(data(10, 13));
            SeriesRow r = h.row();
            assertEquals("cpu", r.name());
            assertEquals(Map.of(), r.tags());
            assertEquals(List.of("time", "host", "type", "value"), r.columns());
            assertEquals(rows(0, 10), r.values());
        }
    }

    @Test
    void overlappingWindowsEmitEveryAndKeepPeriod() {
        try (NodeHarness h = new NodeHarness(script(".period(10s).every(5s)"))) {
            h.write(data(0, 5));
            assertTrue(h.result().isEmpty());
            h.write(data(5, 6));
            assertEquals(rows(0, 5), h.row().values());
            h.write(data(6, 16));
            // emitted at 10s ([0s, 10s)) then at 15s ([5s, 15s))
            assertEquals(rows(5, 15), h.row().values());
        }
    }

    @Test
    void everyZeroEmitsOnEveryPointTheRightClosedPeriod() {
        try (NodeHarness h = new NodeHarness(script(".period(3s)"))) {
            h.write(data(0, 1));
            assertEquals(rows(0, 1), h.row().values());
            h.write(data(1, 5));
            assertEquals(rows(2, 5), h.row().values());
        }
    }

    @Test
    void fillPeriodAligned() {
        try (NodeHarness h = new NodeHarness(script(".period(14s).every(10s).fillPeriod().align()"))) {
            h.write(data(0, 20));
            assertTrue(h.result().isEmpty(), "the first window ends at 20s, the first aligned end after 14s");
            h.write(data(20, 21));
            assertEquals(rows(6, 20), h.row().values());
        }
    }

    @Test
    void alignedWindowsEndOnMultiplesOfEvery() {
        try (NodeHarness h = new NodeHarness(script(".period(10s).every(10s).align()"))) {
            h.write(data(3, 10));
            assertTrue(h.result().isEmpty());
            h.write(data(10, 11));
            assertEquals(rows(3, 10), h.row().values());
        }
    }

    @Test
    void countWindows() {
        try (NodeHarness h = new NodeHarness(script(".periodCount(3).everyCount(2)"))) {
            h.write(data(0, 2));
            assertEquals(rows(0, 2), h.row().values());
            h.write(data(2, 4));
            assertEquals(rows(1, 4), h.row().values());
        }
        try (NodeHarness h = new NodeHarness(script(".periodCount(3).everyCount(1).fillPeriod()"))) {
            h.write(data(0, 2));
            assertTrue(h.result().isEmpty());
            h.write(data(2, 4));
            assertEquals(rows(1, 4), h.row().values());
        }
    }

    @Test
    void windowsAreKeptPerGroupWithTheGroupTags() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('cpu').groupBy('host')
                    |window().period(10s).every(10s)
                    |count('value')
                    |httpOut('out')
                """)) {
            h.write(data(0, 11));
            List<SeriesRow> rows = h.result();
            assertEquals(2, rows.size());
            assertEquals(Map.of("host", "serverA"), rows.get(0).tags());
            assertEquals(List.of(List.of(sec(10), 10L)), rows.get(0).values());
            assertEquals(Map.of("host", "serverB"), rows.get(1).tags());
        }
    }

    @Test
    void httpOutIsFoundPerEngineTaskAndEndpointUntilTheTaskStops() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            NodeHarness h = new NodeHarness(herald, "stream|from().measurement('m')|httpOut('out')");
            h.write("m,host=a v=1 1\nm,host=a v=2 2");
            HttpOutNode node = HttpOutNode.find(herald.topics(), "t", "out").orElseThrow();
            assertEquals("out", node.endpoint());
            assertEquals("t", node.taskId());
            assertEquals(List.of(new SeriesRow("m", Map.of("host", "a"), List.of("time", "v"),
                    List.of(List.of(sec(2), 2.0)))), node.result());
            assertTrue(HttpOutNode.find(herald.topics(), "t", "other").isEmpty());
            assertThrows(TickscriptException.class, () -> herald.defineTask(TaskSpec.stream("t",
                    "stream|from()|httpOut('out')|window().nope()")));
            assertTrue(HttpOutNode.find(herald.topics(), "t", "out").isPresent(), "a failed redefinition keeps it");
            herald.defineTask(TaskSpec.stream("t", "stream|from()|httpOut('out')"));
            assertTrue(HttpOutNode.find(herald.topics(), "t", "out").orElseThrow().result().isEmpty());
            herald.deleteTask("t");
            assertTrue(HttpOutNode.find(herald.topics(), "t", "out").isEmpty());
        }
    }

    @Test
    void logFormatsPointsAndPassesThemOn() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m')
                    |log().level('DEBUG').prefix('P')
                    |httpOut('out')
                """)) {
            h.write("m,host=a v=1 1");
            assertEquals(List.of(List.of(sec(1), 1.0)), h.row().values());
        }
        LogNode log = (LogNode) LogNode.build(parse("stream|log().prefix('my prefix')"), null);
        String line = log.format(new Message.PointMessage(new dev.herald.engine.Point("db", "rp", "m",
                Map.of("host", "a"), Map.of("v", 1.5), sec(1)), GroupId.NIL));
        assertEquals("node=log1 prefix=\"my prefix\" msg=point name=m db=db rp=rp group=\"\" tag_host=a field_v=1.5 "
                + "time=1970-01-01T00:00:01Z", line);
    }

    private static dev.herald.engine.tick.PipelineNode parse(String script) {
        return dev.herald.engine.tick.Tickscript.parse(script, Map.of()).nodes().get(1);
    }

    @Test
    void badPropertiesNameLineAndColumn() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                    TaskSpec.stream("t", "stream\n    |window()\n        .perod(10s)\n")));
            assertEquals(3, e.line());
            assertEquals(10, e.column());
            assertTrue(e.detail().contains("perod") && e.detail().contains("align, every, everyCount, fillPeriod, period, periodCount"),
                    e.detail());

            e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                    TaskSpec.stream("t", "stream\n  |eval(lambda: 1, lambda: 2)\n     .as('one')\n")));
            assertEquals(3, e.line());
            assertEquals(7, e.column());
            assertTrue(e.detail().contains("got 1 as names, and 2 expressions"), e.detail());

            e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                    TaskSpec.stream("t", "stream\n  |derivative('v')\n    .unit('1s')\n")));
            assertEquals(3, e.line());
            assertTrue(e.detail().contains("expects a duration"), e.detail());

            e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                    TaskSpec.stream("t", "stream\n  |window()\n")));
            assertEquals(2, e.line());
            assertTrue(e.detail().contains("non zero period"), e.detail());

            e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                    TaskSpec.stream("t", "stream\n  |log().level('LOUD')\n")));
            assertEquals(2, e.line());
            assertTrue(e.detail().contains("invalid log level"), e.detail());

            e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                    TaskSpec.stream("t", "stream\n  |mean(lambda: \"v\")\n")));
            assertEquals(2, e.line());
            assertTrue(e.detail().contains("expects a string"), e.detail());
        }
    }
}
