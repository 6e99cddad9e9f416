package dev.herald.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.engine.lineprotocol.LineProtocolParser;
import dev.herald.engine.lineprotocol.Precision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzzes the line protocol parser: bad lines are reported in the result, so no exception may escape at all.
 * Corpus: {@code src/test/resources/dev/herald/engine/fuzz/LineProtocolFuzzTestInputs/parse/}.
 */
class LineProtocolFuzzTest {
    @FuzzTest(maxDuration = "2m", maxExecutions = 1_000_000)
    void parse(byte[] input) {
        String body = new String(input, StandardCharsets.UTF_8);
        for (Precision p : new Precision[] {Precision.NANOSECONDS, Precision.SECONDS}) {
            LineProtocolParser.parse(body, "db", "rp", p, Instant.ofEpochSecond(1_700_000_000L));
        }
    }
}
