package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** top and bottom: Kapacitor's TestStream_TopSelector, and bottom, ties, point times and errors. */
class TopBottomNodeTest {

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void topSelector() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from()
                		.measurement('scores')
                		// Get the most recent score for each player
                		.groupBy('game', 'player')
                    |window()
                        .period(2s)
                        .every(2s)
                        .align()
                    |last('value')
                    // Calculate the top 5 scores per game
                    |groupBy('game')
                    |top(5, 'last', 'player')
                    |httpOut('out')
                """)) {
            h.writeSrpl("TestStream_TopSelector");
            List<SeriesRow> rows = h.result();
            assertEquals(List.of(
                    new SeriesRow("scores", Map.of("game", "g0"), List.of("time", "player", "top"), List.of(
                            row(sec(4), "p7", 978.0), row(sec(4), "p10", 957.0), row(sec(4), "p9", 878.0),
                            row(sec(4), "p5", 877.0), row(sec(4), "p15", 791.0))),
                    new SeriesRow("scores", Map.of("game", "g1"), List.of("time", "player", "top"), List.of(
                            row(sec(4), "p19", 926.0), row(sec(4), "p12", 887.0), row(sec(4), "p0", 879.0),
                            row(sec(4), "p15", 872.0), row(sec(4), "p16", 863.0)))), rows);
        }
    }

    @Test
    void bottomWithTiesAndPointTimes() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m')
                    |window().period(10s).every(10s)
                    |bottom(3, 'n').as('low').usePointTimes()
                    |httpOut('out')
                """)) {
            h.write("m,h=a n=5i 0\nm,h=b n=2i 1\nm,h=c n=7i 2\nm,h=d n=2i 3\nm,h=e n=1i 4\nm,h=f n=9i 10\n");
            SeriesRow r = h.row();
            assertEquals(List.of("time", "h", "low"), r.columns());
            assertEquals(List.of(row(sec(4), "e", 1L), row(sec(1), "b", 2L), row(sec(3), "d", 2L)), r.values());
        }
    }

    @Test
    void defineTimeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"top('value')", "top takes a number of points, a field name"},
                {"top(0, 'value')", "top num must be between 1 and 1000000, got 0"},
                {"bottom('x', 'value')", "bottom num"},
                {"top(2, 'value').nope()", "nope"},
            }) {
                TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "stream|from()|" + c[0])), c[0]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            }
        }
    }
}
