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
