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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** flatten and combine: Kapacitor's TestStream_Flatten*, TestStream_Combine_* and define-time errors. */
class FlattenCombineTest {

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    /** Kapacitor compares these results ignoring the order of the series. */
    private static List<SeriesRow> sorted(List<SeriesRow> rows) {
        List<SeriesRow> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(r -> new java.util.TreeMap<>(r.tags()).toString()));
        return out;
    }

    private static void flatten(String property, List<String> columns) {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('request_latency')
                		.groupBy('dc')
                	|flatten()
                		.on('service', 'host')
                		.tolerance(1s)
                """ + property + """
                    |httpOut('out')
                """)) {
            h.writeSrpl("TestStream_Flatten");
            assertEquals(List.of(
                    new SeriesRow("request_latency", Map.of("dc", "A"), columns,
                            List.of(row(sec(0), 700.0, 702.0, 800.0, 802.0, 600.0, 602.0))),
                    new SeriesRow("request_latency", Map.of("dc", "B"), columns,
                            List.of(row(sec(0), 750.0, 752.0, 850.0, 852.0, 650.0, 652.0)))), sorted(h.result()));
        }
    }

    @Test
    void flatten() {
        flatten("", List.of("time", "auth.server01.value", "auth.server02.value", "cart.server01.value",
                "cart.server02.value", "log.server01.value", "log.server02.value"));
    }

    @Test
    void flattenDropOriginalFieldName() {
        flatten("\t\t.dropOriginalFieldName()\n", List.of("time", "auth.server01", "auth.server02", "cart.server01",
                "cart.server02", "log.server01", "log.server02"));
    }

    private static SeriesRow ratio(String dc, String first, String second, double value) {
        return new SeriesRow("request_latency", Map.of("dc", dc, "first.service", first, "second.service", second),
                List.of("time", "ratio"), List.of(row(sec(0), value)));
    }

    @Test
    void combineAll() {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('request_latency')
                		.groupBy('dc')
                	|combine(lambda: TRUE, lambda: TRUE)
                		.as('first', 'second')
                		.tolerance(1s)
                		.delimiter('.')
                	|groupBy('first.service', 'second.service', 'dc')
                	|eval(lambda: "first.value" / "second.value")
                		.as('ratio')
                    |httpOut('out')
                """)) {
            h.writeSrpl("TestStream_Combine");
            assertEquals(sorted(List.of(
                    ratio("A", "auth", "log", 7.0 / 6.0), ratio("A", "auth", "cart", 7.0 / 8.0),
                    ratio("A", "log", "cart", 6.0 / 8.0), ratio("B", "auth", "log", 7.5 / 6.5),
                    ratio("B", "auth", "cart", 7.5 / 8.5), ratio("B", "log", "cart", 6.5 / 8.5))),
                    sorted(h.result()));
        }
    }

    private static SeriesRow authRatio(String dc, String other, double value) {
        return new SeriesRow("request_latency", Map.of("dc", dc, "other.service", other, "auth.service", "auth"),
                List.of("time", "ratio"), List.of(row(sec(0), value)));
    }

    @Test
    void combineFiltered() {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('request_latency')
                		.groupBy('dc')
                	|combine(lambda: "service" == 'auth', lambda: TRUE)
                		.as('auth', 'other')
                		.tolerance(1s)
                		.delimiter('.')
                	|groupBy('other.service','dc')
                	|eval(lambda: "auth.value" / "other.value")
                		.as('ratio')
                    |httpOut('out')
                """)) {
            h.writeSrpl("TestStream_Combine");
            assertEquals(sorted(List.of(authRatio("A", "log", 7.0 / 6.0), authRatio("A", "cart", 7.0 / 8.0),
                    authRatio("B", "log", 7.5 / 6.5), authRatio("B", "cart", 7.5 / 8.5))), sorted(h.result()));
        }
    }

    @Test
    void combineAllTriples() {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('request_latency')
                		.groupBy('dc')
                	|combine(lambda: TRUE, lambda: TRUE, lambda: TRUE)
                		.as('first', 'second', 'third')
                		.tolerance(1s)
                		.delimiter('.')
                	|groupBy('first.service', 'second.service', 'third.service', 'dc')
                	|eval(lambda: "first.value" + "second.value" + "third.value")
                		.as('sum')
                    |httpOut('out')
                """)) {
            h.writeSrpl("TestStream_Combine");
            assertEquals(sorted(List.of(
                    new SeriesRow("request_latency", Map.of("dc", "A", "first.service", "auth", "second.service",
                            "log", "third.service", "cart"), List.of("time", "sum"), List.of(row(sec(0), 2100.0))),
                    new SeriesRow("request_latency", Map.of("dc", "B", "first.service", "auth", "second.service",
                            "log", "third.service", "cart"), List.of("time", "sum"), List.of(row(sec(0), 2250.0))))),
                    sorted(h.result()));
        }
    }

    @Test
    void defineTimeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"combine(lambda: TRUE)", "a call to combine.as() is required to specify the output stream prefixes."},
                {"combine(lambda: TRUE, lambda: TRUE).as('a')",
                    "number of prefixes specified by combine.as() must match the number of combine expressions"},
                {"combine(lambda: TRUE).as('a.b')",
                    "cannot use name a.b as field prefix, it contains the delimiter character ."},
                {"combine(lambda: TRUE, lambda: TRUE).as('a', 'a')",
                    "cannot use the same prefix name see .as() property method"},
                {"combine(lambda: TRUE).as('')", "must provide a prefix name for the combine node"},
                {"combine(lambda: \"x\" + 1).as('a')", "expression must be boolean"},
                {"flatten().on('a').nope()", "nope"},
            }) {
                TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "stream|from()|" + c[0])), c[0]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            }
        }
    }
}
