package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.SeriesRow;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The aggregates on 10s windows, with the data and expectations of Kapacitor's TestStream_InfluxQL_Float. */
class AggregateNodeTest {
    /** TestStream_InfluxQL_Float.srpl, times relative to the first point. */
    static final String FLOAT_DATA = """
            cpu,type=idle,host=serverA value=98 0
            cpu,type=idle,host=serverB value=97 0
            disk,type=sda,host=serverB value=39 0
            cpu,type=idle,host=serverA value=91 1
            cpu,type=idle,host=serverB value=91 1
            cpu,type=idle,host=serverA value=95 2
            cpu,type=idle,host=serverB value=95 2
            cpu,type=idle,host=serverA value=93 3
            cpu,type=idle,host=serverB value=93 3
            cpu,type=idle,host=serverA value=92 4
            cpu,type=idle,host=serverB value=92 4
            cpu,type=idle,host=serverA value=95 5
            cpu,type=idle,host=serverB value=95 5
            cpu,type=idle,host=serverC value=95 5
            cpu,type=idle,host=serverA value=92 6
            cpu,type=idle,host=serverB value=92 6
            cpu,type=idle,host=serverA value=96 7
            cpu,type=idle,host=serverB value=96 7
            cpu,type=idle,host=serverA value=93 8
            cpu,type=idle,host=serverB value=93 8
            disk,type=sda,host=serverB value=42 8
            cpu,type=idle,host=serverA value=95 9
            cpu,type=idle,host=serverB value=95 9
            cpu,type=idle,host=serverA value=96 10
            cpu,type=idle,host=serverB value=96 10
            cpu,type=idle,host=serverA value=95 11
            cpu,type=idle,host=serverB value=95 11
            """;

    static String script(String call) {
        return """
                stream
                    |from()
                        .measurement('cpu')
                        .where(lambda: "host" == 'serverA')
                        .groupBy('host')
                    |window()
                        .period(10s)
                        .every(10s)
                    |%s
                    |httpOut('out')
                """.formatted(call);
    }

    static final Map<String, String> HOST = Map.of("host", "serverA");
    static final Map<String, String> HOST_TYPE = Map.of("host", "serverA", "type", "idle");

