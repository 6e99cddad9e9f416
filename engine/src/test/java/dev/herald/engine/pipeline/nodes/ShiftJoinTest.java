package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.core.event.SeriesRow;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** shift with join: Kapacitor's TestStream_Shift, _ShiftBatch, _ShiftNegative and _ShiftBatchNegative. */
class ShiftJoinTest {

    private static void check(String pastShift, String pastBatchShift, String currentShift, long expectedSecond) {
        try (NodeHarness h = new NodeHarness("""
                var period  = 5s
                var data  = stream
                	|from()
                		.measurement('cpu')
                		.where(lambda: "host" == 'serverA')
                var past = data
                	|window()
                		.period(period)
                		.every(period)
                		.align()
                %s	|count('value')
                %s
                var current = data
                	|window()
                		.period(period)
                		.every(period)
                		.align()
                	|count('value')
                %s
                past
                	|join(current)
                		.as('past', 'current')
                	|eval(lambda: "current.count" - "past.count")
                		.keep()
                		.as('diff')
                	|httpOut('out')
                """.formatted(pastBatchShift, pastShift, currentShift))) {
            h.writeSrpl("TestStream_Shift");
            assertEquals(List.of(new SeriesRow("cpu", Map.of(), List.of("time", "current.count", "diff",
                    "past.count"), List.of(Arrays.asList(sec(expectedSecond), 5L, 1L, 4L)))), h.result());
        }
    }

    @Test
    void shift() {
        check("\t|shift(period)", "", "", 10);
    }

    @Test
    void shiftBatch() {
        check("", "\t|shift(period)\n", "", 10);
    }

    @Test
    void shiftNegative() {
        check("", "", "\t|shift(-period)", 5);
    }

    @Test
    void shiftBatchNegative() {
        try (NodeHarness h = new NodeHarness("""
                var period  = 5s
                var data  = stream
                	|from()
                		.measurement('cpu')
                		.where(lambda: "host" == 'serverA')
                var past = data
                	|window()
                		.period(period)
                		.every(period)
                		.align()
                	|count('value')
                var current = data
                	|window()
                		.period(period)
                		.every(period)
                		.align()
                	|shift(-period)
                	|count('value')
                past
                	|join(current)
                		.as('past', 'current')
                	|eval(lambda: "current.count" - "past.count")
                		.keep()
                		.as('diff')
                	|httpOut('out')
                """)) {
            h.writeSrpl("TestStream_Shift");
            assertEquals(List.of(new SeriesRow("cpu", Map.of(), List.of("time", "current.count", "diff",
                    "past.count"), List.of(Arrays.asList(sec(5), 5L, 1L, 4L)))), h.result());
        }
    }
}
