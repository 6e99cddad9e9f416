package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.SeriesRow;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** eval, derivative, state tracking, changeDetect, default, delete, shift, sample, union; Kapacitor's cases. */
class TransformNodesTest {

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void evalAllTypes() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from()
                        .measurement('types')
                    |eval(lambda: "str" + 'suffix', lambda: !"bool", lambda: "int" + 14, lambda: "float" * 2.0)
                        .as( 'str', 'bool', 'int', 'float')
                    |httpOut('out')
                """)) {
            h.write("types str=\"bob\",bool=false,int=5i,float=42 0");
            SeriesRow r = h.row();
            assertEquals(List.of("time", "bool", "float", "int", "str"), r.columns());
            assertEquals(List.of(row(sec(0), true, 84.0, 19L, "bobsuffix")), r.values());
        }
    }

    @Test
    void evalKeepAllKeepSomeAndHiddenResults() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('types')
                    |eval(lambda: "value0" + "value1", lambda: "value0" - "value1")
                        .as('pos', 'neg')
                        .keep()
                    |httpOut('out')
                """)) {
            h.write("types value0=0,value1=1 0");
            assertEquals(List.of("time", "neg", "pos", "value0", "value1"), h.row().columns());
            assertEquals(List.of(row(sec(0), -1.0, 1.0, 0.0, 1.0)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('types')
                    |eval(lambda: "value0" + "value1", lambda: "value0" - "value1")
                        .as('pos', 'neg')
                        .keep('value0', 'pos', 'neg', 'other')
                    |httpOut('out')
                """)) {
            h.write("types value0=0,value1=1,other=5 0");
            assertEquals(List.of("time", "neg", "other", "pos", "value0"), h.row().columns());
            assertEquals(List.of(row(sec(0), -1.0, 5.0, 1.0, 0.0)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('types')
                    |eval(lambda: "value0" + "value1", lambda: "pos" - "value1")
                        .as('pos', 'zero')
                        .keep('value0', 'zero')
                    |httpOut('out')
                """)) {
            h.write("types value0=0,value1=1 0");
            assertEquals(List.of("time", "value0", "zero"), h.row().columns());
            assertEquals(List.of(row(sec(0), 0.0, 0.0)), h.row().values());
        }
    }

    @Test
    void evalTagsWithAndWithoutKeep() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('types')
                    |eval(lambda: string("value"))
                        .as('value')
                        .tags('value')
                    |groupBy('value')
                    |httpOut('out')
                """)) {
            h.write("types value=0,another=2 0\ntypes value=1,another=2 0");
            List<SeriesRow> rows = h.result();
            assertEquals(2, rows.size());
            assertEquals(Map.of("value", "0"), rows.get(0).tags());
            assertEquals(List.of("time"), rows.get(0).columns());
            assertEquals(Map.of("value", "1"), rows.get(1).tags());
        }
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('types')
                    |eval(lambda: string("value"))
                        .as('value')
                        .tags('value')
                        .keep()
                    |groupBy('value')
                    |httpOut('out')
                """)) {
            h.write("types value=0,another=2 0\ntypes value=1,another=2 0");
            List<SeriesRow> rows = h.result();
            assertEquals(List.of("time", "another", "value"), rows.get(0).columns());
            assertEquals(List.of(row(sec(0), 2.0, "0")), rows.get(0).values());
            assertEquals(List.of(row(sec(0), 2.0, "1")), rows.get(1).values());
        }
    }

    @Test
    void evalDropsPointsItCannotEvaluate() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('data')
                    |eval(lambda: 10/"n")
                        .as('n')
                    |httpOut('out')
                """)) {
            h.write("data,t=t1 n=0i 0");
            assertTrue(h.result().isEmpty());
            h.write("data,t=t1 n=5i 1\ndata,t=t1 other=1i 2");
            assertEquals(List.of(row(sec(1), 2L)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('data')
                    |eval(lambda: "x" * 2).as('y').tags('y').quiet()
                    |httpOut('out')
                """)) {
            h.write("data x=1 0");
            assertTrue(h.result().isEmpty(), "a tag result must be a string");
        }
    }

    /** TestStream_Derivative.srpl (a point without the field at 2s). */
    static final String DERIVATIVE_DATA = """
            packets value=1000 0
            packets value=1001 1
            packets value2=0 2
            packets value=1003 3
            packets value=1004 4
            packets value=1006 5
            packets value=1007 6
            packets value=1007 7
            packets value=1008 8
            packets value=1009 9
            packets value=1010 10
            packets value=1011 11
            """;

    @Test
    void derivativeAs() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('packets')
                    |derivative('value')
                        .as('derivative')
                    |window()
                        .period(10s)
                        .every(10s)
                    |httpOut('out')
                """)) {
            h.write(DERIVATIVE_DATA);
            SeriesRow r = h.row();
            assertEquals(List.of("time", "derivative", "value"), r.columns());
            assertEquals(List.of(row(sec(1), 1.0, 1001.0), row(sec(3), 1.0, 1003.0), row(sec(4), 1.0, 1004.0),
                    row(sec(5), 2.0, 1006.0), row(sec(6), 1.0, 1007.0), row(sec(7), 0.0, 1007.0),
                    row(sec(8), 1.0, 1008.0), row(sec(9), 1.0, 1009.0), row(sec(10), 1.0, 1010.0)), r.values());
        }
    }

    @Test
    void derivativeMeanUnitAndNonNegative() {
        String script = """
                stream
                    |from().measurement('packets')
                    |derivative('value')%s
                    |window()
                        .period(10s)
                        .every(10s)
                    |mean('value')
                    |httpOut('out')
                """;
        try (NodeHarness h = new NodeHarness(script.formatted(""))) {
            h.write(DERIVATIVE_DATA);
            assertEquals(List.of(row(sec(11), 1.0)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness(script.formatted(".unit(10s)"))) {
            h.write(DERIVATIVE_DATA);
            assertEquals(List.of(row(sec(11), 10.0)), h.row().values());
        }
        String nn = """
                packets value=1000 0
                packets value=1001 1
                packets value=1002 2
                packets value=1003 3
                packets value=1004 4
                packets value=1005 5
                packets value=0006 6
                packets value=0000 7
                packets value=0001 8
                packets value=0002 9
                packets value=0003 10
                packets value=0004 11
                """;
        try (NodeHarness h = new NodeHarness(script.formatted(".nonNegative()"))) {
            h.write(nn);
            assertEquals(List.of(row(sec(11), 1.0)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness(script.formatted(""))) {
            h.write(nn);
            SeriesRow r = h.row();
            assertEquals(-99.7, (Double) r.values().get(0).get(1), 1e-9);
        }
    }

    @Test
    void derivativeSkipsZeroElapsed() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('packets')
                    |derivative('value')
                    |window()
                        .period(10s)
                        .every(10s)
                    |count('value')
                    |httpOut('out')
                """)) {
            h.write("""
                    packets value=1000 0
                    packets value=1001 1
                    packets value=1002 1
                    packets value=1003 3
                    packets value=1004 4
                    packets value=1006 5
                    packets value=1007 6
                    packets value=1007 7
                    packets value=1008 8
                    packets value=1009 9
                    packets value=1010 10
                    packets value=1011 11
                    """);
            assertEquals(List.of(row(sec(11), 9L)), h.row().values());
        }
    }

    @Test
    void stateDurationAndStateCount() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m')
                    |groupBy('host')
                    |stateDuration(lambda: "v" > 10)
                        .unit(1m)
                    |stateCount(lambda: "v" > 10)
                        .as('n')
                    |window().period(1h).every(1h)
                    |httpOut('out')
                """)) {
            h.write("""
                    m,host=a v=5 0
                    m,host=a v=11 30
                    m,host=a v=12 60
                    m,host=a v=13 120
                    m,host=a v=1 150
                    m,host=a v=20 180
                    m,host=a v=1 3600
                    """);
            SeriesRow r = h.row();
            assertEquals(List.of("time", "n", "state_duration", "v"), r.columns());
            assertEquals(List.of(row(sec(0), -1L, -1.0, 5.0), row(sec(30), 1L, 0.0, 11.0),
                    row(sec(60), 2L, 0.5, 12.0), row(sec(120), 3L, 1.5, 13.0), row(sec(150), -1L, -1.0, 1.0),
                    row(sec(180), 1L, 0.0, 20.0)), r.values());
        }
    }

    @Test
    void changeDetectKapacitorCases() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('packets')
                    |changeDetect('value')
                    |window()
                        .period(10s)
                        .every(10s)
                    |httpOut('out')
                """)) {
            h.write("""
                    packets value="bad" 0
                    packets value="good" 1
                    packets value="bad" 2
                    packets value="bad" 3
                    packets value="bad" 4
                    packets value="good" 5
                    packets value2="good" 6
                    packets value="bad" 7
                    packets value="good" 8
                    packets value="good" 9
                    packets value="good" 10
                    packets value="bad" 11
                    """);
            assertEquals(List.of(row(sec(0), "bad"), row(sec(1), "good"), row(sec(2), "bad"), row(sec(5), "good"),
                    row(sec(7), "bad"), row(sec(8), "good")), h.row().values());
        }
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('packets')
                    |changeDetect('a','b')
                    |window()
                        .period(6s)
                        .every(6s)
                    |httpOut('out')
                """)) {
            h.write("""
                    packets a="bad",b=0 0
                    packets a="good",b=0 1
                    packets a="good",b=0 2
                    packets a="good",b=0,c="something else" 3
                    packets a="bad",b=1 4
                    packets a="bad",b=0 5
                    packets a="pump",b=2 6
                    """);
            assertEquals(List.of("time", "a", "b"), h.row().columns());
            assertEquals(List.of(row(sec(0), "bad", 0.0), row(sec(1), "good", 0.0), row(sec(4), "bad", 1.0),
                    row(sec(5), "bad", 0.0)), h.row().values());
        }
    }

    @Test
    void defaultFieldsAndTags() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from()
                        .measurement('cpu')
                    |default()
                        .field('value', 1.0)
                        .tag('host', 'serverA')
                    |where(lambda: "host" == 'serverA')
                    |window()
                        .period(10s)
                        .every(10s)
                    |sum('value')
                    |httpOut('out')
                """)) {
            h.write("""
                    cpu,type=idle,host=serverA value=9 0
                    cpu,type=idle,host=serverB value=9 0
                    cpu,type=idle,host=serverA value=4 1
                    cpu,type=idle value=2 4
                    cpu,type=idle,host=serverA anothervalue=9 6
                    cpu,type=idle anothervalue=3 7
                    cpu,type=idle,host=serverA value=7 9
                    cpu,type=idle,host=serverA value=2 10
                    """);
            // 9 + 4 + 2 + 1 (defaulted) + 1 (defaulted) + 7
            assertEquals(List.of(row(sec(10), 24.0)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('cpu')
                    |default().tag('host', '')
                    |default().tag('host', 'serverA')
                    |default().tag('host', 'serverB')
                    |httpOut('out')
                """)) {
            h.write("cpu,cpu=cpu-total value=9 0");
            assertEquals(Map.of("cpu", "cpu-total", "host", "serverA"), h.row().tags());
        }
    }

    @Test
    void deleteFieldsAndTagsAndTheirGroupDimension() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from()
                        .measurement('cpu')
                        .groupBy('host', 'type')
                    |delete()
                        .field('anothervalue')
                        .tag('type')
                    |window()
                        .period(2s)
                        .every(2s)
                    |sum('value')
                        .as('value')
                    |httpOut('out')
                """)) {
            h.write("""
                    cpu,type=idle,host=serverA value=9,anothervalue=4.2 0
                    cpu,type=system,host=serverA value=9,anothervalue=24 1
                    cpu,type=user,host=serverC value=3,anothervalue=42 1
                    cpu,type=idle,host=serverA value=1 2
                    cpu,type=user,host=serverC value=1 3
                    """);
            List<SeriesRow> rows = h.result();
            assertEquals(2, rows.size());
            assertEquals(Map.of("host", "serverA"), rows.get(0).tags());
            assertEquals(List.of(row(sec(2), 18.0)), rows.get(0).values());
            assertEquals(Map.of("host", "serverC"), rows.get(1).tags());
            assertEquals(List.of(row(sec(3), 3.0)), rows.get(1).values());
        }
    }

    @Test
    void shiftMovesPointsAndWindows() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m')
                    |shift(-5s)
                    |httpOut('point')
                    |window().period(10s).every(10s)
                    |shift(1h)
                    |httpOut('out')
                """)) {
            h.write("m v=1 100\nm v=2 111");
            assertEquals(List.of(row(sec(106), 2.0)), h.result("point").get(0).values());
            SeriesRow r = h.row();
            assertEquals(List.of(row(sec(3695), 1.0)), r.values());
        }
    }

    @Test
    void sampleByCountAndByTime() {
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m')
                    |sample(3)
                    |window().period(1h).every(1h)
                    |httpOut('out')
                """)) {
            h.write("m v=0 0\nm v=1 1\nm v=2 2\nm v=3 3\nm v=4 4\nm v=5 5\nm v=6 6\nm v=7 7\nm v=8 8\nm v=9 3600");
            assertEquals(List.of(row(sec(0), 0.0), row(sec(3), 3.0), row(sec(6), 6.0)), h.row().values());
        }
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('m')
                    |sample(10s)
                    |window().period(1h).every(1h)
                    |httpOut('out')
                """)) {
            h.write("m v=0 5\nm v=1 10\nm v=2 15\nm v=3 20\nm v=7 3610");
            assertEquals(List.of(row(sec(10), 1.0), row(sec(20), 3.0)), h.row().values());
        }
    }

    @Test
    void unionRenames() {
        try (NodeHarness h = new NodeHarness("""
                var a = stream|from().measurement('a')
                var b = stream|from().measurement('b')
                a
                    |union(b)
                        .rename('ab')
                    |httpOut('out')
                """)) {
            h.write("a v=1 0");
            assertEquals("ab", h.row().name());
            h.write("b w=2 1");
            assertEquals(List.of(row(sec(1), 2.0)), h.row().values());
        }
    }
}
