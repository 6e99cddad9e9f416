package dev.herald.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoJsonTest {

    @ParameterizedTest
    @CsvSource({
        "1.0, 1", "123456789.0, 123456789", "1e21, 1e+21", "1e-7, 1e-7", "0.000001, 0.000001",
        "2.5, 2.5", "-0.5, -0.5", "1e20, 100000000000000000000", "1.5e-7, 1.5e-7", "123e25, 1.23e+27",
        "0.0, 0", "-1e-10, -1e-10", "0.1, 0.1", "99.99, 99.99"
    })
    void floatsAreShortestAsGoWritesThem(double value, String expected) {
        assertEquals(expected, GoJson.formatFloat(value));
        assertEquals(expected, GoJson.encode(value));
    }

    @Test
    void floatThirtyTwoUsesItsOwnShortestDigits() {
        assertEquals("0.1", GoJson.formatFloat(0.1f));
    }

    @Test
    void nonFiniteNumbersAreRejectedAsGoDoes() {
        assertThrows(IllegalArgumentException.class, () -> GoJson.formatFloat(Double.NaN));
    }

    @Test
    void htmlAndLineSeparatorsAreEscapedOtherUnicodeIsRaw() {
        assertEquals("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u2028\\u2029 é 日本\"",
                GoJson.encode("<a href=\"x\">&\u2028\u2029 é 日本"));
        assertEquals("\"tab\\tnl\\n\\u0001\"", GoJson.encode("tab\tnl\n\u0001"));
    }

    @Test
    void mapsKeepTheirIterationOrder() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("z", 1);
        struct.put("a", true);
        struct.put("m", null);
        assertEquals("{\"z\":1,\"a\":true,\"m\":null}", GoJson.encode(struct));
        assertEquals("{\"a\":true,\"z\":1}", GoJson.encode(new TreeMap<>(Map.of("z", 1, "a", true))));
        assertEquals("{\"k\":[1,2.5,\"x\"]}\n", GoJson.encodeLine(Map.of("k", Arrays.asList(1L, 2.5, "x"))));
    }

    @Test
    void timesAndDurationsAreGoShaped() {
        assertEquals("\"1970-01-01T00:00:00Z\"", GoJson.encode(Instant.EPOCH));
        assertEquals("\"1971-01-01T00:00:10.12Z\"", GoJson.encode(Instant.parse("1971-01-01T00:00:10.120Z")));
        assertEquals("\"0001-01-01T00:00:00Z\"", GoJson.encode(Instant.parse("0001-01-01T00:00:00Z")));
        assertEquals("\"2024-05-01T12:00:00.000000001Z\"",
                GoJson.encode(Instant.parse("2024-05-01T12:00:00.000000001Z")));
        assertEquals("1500000000", GoJson.encode(Duration.ofMillis(1500)));
    }
}
