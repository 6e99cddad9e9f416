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

/** holtWinters and holtWintersWithFit: Kapacitor's TestStream_HoltWinters and _HoltWintersWithFit, bit for bit. */
class HoltWintersNodeTest {

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    private static SeriesRow run(String function) {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('packets')
                		.groupBy('host')
                	|window()
                		.period(10s)
                		.every(10s)
                	|%s('value', 3, 0, 1s)
                	|where(lambda: "host" == 'serverA')
                	|httpOut('out')
                """.formatted(function))) {
            h.writeSrpl("TestStream_HoltWinters");
            return h.row();
        }
    }

    @Test
    void holtWinters() {
        SeriesRow r = run("holtWinters");
        assertEquals("packets", r.name());
        assertEquals(Map.of("host", "serverA"), r.tags());
        assertEquals(List.of("time", "holtWinters"), r.columns());
        assertEquals(List.of(row(sec(10), 1009.324690106368), row(sec(11), 1009.7524349889708),
                row(sec(12), 1010.105056042826)), r.values());
    }

    @Test
    void holtWintersWithFit() {
        SeriesRow r = run("holtWintersWithFit");
        double[] expected = {1000.0, 1000.7349380776699, 1001.8935462884633, 1003.1750039651934,
            1004.4245269000132, 1005.5685498251902, 1006.5782508658309, 1007.4488388165385, 1008.1877681696025,
            1008.8080773333872, 1009.324690106368, 1009.7524349889708, 1010.105056042826};
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            rows.add(row(sec(i), expected[i]));
        }
        assertEquals(rows, r.values());
    }

    @Test
    void goPowMatchesGoOnIntegerPowers() {
        // the special cases of Go's math.Pow; the squaring path is what makes the forecasts above match bit for bit
        assertEquals(0.7 * 0.7, HoltWinters.goPow(0.7, 2));
        assertEquals(1.0, HoltWinters.goPow(1.0, 9));
        assertEquals(0.0, HoltWinters.goPow(0.0, 3));
        assertEquals(-0.125, HoltWinters.goPow(-0.5, 3));
    }

    @Test
    void defineTimeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"holtWinters('value', 3, 0)",
                    "holtWinters takes a field name, a horizon h, a season m and an interval"},
                {"holtWinters('value', 3, 0, 0s)", "holtWinters interval must be greater than zero"},
                {"holtWintersWithFit('value', 'x', 0, 1s)", "holtWintersWithFit h"},
            }) {
                TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "stream|from()|" + c[0])), c[0]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            }
        }
    }
}
