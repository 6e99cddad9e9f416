package dev.herald.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.core.event.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoFormatTest {

    @Test
    void durationsAsGoPrintsThem() {
        assertEquals("0s", GoFormat.duration(Duration.ZERO));
        assertEquals("1ns", GoFormat.duration(Duration.ofNanos(1)));
        assertEquals("1µs", GoFormat.duration(Duration.ofNanos(1_000)));
        assertEquals("1.5µs", GoFormat.duration(Duration.ofNanos(1_500)));
        assertEquals("100ms", GoFormat.duration(Duration.ofMillis(100)));
        assertEquals("1.000001ms", GoFormat.duration(Duration.ofNanos(1_000_001)));
        assertEquals("1s", GoFormat.duration(Duration.ofSeconds(1)));
        assertEquals("1.5s", GoFormat.duration(Duration.ofMillis(1_500)));
        assertEquals("1m0s", GoFormat.duration(Duration.ofMinutes(1)));
        assertEquals("1m30s", GoFormat.duration(Duration.ofSeconds(90)));
        assertEquals("1h0m0s", GoFormat.duration(Duration.ofHours(1)));
        assertEquals("1h2m3s", GoFormat.duration(Duration.ofSeconds(3723)));
        assertEquals("72h3m0.5s", GoFormat.duration(Duration.ofHours(72).plusMinutes(3).plusMillis(500)));
        assertEquals("-5s", GoFormat.duration(Duration.ofSeconds(-5)));
        assertEquals("-1.5ms", GoFormat.duration(Duration.ofNanos(-1_500_000)));
        assertEquals("2562047h47m16.854775807s", GoFormat.duration(Duration.ofNanos(Long.MAX_VALUE)));
        assertEquals("-2562047h47m16.854775808s", GoFormat.duration(Duration.ofNanos(Long.MIN_VALUE)));
    }

    @Test
    void timesAsGoPrintsThemInUtc() {
        assertEquals("1971-01-01 00:00:10 +0000 UTC", GoFormat.time(Instant.parse("1971-01-01T00:00:10Z")));
        assertEquals("1970-01-01 00:00:00 +0000 UTC", GoFormat.time(Instant.EPOCH));
        assertEquals("2006-01-02 15:04:05.999999999 +0000 UTC",
                GoFormat.time(Instant.parse("2006-01-02T15:04:05.999999999Z")));
        assertEquals("2006-01-02 15:04:05.5 +0000 UTC", GoFormat.time(Instant.parse("2006-01-02T15:04:05.500Z")));
        assertEquals("2006-01-02 15:04:05.00012 +0000 UTC",
                GoFormat.time(Instant.parse("2006-01-02T15:04:05.000120Z")));
    }

    @Test
    void valuesAsFmtPercentV() {
        assertEquals("abc", GoFormat.value("abc"));
        assertEquals("42", GoFormat.value(42L));
        assertEquals("-7", GoFormat.value(-7));
        assertEquals("1", GoFormat.value(1.0));
        assertEquals("2.5", GoFormat.value(2.5));
        assertEquals("0.1", GoFormat.value(0.1));
        assertEquals("123456", GoFormat.value(123456.0));
        assertEquals("1e+06", GoFormat.value(1e6));
        assertEquals("1.234567e+06", GoFormat.value(1234567.0));
        assertEquals("1e+21", GoFormat.value(1e21));
        assertEquals("0.0001", GoFormat.value(1e-4));
        assertEquals("1e-05", GoFormat.value(1e-5));
        assertEquals("1e-07", GoFormat.value(1e-7));
        assertEquals("-3.25", GoFormat.value(-3.25));
        assertEquals("0", GoFormat.value(0.0));
        assertEquals("-0", GoFormat.value(-0.0));
        assertEquals("+Inf", GoFormat.value(Double.POSITIVE_INFINITY));
        assertEquals("NaN", GoFormat.value(Double.NaN));
        assertEquals("1.1", GoFormat.value(1.1f));
        assertEquals("true", GoFormat.value(true));
        assertEquals("<nil>", GoFormat.value(null));
        assertEquals("CRITICAL", GoFormat.value(Level.CRITICAL));
        assertEquals("1m0s", GoFormat.value(Duration.ofMinutes(1)));
        assertEquals("1971-01-01 00:00:10 +0000 UTC", GoFormat.value(Instant.ofEpochSecond(31536010)));
    }

    @Test
    void collectionsAsFmtPercentV() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 2L);
        map.put("a", "x y");
        map.put("c", List.of(1L, 2.5));
        assertEquals("map[a:x y b:2 c:[1 2.5]]", GoFormat.value(map));
        assertEquals("map[]", GoFormat.value(Map.of()));
        assertEquals("[a b c]", GoFormat.value(List.of("a", "b", "c")));
        assertEquals("[a <nil>]", GoFormat.value(Arrays.asList("a", null)));
        assertEquals("[1 2]", GoFormat.value(new int[] {1, 2}));
        Map<Long, String> numeric = new HashMap<>();
        numeric.put(10L, "ten");
        numeric.put(9L, "nine");
        assertEquals("map[9:nine 10:ten]", GoFormat.value(numeric));
    }
}
