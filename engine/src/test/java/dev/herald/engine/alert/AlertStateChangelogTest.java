package dev.herald.engine.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.AlertEvent;
import dev.herald.engine.Herald;
import dev.herald.engine.Point;
import dev.herald.engine.support.Points;
import dev.herald.engine.task.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The alert state a cluster node writes to its changelog and another node restores: levels, flapping, trigger times.
 * An engine that took over half way, restoring what the first one drained, raises exactly the events one engine
 * that saw every point raises for the second half.
 */
class AlertStateChangelogTest {
    private static final String SCRIPT = "stream|from().measurement('cpu').groupBy('host')|alert()"
            + ".warn(lambda: \"usage_idle\" < 60).crit(lambda: \"usage_idle\" < 30).flapping(0.25, 0.5).history(8)"
            + ".stateChangesOnly(5s).topic('cpu')";
    private final List<Herald> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(Herald::close);
    }

    private Herald engine(List<String> events) {
        Herald h = Herald.builder().build();
        engines.add(h);
        h.trackAlertState();
        h.defineTask(TaskSpec.stream("flappy", SCRIPT));
        h.onEvent(e -> events.add(line(e)));
        return h;
    }

    private static String line(AlertEvent e) {
        return e.id() + " " + e.level() + " " + e.time() + " " + e.duration();
    }

    private static List<Point> points(long seed) {
        Random r = new Random(seed);
        List<Point> out = new ArrayList<>();
        for (int t = 0; t < 400; t++) {
            // runs of steady levels (stateChangesOnly's interval matters) broken by bursts of flapping
            int phase = (t / 25) % 4;
            double idle = switch (phase) {
                case 0 -> 20 + r.nextInt(5);
                case 1 -> r.nextBoolean() ? 10 : 90;
                case 2 -> 40 + r.nextInt(10);
                default -> 70 + r.nextInt(30);
            };
            out.add(Points.cpu("h" + (t % 3), idle, t));
        }
        return out;
    }

    @Test
    void anEngineRestoringTheDrainedStateRaisesWhatOneEngineWould() {
        List<Point> points = points(7);
        int half = 205;
        List<String> all = new ArrayList<>();
        Herald one = engine(all);
        points.forEach(one::write);
        List<String> expected = all.stream().filter(l -> !before(l, points.get(half - 1))).toList();
        assertTrue(expected.size() > 10, expected.toString());

        List<String> first = new ArrayList<>();
        Herald a = engine(first);
        points.subList(0, half).forEach(a::write);
        Map<String, Herald.AlertGroupState> changelog = new LinkedHashMap<>();
        a.drainAlertState(s -> changelog.put(s.taskId() + "/" + s.node() + "/" + s.groupId(), s));
        assertEquals(3, changelog.size(), changelog.keySet().toString());
        List<String> none = new ArrayList<>();
        a.drainAlertState(s -> none.add(s.groupId()));
        assertEquals(List.of(), none, "drained once");

        List<String> second = new ArrayList<>();
        Herald b = engine(second);
        changelog.values().forEach(b::restoreAlertState);
        points.subList(half, points.size()).forEach(b::write);
        assertEquals(expected, second);

        // without the state, the second half's events differ: the test can tell
        List<String> fresh = new ArrayList<>();
        Herald c = engine(fresh);
        points.subList(half, points.size()).forEach(c::write);
        assertNotEquals(expected, fresh);
    }

    private static boolean before(String line, Point last) {
        String[] f = line.split(" ");
        return java.time.Instant.parse(f[2]).compareTo(last.time()) <= 0;
    }
}
