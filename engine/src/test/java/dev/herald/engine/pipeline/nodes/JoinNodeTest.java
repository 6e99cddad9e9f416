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

/** join: Kapacitor's TestStream_Join, _JoinTolerance, _Join_Fill_Null, _Join_Fill_Num, _JoinN, _JoinOn. */
class JoinNodeTest {

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    private static List<SeriesRow> sorted(List<SeriesRow> rows) {
        List<SeriesRow> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(r -> new java.util.TreeMap<>(r.tags()).toString()));
        return out;
    }

    private static final String ERRORS_AND_VIEWS = """
            var errorCounts = stream
            	|from()
            		.measurement('errors')
            		.groupBy('service')

            var viewCounts = stream
            	|from()
            		.measurement('views')
            		.groupBy('service')
            """;

    @Test
    void join() {
        join("", "errors.sum", "views.sum", "errors.sum\" / \"views.sum");
    }

    @Test
    void joinDelimiter() {
        join("\t\t.delimiter('#')\n", "errors#sum", "views#sum", "errors#sum\" / \"views#sum");
    }

    @Test
    void joinDelimiterEmpty() {
        join("\t\t.delimiter('')\n", "errorssum", "viewssum", "errorssum\" / \"viewssum");
    }

    private static void join(String delimiter, String errors, String views, String ratio) {
        try (NodeHarness h = new NodeHarness("""
                var errorCounts = stream
                	|from()
                		.measurement('errors')
                		.groupBy('service')
                	|window()
                		.period(10s)
                		.every(10s)
                		.align()
                	|sum('value')

                var viewCounts = stream
                	|from()
                		.measurement('views')
                		.groupBy('service')
                	|window()
                		.period(10s)
                		.every(10s)
                		.align()
                	|sum('value')

                errorCounts
                	|join(viewCounts)
                		.as('errors', 'views')
                %s		.streamName('error_view')
                	|eval(lambda: "%s")
                		.as('error_percent')
                		.keep()
                	|httpOut('out')
                """.formatted(delimiter, ratio))) {
            h.writeSrpl("TestStream_Join");
            List<String> columns = List.of("time", "error_percent", errors, views);
            assertEquals(sorted(List.of(
                    new SeriesRow("error_view", Map.of("service", "cartA"), columns,
                            List.of(row(sec(10), 0.01, 47.0, 4700.0))),
                    new SeriesRow("error_view", Map.of("service", "login"), columns,
                            List.of(row(sec(10), 0.01, 45.0, 4500.0))),
                    new SeriesRow("error_view", Map.of("service", "front"), columns,
                            List.of(row(sec(10), 0.01, 32.0, 3200.0))))), sorted(h.result()));
        }
    }

    @Test
    void joinTolerance() {
        try (NodeHarness h = new NodeHarness(ERRORS_AND_VIEWS + """
                errorCounts
                	|join(viewCounts)
                		.as('errors', 'views')
                		.tolerance(2s)
                		.streamName('error_view')
                	|window()
                		.period(10s)
                		.every(10s)
                	|httpOut('out')
                """)) {
            h.writeSrpl("TestStream_JoinTolerance");
            List<String> columns = List.of("time", "errors.value", "views.value");
            assertEquals(sorted(List.of(
                    new SeriesRow("error_view", Map.of("service", "cartA"), columns, List.of(
                            row(sec(0), 7.0, 700.0), row(sec(2), 9.0, 900.0), row(sec(4), 3.0, 300.0),
                            row(sec(6), 11.0, 1100.0), row(sec(6), 12.0, 1200.0), row(sec(8), 6.0, 600.0))),
                    new SeriesRow("error_view", Map.of("service", "login"), columns, List.of(
                            row(sec(0), 9.0, 900.0), row(sec(2), 5.0, 500.0), row(sec(4), 9.0, 900.0),
                            row(sec(4), 2.0, 200.0), row(sec(6), 7.0, 700.0), row(sec(8), 10.0, 1000.0))),
                    new SeriesRow("error_view", Map.of("service", "front"), columns, List.of(
                            row(sec(0), 2.0, 200.0), row(sec(2), 9.0, 900.0), row(sec(4), 7.0, 700.0),
                            row(sec(6), 5.0, 500.0), row(sec(6), 4.0, 400.0), row(sec(8), 6.0, 600.0),
                            row(sec(8), 4.0, 400.0))))), sorted(h.result()));
        }
    }

    private static List<SeriesRow> counts(long cartA, long login, long front) {
        return sorted(List.of(
                new SeriesRow("error_view", Map.of("service", "cartA"), List.of("time", "count"),
                        List.of(row(sec(10), cartA))),
                new SeriesRow("error_view", Map.of("service", "login"), List.of("time", "count"),
                        List.of(row(sec(10), login))),
                new SeriesRow("error_view", Map.of("service", "front"), List.of("time", "count"),
                        List.of(row(sec(10), front)))));
    }

    @Test
    void joinFillNull() {
        try (NodeHarness h = new NodeHarness(ERRORS_AND_VIEWS + """
                errorCounts
                	|join(viewCounts)
                		.as('errors', 'views')
                		.fill('null')
                		.streamName('error_view')
                	|default()
                		.field('errors.value', 0.0)
                		.field('views.value', 0.0)
                	|eval(lambda:  "errors.value" + "views.value")
                		.as('error_percent')
                	|window()
                		.period(10s)
                		.every(10s)
                	|count('error_percent')
                	|httpOut('out')
                """)) {
            h.writeSrpl("TestStream_Join_Fill");
            assertEquals(counts(7, 7, 8), sorted(h.result()));
        }
    }

    @Test
    void joinFillNum() {
        try (NodeHarness h = new NodeHarness(ERRORS_AND_VIEWS + """
                errorCounts
                	|join(viewCounts)
                		.as('errors', 'views')
                		.fill(0.0)
                		.streamName('error_view')
                	|eval(lambda:  "errors.value" + "views.value")
                		.as('error_percent')
                	|window()
                		.period(10s)
                		.every(10s)
                	|count('error_percent')
                	|httpOut('out')
                """)) {
            h.writeSrpl("TestStream_Join_Fill");
            assertEquals(counts(7, 7, 8), sorted(h.result()));
        }
    }

    @Test
    void joinN() {
        try (NodeHarness h = new NodeHarness("""
                var cpu = stream
                	|from()
                		.measurement('cpu')
                		.where(lambda: "cpu" == 'total')
                var mem = stream
                	|from()
                		.measurement('memory')
                		.where(lambda: "type" == 'free')
                var disk = stream
                	|from()
                		.measurement('disk')
                		.where(lambda: "device" == 'sda')

                cpu
                	|join(mem, disk)
                		.as('cpu', 'mem', 'disk')
                		.streamName('magic')
                		.fill(0.0)
                	|window()
                		.period(10s)
                		.every(10s)
                	|count('cpu.value')
                	|httpOut('out')
                """)) {
            h.writeSrpl("TestStream_JoinN");
            assertEquals(List.of(new SeriesRow("magic", Map.of(), List.of("time", "count"),
                    List.of(row(sec(10), 10L)))), h.result());
        }
    }

    private static SeriesRow dc(String dc, String service, double dcSum, double serviceSum) {
        return new SeriesRow("dc_error_percent", Map.of("dc", dc, "service", service),
                List.of("time", "dc.sum", "service.sum", "value"),
                List.of(row(sec(10), dcSum, serviceSum, dcSum / serviceSum)));
    }

    @Test
    void joinOn() {
        try (NodeHarness h = new NodeHarness("""
                var errorsByServiceDC = stream
                	|from()
                		.measurement('errors')
                		.groupBy('dc', 'service')
                	|window()
                		.period(10s)
                		.every(10s)
                		.align()
                	|sum('value')

                var errorsByServiceGlobal = stream
                	|from()
                		.measurement('errors')
                		.groupBy('service')
                	|window()
                		.period(10s)
                		.every(10s)
                		.align()
                	|sum('value')

                errorsByServiceGlobal
                	|join(errorsByServiceDC)
                		.as('service', 'dc')
                		.on('service')
                		.streamName('dc_error_percent')
                	|eval(lambda: "dc.sum" / "service.sum")
                		.keep()
                		.as('value')
                	|httpOut('out')
                """)) {
            h.writeSrpl("TestStream_JoinOn");
            assertEquals(sorted(List.of(dc("A", "cartA", 15, 47), dc("B", "cartA", 32, 47),
                    dc("A", "login", 15, 45), dc("B", "login", 23, 45), dc("C", "login", 7, 45),
                    dc("A", "front", 19, 32), dc("B", "front", 13, 32))), sorted(h.result()));
        }
    }

    private static SeriesRow loc(String dc, String service, String rack, double locSum, double serviceSum) {
        return new SeriesRow("loc_error_percent", Map.of("dc", dc, "service", service, "rack", rack),
                List.of("time", "loc.sum", "service.sum", "value"),
                List.of(row(sec(10), locSum, serviceSum, locSum / serviceSum)));
    }

    @Test
    void joinOnGap() {
        try (NodeHarness h = new NodeHarness("""
                var errorsByServiceDCRack = stream
                	|from()
                		.measurement('errors')
                		.groupBy('dc', 'service', 'rack')
                	|window()
                		.period(10s)
                		.every(10s)
                		.align()
                	|sum('value')

                var errorsByServiceGlobal = stream
                	|from()
                		.measurement('errors')
                		.groupBy('service')
                	|window()
                		.period(10s)
                		.every(10s)
                		.align()
                	|sum('value')

                errorsByServiceGlobal
                	|join(errorsByServiceDCRack)
                		.as('service', 'loc')
                		.on('service')
                		.streamName('loc_error_percent')
                	|eval(lambda: "loc.sum" / "service.sum")
                		.keep()
                		.as('value')
                	|httpOut('out')
                """)) {
            h.writeSrpl("TestStream_JoinOn");
            assertEquals(sorted(List.of(loc("A", "cartA", "0", 10, 47), loc("A", "cartA", "1", 5, 47),
                    loc("B", "cartA", "0", 14, 47), loc("B", "cartA", "1", 18, 47), loc("A", "login", "0", 5, 45),
                    loc("A", "login", "1", 10, 45), loc("B", "login", "0", 3, 45), loc("B", "login", "1", 20, 45),
                    loc("C", "login", "0", 7, 45), loc("A", "front", "0", 9, 32), loc("A", "front", "1", 10, 32),
                    loc("B", "front", "0", 4, 32), loc("B", "front", "1", 9, 32))), sorted(h.result()));
        }
    }

    private static SeriesRow floor(String building, String floor, double value) {
        return new SeriesRow("power_floor_percentage", Map.of("building", building, "floor", floor),
                List.of("time", "value"), List.of(row(sec(0), value)));
    }

    @Test
    void joinOnAcrossMeasurement() {
        try (NodeHarness h = new NodeHarness("""
                var building = stream
                    |from()
                        .measurement('building_power')
                        .groupBy('building')
                var floor = stream
                    |from()
                        .measurement('floor_power')
                        .groupBy('building', 'floor')
                building
                    |join(floor)
                        .as('building', 'floor')
                        .on('building')
                        .streamName('power_floor_percentage')
                	|log()
                		.prefix('JOINED')
                    |eval(lambda: "floor.value" / "building.value")
                        .as('value')
                    |httpOut('out')
                """)) {
            h.writeSrpl("TestStream_JoinOn_AcrossMeasurement");
            assertEquals(sorted(List.of(floor("shack", "1", 7.0 / 30.0), floor("shack", "2", 11.0 / 30.0),
                    floor("shack", "3", 12.0 / 30.0), floor("hut", "1", 19.0 / 40.0), floor("hut", "2", 21.0 / 40.0))),
                    sorted(h.result()));
        }
    }

    private static void joinOnFill(String fill, String defaults) {
        try (NodeHarness h = new NodeHarness("""
                var maintlock = stream
                    |from()
                        .measurement('maintlock')
                        .groupBy('host')
                stream
                    |from()
                        .measurement('disk')
                        .groupBy('host', 'path')
                    |join(maintlock)
                        .as('disk', 'maintlock')
                        .on('host')
                        .fill(%s)
                        .tolerance(1s)
                        .streamName('disk')
                    |default()
                %s    |window()
                        .period(4s)
                        .every(4s)
                    |httpOut('out')
                """.formatted(fill, defaults))) {
            h.writeSrpl("TestStream_JoinOn_Fill");
            List<String> columns = List.of("time", "disk.used_percent", "maintlock.count");
            // maintlock.count is 0.0 where joined, the default's int 0 where filled (Kapacitor's JSON shows 0.0)
            assertEquals(sorted(List.of(
                    new SeriesRow("disk", Map.of("host", "A", "path", "/"), columns, List.of(row(sec(0), 50.0, 0.0),
                            row(sec(1), 60.0, 0L), row(sec(2), 70.0, 0L), row(sec(3), 80.0, 1.0))),
                    new SeriesRow("disk", Map.of("host", "A", "path", "/tmp"), columns, List.of(row(sec(0), 40.0, 0.0),
                            row(sec(1), 30.0, 0L), row(sec(2), 20.0, 0L), row(sec(3), 10.0, 1.0))))),
                    sorted(h.result()));
        }
    }

    @Test
    void joinOnFillNum() {
        joinOnFill("0.0", "        .field('maintlock.count', 0)\n");
    }

    @Test
    void joinOnFillNull() {
        joinOnFill("'null'", "        .field('maintlock.count', 0)\n        .field('disk.used_percent', 0)\n");
    }

    @Test
    void defineTimeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"join(b)", "a call to join.as() is required to specify the output stream prefixes."},
                {"join(b).as('a')", "number of prefixes specified by join.as() must match the number of joined "
                    + "streams"},
                {"join(b).as('a', 'a')", "cannot use the same prefix name see .as() property method"},
                {"join(b).as('a.x', 'b')", "cannot use name a.x as field prefix, it contains the delimiter \".\""},
                {"join(b).as('', 'b')", "must provide a prefix name for the join node"},
                {"join(b).as('a', 'b').fill('zero')", "unexpected fill option zero"},
            }) {
                TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "var b = stream|from()\nstream|from()|" + c[0])), c[0]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            }
        }
    }
}
