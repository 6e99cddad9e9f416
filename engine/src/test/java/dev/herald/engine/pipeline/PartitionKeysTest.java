package dev.herald.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.engine.tick.Program;
import dev.herald.engine.tick.Tickscript;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PartitionKeysTest {
    private static final Map<String, String> TAGS = Map.of("host", "a", "dc", "x", "cpu", "0");

    private static PartitionKeys keys(String... scripts) {
        return PartitionKeys.of(Stream.of(scripts).map(s -> (Program) Tickscript.parse(s, Map.of())).toList());
    }

    private static String key(PartitionKeys keys, String measurement) {
        return keys.key(measurement, TAGS).replace('\u0000', '|');
    }

    @Test
    void withoutTasksEachSeriesMayGoAnywhere() {
        assertEquals("cpu|cpu=0|dc=x|host=a", key(keys(), "cpu"));
    }

    @Test
    void tasksOnOneMeasurementKeyItByTheTagsTheyAllGroupBy() {
        PartitionKeys k = keys("stream|from().measurement('cpu').groupBy('host')|alert()",
                "stream|from().measurement('cpu')|groupBy('host', 'dc')|window().period(1m)|alert()");
        assertEquals("cpu|host=a", key(k, "cpu"));
        assertEquals("mem|cpu=0|dc=x|host=a", key(k, "mem"), "no task reads mem: by series");

        k = keys("stream|from().measurement('cpu').groupBy('host')|alert()",
                "stream|from().measurement('cpu')|alert()");
        assertEquals("cpu", key(k, "cpu"), "an ungrouped task: the whole measurement on one partition");

        k = keys("stream|from().measurement('cpu').groupBy('host', 'dc')|window().period(1m)|groupBy('dc')|alert()");
        assertEquals("cpu|dc=x", key(k, "cpu"), "every grouping on the path bounds the key");

        k = keys("stream|from().measurement('cpu').groupBy(*)|alert()");
        assertEquals("cpu|cpu=0|dc=x|host=a", key(k, "cpu"), "groupBy(*): by series");

        k = keys("var d = stream|from().measurement('cpu').groupBy('host', 'dc')\n"
                + "d|alert().crit(lambda: \"v\" > 1)\nd|groupBy('host')|alert()");
        assertEquals("cpu|host=a", key(k, "cpu"), "branches: the tags both keep");
    }

    @Test
    void aTaskReadingEveryMeasurementTakesTheMeasurementOutOfTheKey() {
        PartitionKeys k = keys("stream|from().groupBy('host')|alert()",
                "stream|from().measurement('cpu').groupBy('host', 'dc')|alert()");
        assertEquals("|host=a", key(k, "cpu"));
        assertEquals("|host=a", key(k, "mem"));

        k = keys("stream|from().measurement('cpu').groupBy('host')|alert()", "stream|from()|alert()");
        assertEquals("", key(k, "cpu"), "an ungrouped task over every measurement: one key for all");
    }

    @Test
    void shapesNotAnalysedPutEverythingOnOneKey() {
        PartitionKeys k = keys("var a = stream|from().measurement('cpu').groupBy('host')\n"
                + "var b = stream|from().measurement('mem').groupBy('host')\n"
                + "a|join(b).as('a', 'b')|alert()");
        assertEquals("", key(k, "cpu"));
        assertEquals("", key(k, "mem"));
    }
}