    static Stream<Arguments> kapacitorFloatCases() {
        return Stream.of(
                Arguments.of("sum('value')", "sum", 940.0, HOST, 10),
                Arguments.of("count('value')", "count", 10L, HOST, 10),
                Arguments.of("mean('value')", "mean", 94.0, HOST, 10),
                Arguments.of("median('value')", "median", 94.0, HOST, 10),
                Arguments.of("mode('value')", "mode", 95.0, HOST, 10),
                Arguments.of("spread('value')", "spread", 7.0, HOST, 10),
                Arguments.of("stddev('value')", "stddev", 2.160246899469287, HOST, 10),
                Arguments.of("min('value')", "min", 91.0, HOST_TYPE, 10),
                Arguments.of("min('value').usePointTimes()", "min", 91.0, HOST_TYPE, 1),
                Arguments.of("max('value')", "max", 98.0, HOST_TYPE, 10),
                Arguments.of("max('value').usePointTimes()", "max", 98.0, HOST_TYPE, 0),
                Arguments.of("first('value')", "first", 98.0, HOST_TYPE, 10),
                Arguments.of("first('value').usePointTimes()", "first", 98.0, HOST_TYPE, 0),
                Arguments.of("last('value')", "last", 95.0, HOST_TYPE, 10),
                Arguments.of("last('value').usePointTimes()", "last", 95.0, HOST_TYPE, 9),
                Arguments.of("percentile('value', 50.0)", "percentile", 93.0, HOST_TYPE, 10),
                Arguments.of("mean('value').as('avg')", "avg", 94.0, HOST, 10),
                Arguments.of("max('value').as('value')", "value", 98.0, HOST_TYPE, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kapacitorFloatCases")
    void aggregatesAWindowAsKapacitorDoes(String call, String column, Object value, Map<String, String> tags,
            long time) {
        try (NodeHarness h = new NodeHarness(script(call))) {
            h.write(FLOAT_DATA);
            SeriesRow row = h.row();
            assertEquals("cpu", row.name());
            assertEquals(tags, row.tags());
            assertEquals(List.of("time", column), row.columns());
            assertEquals(List.of(List.of(sec(time), value)), row.values());
        }
    }

    @Test
    void distinctEmitsABatchOfTheDistinctValuesInFirstSeenOrder() {
        try (NodeHarness h = new NodeHarness(script("distinct('value')"))) {
            h.write(FLOAT_DATA);
            SeriesRow row = h.row();
            assertEquals(HOST, row.tags());
            assertEquals(List.of("time", "distinct"), row.columns());
            assertEquals(List.of(List.of(sec(10), 98.0), List.of(sec(10), 91.0), List.of(sec(10), 95.0),
                    List.of(sec(10), 93.0), List.of(sec(10), 92.0), List.of(sec(10), 96.0)), row.values());
        }
    }

    @Test
    void integerFieldsKeepTheirTypeExceptForMeanMedianAndStddev() {
        String data = """
                m v=1i 0
                m v=4i 1
                m v=4i 2
                m v=7i 3
                m v=0i 10
                """;
        Map<String, Object> expected = Map.of("sum", 16L, "count", 4L, "mean", 4.0, "median", 4.0, "spread", 6L,
                "min", 1L, "max", 7L, "mode", 4L, "stddev", Math.sqrt(6.0), "percentile", 4L);
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            String call = e.getKey().equals("percentile") ? "percentile('v', 75)" : e.getKey() + "('v')";
            String script = """
                    stream
                        |from().measurement('m')
                        |window().period(10s).every(10s)
                        |%s
                        |httpOut('out')
                    """.formatted(call);
            try (NodeHarness h = new NodeHarness(script)) {
                h.write(data);
                assertEquals(List.of(List.of(sec(10), e.getValue())), h.row().values(), call);
            }
        }
    }

    @Test
    void emptyWindowsGiveCountZeroAndSumZeroAndNothingElse() {
        String data = """
                m,host=a v=1 0
                m,host=a v=2 25
                """;
        for (String call : List.of("count('v')", "sum('v')", "mean('v')")) {
            String script = """
                    stream
                        |from().measurement('m')
                        |window().period(10s).every(10s).align()
                        |%s
                        |httpOut('out')
                    """.formatted(call);
            try (NodeHarness h = new NodeHarness(script)) {
                // the point at 25s closes the window ending at 10s ([0s, 10s) holds one point); the next window
                // ends at 30s, so no empty window is emitted here
                h.write(data);
                assertEquals(1, h.row().values().size());
            }
        }
        String script = """
                stream
                    |from().measurement('m')
                    |window().period(5s).every(10s).align()
                    |%s
                    |httpOut('out')
                """;
        // windows [5s, 10s) and [15s, 20s) hold no point
        try (NodeHarness h = new NodeHarness(script.formatted("count('v')"))) {
            h.write("m v=1 0\nm v=1 12");
            assertEquals(List.of(List.of(sec(10), 0L)), h.row().values());
            h.write("m v=1 21");
            assertEquals(List.of(List.of(sec(20), 0L)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness(script.formatted("sum('v')"))) {
            h.write("m v=1 0\nm v=1 12");
            assertEquals(List.of(List.of(sec(10), 0.0)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness(script.formatted("mean('v')"))) {
            h.write("m v=1 0\nm v=1 12");
            assertTrue(h.result().isEmpty());
        }
    }

    @Test
    void pointsWithoutTheFieldOrOfAnotherTypeAreSkipped() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m')
                    |window().period(10s).every(10s)
                    |sum('v')
                    |httpOut('out')
                """)) {
            h.write("m v=1 0\nm other=5 1\nm v=2i 2\nm v=3 3\nm v=0 10");
            assertEquals(List.of(List.of(sec(10), 4.0)), h.row().values());
        }
    }

    @Test
    void onSinglePointsAggregatesThePointsOfOneTime() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m')
                    |sum('v')
                    |httpOut('out')
                """)) {
            h.write("m,h=a v=1 1\nm,h=b v=2 1");
            assertTrue(h.result().isEmpty());
            h.write("m,h=a v=10 2");
            assertEquals(List.of(List.of(sec(1), 3.0)), h.row().values());
        }
    }
}
