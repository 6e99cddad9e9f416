package dev.herald.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A point's tags behave like the {@code Map.copyOf} copy they used to be, and know whether a field shadows a tag. */
class PointTagsTest {
    private static Point point(Map<String, String> tags, Map<String, Object> fields) {
        return new Point("db", "rp", "cpu", tags, fields, Instant.EPOCH);
    }

    private static PointTags tags(Point p) {
        return assertInstanceOf(PointTags.class, p.tags());
    }

    @Test
    void shadowedWhenSomeTagKeyIsAFieldKey() {
        assertFalse(tags(point(Map.of(), Map.of())).shadowed());
        assertFalse(tags(point(Map.of("host", "a"), Map.of())).shadowed());
        assertFalse(tags(point(Map.of(), Map.of("host", 1.0))).shadowed());
        assertFalse(tags(point(Map.of("host", "a", "cpu", "c"), Map.of("load", 1.0))).shadowed());
        // fewer tags than fields, and more tags than fields (the smaller map is iterated)
        assertTrue(tags(point(Map.of("host", "a"), Map.of("host", 1.0, "load", 2.0))).shadowed());
        assertTrue(tags(point(Map.of("host", "a", "cpu", "c", "dc", "x"), Map.of("dc", "f"))).shadowed());
        assertFalse(tags(point(Map.of("host", "a", "cpu", "c", "dc", "x"), Map.of("load", "f"))).shadowed());
        assertTrue(tags(point(Map.of("x", "t"), Map.of("x", "f"))).shadowed());
    }

    @Test
    void reusedTagsAreRecheckedAgainstTheNewFields() {
        Point plain = point(Map.of("host", "a", "cpu", "c"), Map.of("load", 1.0));
        assertSame(plain.tags(), point(plain.tags(), Map.of("usage", 2.0)).tags()); // nothing to copy
        Point shadowed = point(plain.tags(), Map.of("host", 2.0));
        assertTrue(tags(shadowed).shadowed());
        assertFalse(tags(plain).shadowed());
        assertEquals(plain.tags(), shadowed.tags());
        assertFalse(tags(point(shadowed.tags(), Map.of())).shadowed());
        assertSame(shadowed.tags(), point(shadowed.tags(), Map.of("cpu", 1L)).tags());
        assertSame(tags(point(Map.of(), Map.of())), tags(point(new HashMap<>(), Map.of("x", 1L))));
    }

    @Test
    void behavesLikeTheImmutableCopy() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("host", "web01");
        source.put("cpu", "cpu-total");
        source.put("dc", "eu");
        Map<String, String> copy = Map.copyOf(source);
        for (Map<String, Object> fields : List.of(Map.<String, Object>of(), Map.<String, Object>of("dc", 1.0))) {
            Map<String, String> t = point(source, fields).tags();
            source.put("late", "x"); // copied, not a view
            source.remove("late");
            assertEquals(copy, t);
            assertEquals(t, copy);
            assertEquals(t, new TreeMap<>(source));
            assertEquals(new HashMap<>(source), t);
            assertEquals(t, point(source, Map.of()).tags());
            assertNotEquals(t, Map.of("host", "web01"));
            assertEquals(copy.hashCode(), t.hashCode());
            assertEquals(copy.toString(), t.toString());
            assertEquals(new ArrayList<>(copy.entrySet()), new ArrayList<>(t.entrySet()));
            assertEquals(new ArrayList<>(copy.keySet()), new ArrayList<>(t.keySet()));
            assertEquals(new ArrayList<>(copy.values()), new ArrayList<>(t.values()));
            List<String> seen = new ArrayList<>();
            t.forEach((k, v) -> seen.add(k + "=" + v));
            List<String> want = new ArrayList<>();
            copy.forEach((k, v) -> want.add(k + "=" + v));
            assertEquals(want, seen);
            assertEquals(3, t.size());
            assertFalse(t.isEmpty());
            assertEquals("web01", t.get("host"));
            assertEquals(null, t.get("nope"));
            assertEquals("d", t.getOrDefault("nope", "d"));
            assertTrue(t.containsKey("dc"));
            assertTrue(t.containsValue("eu"));
            assertFalse(t.containsValue("nope"));
            // nulls rejected like the copy
            assertThrows(NullPointerException.class, () -> copy.get(null));
            assertThrows(NullPointerException.class, () -> t.get(null));
            assertThrows(NullPointerException.class, () -> t.containsKey(null));
            assertThrows(NullPointerException.class, () -> t.containsValue(null));
        }
        assertTrue(point(Map.of(), Map.of()).tags().isEmpty());
        assertEquals(Map.of(), point(Map.of(), Map.of()).tags());
        assertEquals("{}", point(Map.of(), Map.of()).tags().toString());
    }

    @Test
    void immutableLikeTheCopy() {
        Map<String, String> t = point(Map.of("host", "a"), Map.of("host", 1.0)).tags();
        List<Consumer<Map<String, String>>> mutators = List.of(
                m -> m.put("x", "y"),
                m -> m.put("host", "y"),
                m -> m.remove("host"),
                m -> m.remove("nope"),
                m -> m.remove("host", "a"),
                m -> m.putAll(Map.of("x", "y")),
                m -> m.putAll(Map.of()),
                m -> m.clear(),
                m -> m.replaceAll((k, v) -> v),
                m -> m.putIfAbsent("host", "b"),
                m -> m.replace("host", "b"),
                m -> m.replace("host", "a", "b"),
                m -> m.computeIfAbsent("host", k -> "b"),
                m -> m.computeIfPresent("nope", (k, v) -> "b"),
                m -> m.compute("host", (k, v) -> v),
                m -> m.merge("host", "b", (a, b) -> a),
                m -> m.entrySet().clear(),
                m -> m.keySet().remove("host"),
                m -> m.values().clear(),
                m -> m.entrySet().iterator().next().setValue("b"));
        for (Consumer<Map<String, String>> mutate : mutators) {
            // whatever the copy does, the tags do
            Class<? extends Throwable> want = thrown(mutate, Map.copyOf(Map.of("host", "a")));
            assertEquals(want, thrown(mutate, t));
            assertEquals(Map.of("host", "a"), t);
        }
        assertThrows(NullPointerException.class, () -> point(null, Map.of()));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("host", null);
        assertThrows(NullPointerException.class, () -> point(withNull, Map.of()));
    }

    private static Class<? extends Throwable> thrown(Consumer<Map<String, String>> mutate, Map<String, String> m) {
        try {
            mutate.accept(m);
            return null;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}
