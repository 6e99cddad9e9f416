package dev.herald.engine.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.Level;
import dev.herald.engine.Herald;
import dev.herald.engine.Point;
import dev.herald.engine.support.Points;
import dev.herald.engine.support.RecordingHandlerFactory;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.topic.TopicHandlerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertNodeTest {
    private final RecordingHandlerFactory hipchat = new RecordingHandlerFactory();
    private Herald herald;

    private Herald engine(Map<String, Object> hipchatConfig) {
        herald = Herald.builder().handlers(List.of(hipchat)).configure("hipchat", hipchatConfig).build();
        return herald;
    }

    @AfterEach
    void close() {
        if (herald != null) {
            herald.close();
        }
    }

    private static List<Level> levels(List<RecordingHandlerFactory.Delivery> deliveries) {
        return deliveries.stream().map(d -> d.event().level()).toList();
    }

    @Test
    void seedScriptSendsEveryNonOkPointAndTheRecovery() {
        engine(Map.of("enabled", true, "room", "ops"));
        herald.defineTask(TaskSpec.stream("cpu_alert", "stream\n    |from()\n        .measurement('cpu')\n"
                + "    |alert()\n        .crit(lambda: \"usage_idle\" < 97)\n"
                + "        .message('Hey, check your CPU')\n        .hipChat()\n"));
        herald.write(Points.cpu("serverA", 99, 1));
        herald.write(Points.cpu("serverA", 96, 2));
        herald.write(Points.cpu("serverA", 95, 3));
        herald.write(Points.cpu("serverA", 98, 4));
        herald.write(Points.cpu("serverA", 99, 5));
        List<RecordingHandlerFactory.Delivery> got = hipchat.deliveredBy(herald);
        assertEquals(List.of(Level.CRITICAL, Level.CRITICAL, Level.OK), levels(got));
        AlertEvent first = got.get(0).event();
        assertEquals("cpu:nil", first.id());
        assertEquals("Hey, check your CPU", first.message());
        assertEquals("main:cpu_alert:alert2", first.topic());
        assertEquals(Level.OK, first.previousLevel());
        assertEquals(Level.CRITICAL, got.get(1).event().previousLevel());
        assertEquals(Duration.ofSeconds(1), got.get(1).event().duration());
        assertEquals(Duration.ofSeconds(2), got.get(2).event().duration());
        assertEquals("ops", got.get(0).room());
        assertEquals(Level.OK, herald.topic("main:cpu_alert:alert2").orElseThrow().level());
    }

    @Test
    void stateChangesOnlyAndANamedTopicWithAHandlerFile() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("cpu", "stream|from().measurement('cpu').groupBy('host')"
                + "|alert().crit(lambda: \"usage_idle\" < 97).stateChangesOnly().topic('cpu')"));
        herald.defineTopicHandler(TopicHandlerSpec.fromMap(Map.of("id", "to-ops", "topic", "cpu", "kind", "hipchat",
                "options", Map.of("room", "from-file")), null));
        herald.write(Points.cpu("serverA", 96, 1));
        herald.write(Points.cpu("serverA", 95, 2));
        herald.write(Points.cpu("serverB", 90, 2));
        herald.write(Points.cpu("serverA", 99, 3));
        List<RecordingHandlerFactory.Delivery> got = hipchat.deliveredBy(herald);
        assertEquals(List.of("cpu:host=serverA", "cpu:host=serverB", "cpu:host=serverA"),
                got.stream().map(d -> d.event().id()).toList());
        assertEquals(List.of(Level.CRITICAL, Level.CRITICAL, Level.OK), levels(got));
        assertEquals("from-file", got.get(0).room());
        assertEquals("cpu", got.get(0).event().topic());
        assertEquals(Level.CRITICAL, herald.topic("cpu").orElseThrow().level());
        assertEquals(List.of("cpu:host=serverB"), herald.topic("cpu").orElseThrow().events(Level.WARNING).stream()
                .map(AlertEvent::id).toList());
        // No anonymous topic: the node has no handlers of its own.
        assertTrue(herald.topic("main:cpu:alert3").isEmpty());
    }

    @Test
    void stateChangesOnlyWithAnIntervalResendsAfterIt() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"usage_idle\" < 97).stateChangesOnly(10s).hipChat()"));
        for (int s = 0; s <= 25; s += 5) {
            herald.write(Points.cpu("a", 90, s));
        }
        List<RecordingHandlerFactory.Delivery> got = hipchat.deliveredBy(herald);
        assertEquals(List.of(Instant.ofEpochSecond(0), Instant.ofEpochSecond(10), Instant.ofEpochSecond(20)),
                got.stream().map(d -> d.event().time()).toList());
    }

    @Test
    void levelsAndResets() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')|alert()"
                + ".info(lambda: \"usage_idle\" < 80).warn(lambda: \"usage_idle\" < 50).crit(lambda: \"usage_idle\" < 20)"
                + ".warnReset(lambda: \"usage_idle\" > 70).hipChat()"));
        double[] idle = {90, 75, 40, 60, 10, 60, 72, 95};
        for (int i = 0; i < idle.length; i++) {
            herald.write(Points.cpu("a", idle[i], i));
        }
        // 60 after WARNING stays WARNING (the warn reset needs > 70); 60 after CRITICAL (no crit reset) falls to the
        // first level that matches from the top, INFO.
        assertEquals(List.of(Level.INFO, Level.WARNING, Level.WARNING, Level.CRITICAL, Level.INFO, Level.INFO,
                Level.OK), levels(hipchat.deliveredBy(herald)));
    }

    @Test
    void noRecoveriesDropsTheOkEvent() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"usage_idle\" < 97).noRecoveries().hipChat()"));
        herald.write(Points.cpu("a", 90, 1));
        herald.write(Points.cpu("a", 99, 2));
        List<RecordingHandlerFactory.Delivery> got = hipchat.deliveredBy(herald);
        assertEquals(List.of(Level.CRITICAL), levels(got));
        assertEquals(false, got.get(0).event().data().recoverable());
    }

    @Test
    void flappingSuppressesEventsWhileTheStateFlaps() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"usage_idle\" < 50).flapping(0.25, 0.5).history(6).hipChat()"));
        double[] idle = {10, 90, 10, 90, 10, 90, 10, 90};
        for (int i = 0; i < idle.length; i++) {
            herald.write(Points.cpu("a", idle[i], i));
        }
        // Kapacitor's weighted change measure over a 6-level history passes 0.5 at the third point and stays there.
        assertEquals(List.of(Level.CRITICAL, Level.OK), levels(hipchat.deliveredBy(herald)));
    }

    @Test
    void missingFieldMeansNoLevelNotAnError() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"nope\" < 97).hipChat()"));
        herald.write(Points.cpu("a", 1, 1));
        assertEquals(List.of(), hipchat.deliveredBy(herald));
    }

    @Test
    void eventJsonMatchesKapacitorsHandlerExample() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("testAlertHandlers", "stream|from().measurement('alert')"
                + "|alert().id('id').message('message').details('details').crit(lambda: TRUE).hipChat()"));
        herald.write(new Point("", "", "alert", Map.of(), Map.of("value", 1.0), Instant.EPOCH));
        AlertEvent event = hipchat.deliveredBy(herald).get(0).event();
        assertEquals("{\"id\":\"id\",\"message\":\"message\",\"details\":\"details\","
                + "\"time\":\"1970-01-01T00:00:00Z\",\"duration\":0,\"level\":\"CRITICAL\","
                + "\"data\":{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
                + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]},\"previousLevel\":\"OK\",\"recoverable\":true}",
                AlertEventJson.toJson(event));
    }

    @Test
    void defaultTemplatesAndDetailsAreKapacitors() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu').groupBy('host')"
                + "|alert().crit(lambda: \"usage_idle\" < 97).hipChat()"));
        herald.write(Points.cpu("web<1>", 90, 1));
        AlertEvent event = hipchat.deliveredBy(herald).get(0).event();
        assertEquals("cpu:host=web<1>", event.id());
        assertEquals("cpu:host=web<1> is CRITICAL", event.message());
        assertTrue(event.details().startsWith("{&#34;Name&#34;:&#34;cpu&#34;,&#34;TaskName&#34;:&#34;t&#34;,"
                + "&#34;Group&#34;:&#34;host=web\\u003c1\\u003e&#34;,"), event.details());
        assertTrue(event.details().contains("&#34;Level&#34;:&#34;CRITICAL&#34;"), event.details());
        assertTrue(event.details().endsWith("\n"));
        assertEquals("host=web<1>", event.data().group());
    }

    @Test
    void globalServiceAddsAHandlerAndCanForceStateChangesOnly() {
        engine(Map.of("enabled", true, "global", true, "state-changes-only", true, "room", "global-room"));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"usage_idle\" < 97)"));
        herald.write(Points.cpu("a", 90, 1));
        herald.write(Points.cpu("a", 80, 2));
        List<RecordingHandlerFactory.Delivery> got = hipchat.deliveredBy(herald);
        assertEquals(1, got.size(), "state-changes-only with global: one event");
        assertEquals("global-room", got.get(0).room());
    }

    @Test
    void disabledServiceStillCreatesHandlersButDeliversNothing() {
        engine(Map.of("enabled", false));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"usage_idle\" < 97).hipChat()"));
        herald.write(Points.cpu("a", 90, 1));
        assertEquals(List.of(), hipchat.deliveredBy(herald));
        assertEquals(1, herald.deliveryMetrics().snapshot().get("hipchat").failed());
    }

    @Test
    void handlerChainErrorsNameTheHandlerAndItsProperties() {
        engine(Map.of());
        TickscriptException error = assertThrows(TickscriptException.class, () -> herald.defineTask(
                TaskSpec.stream("t", "stream|from().measurement('cpu')\n|alert().crit(lambda: TRUE)\n"
                        + "  .hipChat().channel('#x')")));
        assertEquals(3, error.line());
        assertTrue(error.getMessage().contains("no property \"channel\" on handler hipChat; its properties are: "
                + "room, token"), error.getMessage());
        TickscriptException unknown = assertThrows(TickscriptException.class, () -> herald.defineTask(
                TaskSpec.stream("t", "stream|from().measurement('cpu')|alert().crit(lambda: TRUE).pagerDuty()")));
        assertTrue(unknown.getMessage().contains("installed handlers: hipChat"), unknown.getMessage());
    }

    @Test
    void alertPropertiesAfterAHandlerGoBackToTheAlertNode() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"usage_idle\" < 97).hipChat().room('r1').stateChangesOnly()"));
        herald.write(Points.cpu("a", 90, 1));
        herald.write(Points.cpu("a", 80, 2));
        List<RecordingHandlerFactory.Delivery> got = hipchat.deliveredBy(herald);
        assertEquals(1, got.size());
        assertEquals("r1", got.get(0).room());
    }

    @Test
    void inhibitSuppressesEventsOfTheCategoryWhileTheInhibitorIsActive() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("host_down", "stream|from().measurement('up').groupBy('host')"
                + "|alert().category('system').inhibit('system', 'host').crit(lambda: \"up\" == 0).topic('hosts')"));
        herald.defineTask(TaskSpec.stream("cpu", "stream|from().measurement('cpu').groupBy('host')"
                + "|alert().category('system').crit(lambda: \"usage_idle\" < 97).hipChat()"));
        herald.write(new Point("telegraf", "autogen", "up", Map.of("host", "a"), Map.of("up", 0L),
                Instant.ofEpochSecond(1)));
        herald.write(Points.cpu("a", 90, 2));
        herald.write(Points.cpu("b", 90, 2));
        List<RecordingHandlerFactory.Delivery> got = hipchat.deliveredBy(herald);
        assertEquals(List.of("cpu:host=b"), got.stream().map(d -> d.event().id()).toList());
    }

    @Test
    void stateRestoredIntoATopicCarriesOverARestart() {
        engine(Map.of("enabled", true));
        AlertEvent before = new AlertEvent("main:t:alert2", "cpu:nil", "was critical", "",
                Instant.ofEpochSecond(100), Duration.ofSeconds(40), Level.CRITICAL, Level.OK,
                new dev.herald.core.event.EventData("cpu", "t", "", "", Map.of(), Map.of(), true, List.of()));
        herald.topics().ensure("main:t:alert2").restore(before);
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"usage_idle\" < 97).stateChangesOnly().hipChat()"));
        herald.write(Points.cpu("a", 90, 200));
        herald.write(Points.cpu("a", 99, 210));
        List<RecordingHandlerFactory.Delivery> got = hipchat.deliveredBy(herald);
        // Still CRITICAL after the restart: no repeat under stateChangesOnly; then the recovery, from CRITICAL,
        // with the duration counted from when the alert first triggered (t=60).
        assertEquals(List.of(Level.OK), levels(got));
        assertEquals(Level.CRITICAL, got.get(0).event().previousLevel());
        assertEquals(Duration.ofSeconds(150), got.get(0).event().duration());
    }

    @Test
    void multipleEventListenersAllSeeEveryEvent() {
        engine(Map.of("enabled", true));
        List<String> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> second = new java.util.concurrent.CopyOnWriteArrayList<>();
        herald.onEvent(e -> first.add(e.id()));
        herald.onEvent(e -> second.add(e.id()));
        herald.defineTask(TaskSpec.stream("t", "stream|from().measurement('cpu')"
                + "|alert().crit(lambda: \"usage_idle\" < 97).topic('cpu')"));
        herald.write(Points.cpu("a", 90, 1));
        assertEquals(List.of("cpu:nil"), first);
        assertEquals(List.of("cpu:nil"), second);
        assertEquals(1, herald.metrics().events(Level.CRITICAL));
    }

    @Test
    void dbrpStatementsOfTheScriptSelectTheData() {
        engine(Map.of("enabled", true));
        herald.defineTask(TaskSpec.stream("t", "dbrp \"telegraf\".\"autogen\"\n"
                + "stream|from().measurement('cpu')|alert().crit(lambda: \"usage_idle\" < 97).hipChat()"));
        herald.write(new Point("other", "autogen", "cpu", Map.of(), Map.of("usage_idle", 1.0), Instant.EPOCH));
        herald.write(Points.cpu("a", 90, 1));
        assertEquals(1, hipchat.deliveredBy(herald).size());
        assertEquals(List.of(new dev.herald.engine.task.Dbrp("telegraf", "autogen")),
                herald.task("t").orElseThrow().spec().dbrps());
    }
}
