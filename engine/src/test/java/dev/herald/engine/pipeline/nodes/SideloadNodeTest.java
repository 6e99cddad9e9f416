package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sideload: Kapacitor's TestStream_Sideload, _Sideload_JSON and _Sideload_Multiple with their files. */
class SideloadNodeTest {

    private static String dir() {
        try {
            return Path.of(SideloadNodeTest.class.getResource("/kapacitor/sideload").toURI()).toUri().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SeriesRow> sorted(List<SeriesRow> rows) {
        List<SeriesRow> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(r -> new java.util.TreeMap<>(r.tags()).toString()));
        return out;
    }

    private static SeriesRow row(String t0, String t1, String t2, String t3, List<String> columns, Object... values) {
        List<Object> cells = new ArrayList<>();
        cells.add(sec(0));
        cells.addAll(Arrays.asList(values));
        return new SeriesRow("m", Map.of("t0", t0, "t1", t1, "t2", t2, "t3", t3), columns, List.of(cells));
    }

    private static List<SeriesRow> run(String sideloads) {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.database('dbname')
                		.retentionPolicy('rpname')
                		.measurement('m')
                		.groupBy('t0', 't1', 't2')
                %s	|log()
                	|httpOut('out')
                """.formatted(sideloads.replace("DIR", dir())))) {
            h.writeSrpl("TestStream_Sideload");
            return sorted(h.result());
        }
    }

    private static final String YML = """
            	|sideload()
            		.source('DIR')
            		.order('t0/{{.t0}}.yml', 't1/{{.t1}}.yml', 't2/{{.t2}}.yml')
            		.field('f1', 0)
            		.field('f2', 0.0)
            		.tag('t3', 'one')
            """;

    @Test
    void sideload() {
        List<String> columns = List.of("time", "f1", "f2", "value");
        assertEquals(List.of(row("a", "m", "x", "one", columns, 0L, 0.0, 1.0),
                row("b", "n", "y", "why", columns, 2L, 3.5, 1.0),
                row("c", "o", "y", "why", columns, 12L, 13.5, 1.0)), run(YML));
    }

    @Test
    void sideloadJson() {
        List<String> columns = List.of("time", "f1", "f2", "value");
        assertEquals(List.of(row("a", "m", "x", "one", columns, 0L, 0.0, 1.0),
                row("b", "n", "y", "why", columns, 2L, 3.5, 1.0),
                row("c", "o", "y", "why", columns, 12L, 13.5, 1.0)), run("""
                	|sideload()
                		.source('DIR')
                		.order('t0/{{.t0}}.json', 't1/{{.t1}}.json', 't2/{{.t2}}.yml')
                		.field('f1', 0)
                		.field('f2', 0.0)
                		.tag('t3', 'one')
                """));
    }

    @Test
    void sideloadMultiple() {
        List<String> columns = List.of("time", "f1", "f2", "other", "value");
        assertEquals(List.of(row("a", "m", "x", "one", columns, 0L, 0.0, -1.0, 1.0),
                row("b", "n", "y", "why", columns, 2L, 3.5, 56.0, 1.0),
                row("c", "o", "y", "why", columns, 12L, 13.5, 56.0, 1.0)), run(YML + """
                	|sideload()
                		.source('DIR')
                		.order('t0/{{.t0}}.yml', 't1/{{.t1}}.yml', 't2/{{.t2}}.yml')
                		.field('other', -1.0)
                """));
    }

    @Test
    void conversionsFollowKapacitor() {
        assertEquals(2L, SideloadNode.convert(2.0, 0L));
        assertEquals(null, SideloadNode.convert(2.5, 0L));
        assertEquals(7L, SideloadNode.convert("7", 0L));
        assertEquals(1.5, SideloadNode.convert("1.5", 0.0));
        assertEquals(true, SideloadNode.convert("T", false));
        assertEquals("56", SideloadNode.convert(56.0, ""));
        assertEquals("0.1", SideloadNode.convert(0.1, ""));
        assertEquals(null, SideloadNode.convert(true, 0L));
    }

    @Test
    void defineTimeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"sideload().order('x')", "sideload requires a .source()"},
                {"sideload().source('http://example.com')", "sideload source must be a file:// URL"},
                {"sideload().source('file:///nonexistent-dir-h7')", "is not a directory"},
            }) {
                TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "stream|from()|" + c[0])), c[0]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            }
        }
    }
}
