package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.support.RecordingHandlerFactory;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TICKscript vars of every type, used wherever a property takes a value of that type. */
class TickscriptVarsTest {

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void varsOfEveryTypeInNodesAndProperties() {
        RecordingHandlerFactory recorder = new RecordingHandlerFactory();
        Herald herald = Herald.builder().handlers(List.of(recorder)).configure("hipchat", Map.of("enabled", true))
                .build();
        try (NodeHarness h = new NodeHarness(herald, """
                var db = 'dbname'
                var rp = 'rpname'
                var measurement = 'cpu'
                var groupBy = ['host', 'dc']
                var hostPattern = /^server[AB]$/
                var warn = 80
                var critOffset = 10.5
                var crit = warn + critOffset
                var name = measurement
                var idVar = name + '-{{.Group}}'
                var all = lambda: TRUE
                var warnLambda = lambda: "value" > warn
                var messageVar = '{{ .ID }} ' + 'is {{ .Level }}'
                var yes = !FALSE

                stream
                    |from()
                        .database(db)
                        .retentionPolicy(rp)
                        .measurement(measurement)
                        .where(lambda: "host" =~ hostPattern)
                        .groupBy(groupBy)
                    |where(all)
                    |alert()
                        .id(idVar)
                        .message(messageVar)
                        .warn(warnLambda)
                        .crit(lambda: "value" > crit AND yes)
                        .hipChat()
                """)) {
            h.write("""
                    cpu,host=serverA,dc=x value=85 1
                    cpu,host=serverC,dc=x value=99 1
                    cpu,host=serverA,dc=x value=91 2
                    cpu,host=serverB,dc=y value=90 3
                    """);
            List<String> got = recorder.deliveredBy(herald).stream()
                    .map(d -> d.event().id() + " " + d.event().level() + " " + d.event().message()).toList();
            assertEquals(List.of("cpu-dc=x,host=serverA WARNING cpu-dc=x,host=serverA is WARNING",
                    "cpu-dc=x,host=serverA CRITICAL cpu-dc=x,host=serverA is CRITICAL",
                    "cpu-dc=y,host=serverB WARNING cpu-dc=y,host=serverB is WARNING"), got);
        }
    }

    @Test
    void durationAndStarVarsAndArithmeticOnThem() {
        try (NodeHarness h = new NodeHarness("""
                var period = 10s
                var every = period / 2
                var everything = *
                var fields = ['value']
                stream
                    |from().measurement('m').groupBy(everything)
                    |window().period(period).every(every)
                    |mean(fields)
                    |httpOut('out')
                """)) {
            h.write("m,host=a value=1 0\nm,host=a value=3 4\nm,host=a value=100 5\n");
            SeriesRow r = h.row();
            assertEquals(Map.of("host", "a"), r.tags());
            assertEquals(List.of(row(sec(5), 2.0)), r.values());
        }
    }

    @Test
    void typeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"var p = 'x'\nstream|from()|window().period(p)",
                    "property \"period\" expects a duration, got string 'x'"},
                {"var x = 'a' + 1\nstream|from()", "mismatched type to binary operator. got string + int"},
                {"var tags = ['a']\nstream|from()|where(lambda: \"x\" == tags)",
                    "var tags of type list cannot be used in a lambda"},
                {"var w = 10s\nstream|from().measurement(w)",
                    "property \"measurement\" expects a string, got duration 10s"},
                {"var l = lambda: \"x\" > 1\nstream|from()|window().every(l)",
                    "property \"every\" expects a duration, got a lambda expression"},
                {"var n = 1\nvar n = 2\nstream|from()", "attempted to redefine n, vars are immutable"},
            }) {
                TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", c[0])), c[0]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            }
        }
    }
}
