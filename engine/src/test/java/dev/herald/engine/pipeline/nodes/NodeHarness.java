package dev.herald.engine.pipeline.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.lineprotocol.ParseResult;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.task.TaskSpec;
import java.time.Instant;
import java.util.List;

/** Runs a stream TICKscript in a {@link Herald} and reads its {@code httpOut('out')} result. */
final class NodeHarness implements AutoCloseable {
    static final String TASK = "t";

    final Herald herald;

    NodeHarness(String script) {
        this(Herald.builder().handlers(List.of()).build(), script);
    }

    NodeHarness(Herald herald, String script) {
        this.herald = herald;
        herald.defineTask(TaskSpec.stream(TASK, script));
    }

    /** Writes line protocol with times in seconds. */
    NodeHarness write(String lines) {
        ParseResult r = herald.write(lines, "dbname", "rpname", Precision.SECONDS);
        assertTrue(r.errors().isEmpty(), () -> "line protocol errors: " + r.errors());
        return this;
    }

    /**
     * Replays a Kapacitor {@code .srpl} file from {@code src/test/resources/kapacitor/}: its database and retention
     * policy lines, its line protocol with times (seconds) made relative to the first point.
     */
    NodeHarness writeSrpl(String name) {
        List<String> lines;
        try (java.io.InputStream in = NodeHarness.class.getResourceAsStream("/kapacitor/" + name + ".srpl")) {
            assertTrue(in != null, "no resource " + name);
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Long first = null;
        for (int i = 0; i + 2 < lines.size(); i += 3) {
            String line = lines.get(i + 2).strip();
            int sp = line.lastIndexOf(' ');
            long t = Long.parseLong(line.substring(sp + 1));
            if (first == null) {
                first = t;
            }
            ParseResult r = herald.write(line.substring(0, sp).strip() + " " + (t - first), lines.get(i).strip(),
                    lines.get(i + 1).strip(), Precision.SECONDS);
            assertTrue(r.errors().isEmpty(), () -> "line protocol errors: " + r.errors());
        }
        return this;
    }

    List<SeriesRow> result() {
        return result("out");
    }

    List<SeriesRow> result(String endpoint) {
        return HttpOutNode.find(herald.topics(), TASK, endpoint).orElseThrow().result();
    }

    /** The only row. */
    SeriesRow row() {
        List<SeriesRow> rows = result();
        assertEquals(1, rows.size(), () -> "rows: " + rows);
        return rows.get(0);
    }

    static Instant sec(long s) {
        return Instant.ofEpochSecond(s);
    }

    @Override
    public void close() {
        herald.close();
    }
}
