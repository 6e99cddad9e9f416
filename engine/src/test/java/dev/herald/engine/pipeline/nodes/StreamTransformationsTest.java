package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * cumulativeSum, difference, elapsed, movingAverage: Kapacitor's TestStream_CumulativeSum, _Difference, _Elapsed and
 * _MovingAverage (scripts, data with times relative to the first point, expected results).
 */
class StreamTransformationsTest {

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    /** Line protocol for {@code packets value=<v> <t>} pairs. */
    private static String packets(double... valueTime) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < valueTime.length; i += 2) {
            b.append("packets value=").append(valueTime[i]).append(' ').append((long) valueTime[i + 1]).append('\n');
        }
        return b.toString();
    }

    @Test
    void elapsed() {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('packets')
                	|elapsed('value', 1s)
                	|window()
                		.period(10s)
                		.every(10s)
                	|max('elapsed')
                	|httpOut('out')
                """)) {
            h.write(packets(1000, 0, 1001, 1, 1002, 2, 1003, 3, 1004, 4, 1006, 5, 1009, 9, 1010, 10, 1011, 11));
            SeriesRow r = h.row();
            assertEquals(Map.of(), r.tags());
            assertEquals(List.of("time", "max"), r.columns());
            assertEquals(List.of(row(sec(11), 4L)), r.values());
        }
    }

    @Test
    void difference() {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('packets')
                	|difference('value')
                	|window()
                		.period(10s)
                		.every(10s)
                	|max('difference')
                	|httpOut('out')
                """)) {
            h.write(packets(1000, 0, 1001, 1, 1006, 2, 1009, 9, 1010, 10, 1011, 11));
            SeriesRow r = h.row();
            assertEquals(List.of("time", "max"), r.columns());
            assertEquals(List.of(row(sec(11), 5.0)), r.values());
        }
    }

    @Test
    void movingAverage() {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('packets')
                	|movingAverage('value', 4)
                	|window()
                		.period(10s)
                		.every(10s)
                	|httpOut('out')
                """)) {
            h.write(packets(1000, 0, 1001, 1, 1002, 2, 1003, 3, 1014, 4, 1015, 5, 1016, 6, 1017, 7, 1018, 8,
                    1019, 9, 1020, 10, 1021, 11, 1022, 12, 1023, 13, 1024, 14));
            SeriesRow r = h.row();
            assertEquals("packets", r.name());
            assertEquals(List.of("time", "movingAverage"), r.columns());
            double[] expected = {1001.5, 1005.0, 1008.5, 1012.0, 1015.5, 1016.5, 1017.5, 1018.5, 1019.5, 1020.5};
            List<List<Object>> rows = new ArrayList<>();
            for (int i = 0; i < expected.length; i++) {
                rows.add(row(sec(3 + i), expected[i]));
            }
            assertEquals(rows, r.values());
        }
    }

    @Test
    void cumulativeSum() {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('packets')
                	|cumulativeSum('value')
                	|window()
                		.period(10s)
                		.every(10s)
                	|httpOut('out')
                """)) {
            h.write(packets(0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10));
            SeriesRow r = h.row();
            assertEquals(List.of("time", "cumulativeSum"), r.columns());
            double[] expected = {0, 0, 1, 3, 6, 10, 15, 21, 28, 36};
            List<List<Object>> rows = new ArrayList<>();
            for (int i = 0; i < expected.length; i++) {
                rows.add(row(sec(i), expected[i]));
            }
            assertEquals(rows, r.values());
        }
    }

    @Test
    void integersStayIntegersPerGroupAndAsRenames() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m').groupBy('host')
                    |difference('n').as('d')
                    |httpOut('out')
                """)) {
            h.write("m,host=a n=5i 0\nm,host=b n=1i 0\nm,host=a n=3i 1\nm,host=a n=9i 1\nm,host=b n=4i 2\n");
            List<SeriesRow> rows = h.result();
            assertEquals(2, rows.size(), rows::toString);
            assertEquals(List.of(new SeriesRow("m", Map.of("host", "a"), List.of("time", "d"),
                    List.of(row(sec(1), -2L)))), rows.subList(0, 1));
            assertEquals(List.of(row(sec(2), 3L)), rows.get(1).values());
        }
    }

    @Test
    void defineTimeErrors() {
        Herald herald = Herald.builder().handlers(List.of()).build();
        try (herald) {
            for (String[] c : new String[][] {
                {"movingAverage('value', 0)", "movingAverage window must be between 1 and 1000000, got 0"},
                {"movingAverage('value')", "movingAverage takes a field name and a window size, got 1 argument"},
                {"elapsed('value', 0s)", "elapsed unit must be greater than zero"},
                {"cumulativeSum('value').unit(1s)", "unit"},
            }) {
                TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "stream|from()|" + c[0])), c[0]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            }
        }
    }
}
