package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's time and duration text, glob patterns, JSON Patch and environment names. */
class TextFormsTest {
    @Test
    void goDurationsAndTimes() {
        assertEquals("0s", TimeText.format(Duration.ZERO));
        assertEquals("2ms", TimeText.format(Duration.ofMillis(2)));
        assertEquals("1.5s", TimeText.format(Duration.ofMillis(1500)));
        assertEquals("1m30s", TimeText.format(Duration.ofSeconds(90)));
        assertEquals("1h0m0s", TimeText.format(Duration.ofHours(1)));
        assertEquals("500ns", TimeText.format(Duration.ofNanos(500)));
        assertEquals(Duration.ofSeconds(90), TimeText.parseDuration("1m30s"));
        assertEquals(Duration.ofMillis(1500), TimeText.parseDuration("1.5s"));
        assertThrows(IllegalArgumentException.class, () -> TimeText.parseDuration("ten"));
        assertEquals("1970-01-01T00:00:00.002Z", TimeText.format(Instant.ofEpochMilli(2)));
        assertEquals("1970-01-01T00:00:10Z", TimeText.format(Instant.ofEpochSecond(10)));
        assertEquals(Instant.ofEpochSecond(10, 120), TimeText.parse("1970-01-01T00:00:10.00000012Z"));
    }

    @Test
    void globs() {
        assertTrue(Glob.matches("", "anything"));
        assertTrue(Glob.matches("cpu*", "cpu_alert"));
        assertTrue(Glob.matches("c?u", "cpu"));
        assertTrue(Glob.matches("[ab]1", "b1"));
        assertFalse(Glob.matches("cpu*", "mem"));
        assertThrows(ApiException.class, () -> Glob.compile("[ab"));
    }

    @Test
    void jsonPatch() {
        var doc = Json.toTree(Map.of("id", "a", "options", Map.of("x", 1)));
        var patched = JsonPatch.apply(Json.toTree(List.of(
                Map.of("op", "add", "path", "/options/y", "value", "z"),
                Map.of("op", "remove", "path", "/options/x"),
                Map.of("op", "replace", "path", "/id", "value", "b"))), doc);
        assertEquals(Json.tree("{\"id\":\"b\",\"options\":{\"y\":\"z\"}}"), patched);
        assertThrows(ApiException.class, () -> JsonPatch.apply(Json.toTree(List.of(
                Map.of("op", "replace", "path", "/nosuch", "value", 1))), doc));
    }

    @Test
    void environmentOverridesByIndexAndMapSuffix() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<SectionShape> shapes = List.of(new SectionShape("httppost", true, Map.of("endpoint", ValueType.STRING,
                "headers", ValueType.MAP)), new SectionShape("telegram", false, Map.of("enabled", ValueType.BOOL,
                "chat-id", ValueType.STRING)));
        List<String> applied = EnvOverrides.apply(root, Map.of("KAPACITOR_HTTPPOST_1_ENDPOINT", "second",
                "KAPACITOR_HTTPPOST_1_HEADERS_X-Key", "v", "KAPACITOR_TELEGRAM_ENABLED", "TRUE",
                "HERALD_TELEGRAM_CHAT_ID", "7", "KAPACITOR_URL", "ignored"), shapes);
        assertEquals(4, applied.size(), applied.toString());
        assertEquals("{\"httppost\":[{},{\"endpoint\":\"second\",\"headers\":{\"X-Key\":\"v\"}}],"
                + "\"telegram\":{\"enabled\":true,\"chat-id\":\"7\"}}", Json.compact(root));
    }
}
