package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regexes in a running task: a catastrophic pattern from a var filters points without hanging the task. */
class RegexNodesTest {

    @Test
    void aCatastrophicPatternInAWhereNodeStillAnswers() {
        String as = "a".repeat(60);
        try (NodeHarness h = new NodeHarness("""
                var evil = /^(a+)+$/
                stream
                    |from().measurement('m')
                    |where(lambda: "s" !~ evil)
                    |eval(lambda: regexReplace(/(a|aa)+(?P<tail>!?)$/, "s", 'x${tail}'))
                        .as('r')
                    |httpOut('out')
                """)) {
            // the first point is all a's and is dropped; the second ends with '!': no match, the case that makes a
            // backtracking engine try every way of splitting the 60 a's
            h.write("m s=\"" + as + "\" 1\nm s=\"" + as + "!\" 2\n");
            assertEquals(List.of(Arrays.asList(sec(2), "x!")), h.row().values());
        }
    }
}
