package dev.herald.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GoJson#encode} writes plain values itself; it must give exactly the mapper's text for all of them. */
class GoJsonDirectTest {
    @Test
    void theDirectWriterMatchesTheMapperOnRandomValues() {
        Random r = new Random(4242);
        for (int i = 0; i < 20_000; i++) {
            Object v = RandomJsonValues.value(r, 0);
            assertEquals(GoJson.encodeWithMapper(v), GoJson.encode(v), String.valueOf(v));
        }
    }

    @Test
    void typesItDoesNotKnowStillGoThroughTheMapper() {
        record Point(String name, double value) {
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p", new Point("<cpu>", 1.5));
        m.put("big", new java.math.BigDecimal("1.50"));
        assertEquals(GoJson.encodeWithMapper(m), GoJson.encode(m));
        assertEquals("{\"p\":{\"name\":\"\\u003ccpu\\u003e\",\"value\":1.5},\"big\":1.50}", GoJson.encode(m));
    }
}
