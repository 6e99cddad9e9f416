package dev.herald.engine.pipeline.nodes;

import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.support.RecordingHandlerFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stateful lambda functions in nodes: Kapacitor's TestStream_EvalGroups, _AlertSigma, _AlertComplexWhere. */
class StatefulLambdaNodesTest {
    /** TestStream_AlertSigma.srpl (and _AlertComplexWhere.srpl, the same data), times relative to the first point. */
    static final String SIGMA_DATA = """
            cpu,type=idle,host=serverA value=97.1 0
            cpu,type=idle,host=serverB value=97.1 0
            disk,type=sda,host=serverB value=39 0
            cpu,type=idle,host=serverA value=92.6 1
            cpu,type=idle,host=serverB value=92.6 1
            cpu,type=idle,host=serverA value=95.6 2
            cpu,type=idle,host=serverB value=95.6 2
            cpu,type=idle,host=serverA value=93.1 3
            cpu,type=idle,host=serverB value=93.1 3
            cpu,type=idle,host=serverA value=92.6 4
            cpu,type=idle,host=serverB value=92.6 4
            cpu,type=idle,host=serverA value=95.8 5
            cpu,type=idle,host=serverB value=95.8 5
            cpu,type=idle,host=serverC value=95.8 5
            cpu,type=idle,host=serverA value=92.7 6
            cpu,type=idle,host=serverB value=92.7 6
            cpu,type=idle,host=serverA value=16.0 7
            cpu,type=idle,host=serverB value=96.0 7
            cpu,type=idle,host=serverA value=93.4 8
            cpu,type=idle,host=serverB value=93.4 8
            disk,type=sda,host=serverB value=423 8
            cpu,type=idle,host=serverA value=95.3 9
            cpu,type=idle,host=serverB value=95.3 9
            cpu,type=idle,host=serverA value=96.4 10
            cpu,type=idle,host=serverB value=96.4 10
            cpu,type=idle,host=serverA value=95.1 11
            cpu,type=idle,host=serverB value=95.1 11
            """;

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void evalGroupsCountsPerGroup() {
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('types')
                		.groupBy('group')
                	|eval(lambda: count())
                		.as('count')
                	|httpOut('out')
                """)) {
            h.write("""
                    types,group=A value=42 0
                    types,group=B value=42 0
                    types,group=A value=24 1
                    types,group=B value=24 1
                    """);
            List<SeriesRow> rows = h.result();
            assertEquals(2, rows.size(), rows::toString);
            for (int i = 0; i < 2; i++) {
                SeriesRow r = rows.get(i);
                assertEquals("types", r.name());
                assertEquals(Map.of("group", i == 0 ? "A" : "B"), r.tags());
                assertEquals(List.of("time", "count"), r.columns());
                assertEquals(List.of(row(sec(1), 2L)), r.values());
            }
        }
    }

    @Test
    void alertSigma() {
        RecordingHandlerFactory recorder = new RecordingHandlerFactory();
        Herald herald = Herald.builder().handlers(List.of(recorder)).configure("hipchat", Map.of("enabled", true))
                .build();
        try (NodeHarness h = new NodeHarness(herald, """
                stream
                	|from()
                		.measurement('cpu')
                		.where(lambda: "host" == 'serverA')
                	|eval(lambda: sigma("value"))
                		.as('sigma')
                		.keep()
                	|alert()
                		.details('{{ .Message }}')
                		.info(lambda: "sigma" > 2.0)
                		.warn(lambda: "sigma" > 3.0)
                		.crit(lambda: "sigma" > 3.5)
                		.hipChat()
                """)) {
            h.write(SIGMA_DATA);
            List<RecordingHandlerFactory.Delivery> got = recorder.deliveredBy(herald);
            assertEquals(2, got.size(), got::toString);
            AlertEvent info = got.get(0).event();
            assertEquals("cpu:nil", info.id());
            assertEquals("cpu:nil is INFO", info.message());
            assertEquals("cpu:nil is INFO", info.details());
            assertEquals(Level.INFO, info.level());
            assertEquals(sec(7), info.time());
            assertEquals(List.of(new SeriesRow("cpu", Map.of("host", "serverA", "type", "idle"),
                    List.of("time", "sigma", "value"), List.of(row(sec(7), 2.469916402324427, 16.0)))),
                    info.data().series());
            AlertEvent ok = got.get(1).event();
            assertEquals(Level.OK, ok.level());
            assertEquals(Level.INFO, ok.previousLevel());
            assertEquals("cpu:nil is OK", ok.message());
            assertEquals(sec(8), ok.time());
            assertEquals(java.time.Duration.ofSeconds(1), ok.duration());
            assertEquals(List.of(new SeriesRow("cpu", Map.of("host", "serverA", "type", "idle"),
                    List.of("time", "sigma", "value"), List.of(row(sec(8), 0.3053477916297622, 93.4)))),
                    ok.data().series());
        }
    }

    @Test
    void alertComplexWhereAndTheDocumentedAnomalyRule() {
        RecordingHandlerFactory recorder = new RecordingHandlerFactory();
        Herald herald = Herald.builder().handlers(List.of(recorder)).configure("hipchat", Map.of("enabled", true))
                .build();
        try (NodeHarness h = new NodeHarness(herald, """
                stream
                	|from()
                		.measurement('cpu')
                		.where(lambda: "host" == 'serverA' AND sigma("value") > 2)
                	|alert()
                		.details('')
                		.crit(lambda: TRUE)
                		.hipChat()
                """)) {
            h.write(SIGMA_DATA);
            List<RecordingHandlerFactory.Delivery> got = recorder.deliveredBy(herald);
            assertEquals(1, got.size(), got::toString);
            AlertEvent crit = got.get(0).event();
            assertEquals(Level.CRITICAL, crit.level());
            assertEquals("cpu:nil is CRITICAL", crit.message());
            assertEquals(sec(7), crit.time());
            assertEquals(List.of(new SeriesRow("cpu", Map.of("host", "serverA", "type", "idle"),
                    List.of("time", "value"), List.of(row(sec(7), 16.0)))), crit.data().series());
        }
        // sigma in the alert node itself, per group: serverB's points never reach 2 sigmas, serverA's 16.0 (2.47) does
        RecordingHandlerFactory recorder2 = new RecordingHandlerFactory();
        Herald herald2 = Herald.builder().handlers(List.of(recorder2)).configure("hipchat", Map.of("enabled", true))
                .build();
        try (NodeHarness h = new NodeHarness(herald2, """
                stream
                    |from()
                        .measurement('cpu')
                        .groupBy('host')
                    |alert()
                        .crit(lambda: sigma("value") > 2.0)
                        .hipChat()
                """)) {
            h.write(SIGMA_DATA);
            List<RecordingHandlerFactory.Delivery> got = recorder2.deliveredBy(herald2);
            assertEquals(List.of("cpu:host=serverA CRITICAL 7", "cpu:host=serverA OK 8"), got.stream()
                    .map(d -> d.event().id() + " " + d.event().level() + " " + d.event().time().getEpochSecond())
                    .toList());
        }
    }
}
