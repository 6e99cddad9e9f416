package dev.herald.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Map<String, Object>} keys: Kapacitor's {@code map[string]interface{}} options and tables. */
class AnyValueMapTest {

    record Options(
            Map<String, Object> customField,
            @Key(defaultValue = "OK=Clear,Info=Info") Map<String, Object> severityMap,
            @Key(defaultValue = "a=1") Map<String, String> labels) {
    }

    private final ConfigSchema<Options> schema = ConfigSchema.of(Options.class);

    @Test
    void valuesKeepTheirJsonTypesAndOrder() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("ticks", 33L);
        raw.put("ratio", 0.5);
        raw.put("on", true);
        raw.put("text", "{{ .ID }}");
        raw.put("list", List.of(1L, "x"));
        raw.put("obj", Map.of("k", "v"));
        Options bound = schema.bind(Map.of("custom-field", raw));
        assertEquals(raw, bound.customField());
        assertEquals(List.of("ticks", "ratio", "on", "text", "list", "obj"),
                List.copyOf(bound.customField().keySet()));
        assertEquals(ValueType.MAP, schema.key("custom-field").orElseThrow().type());
        assertEquals(2, schema.key("custom-field").orElseThrow().arity());
    }

    @Test
    void textDefaultsAreKeyValuePairs() {
        Options defaults = schema.defaults();
        assertEquals(Map.of("OK", "Clear", "Info", "Info"), defaults.severityMap());
        assertEquals(List.of("OK", "Info"), List.copyOf(defaults.severityMap().keySet()));
        assertEquals(Map.of("a", "1"), defaults.labels());
        assertEquals(Map.of(), defaults.customField());
    }

    @Test
    void stringMapsStillRejectOtherValues() {
        ConfigException e = assertThrows(ConfigException.class, () -> schema.bind(Map.of("labels", Map.of("a", 1L))));
        assertTrue(e.getMessage().contains("labels"), e::getMessage);
    }

    @Test
    void nonObjectIsRejectedNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> schema.bind(Map.of("custom-field", "x")));
        assertTrue(e.getMessage().contains("custom-field"), e::getMessage);
    }

    @Test
    void jsonSchemaAllowsAnyValueOnlyForObjectMaps() {
        JsonNode props = schema.toJsonSchema().path("properties");
        assertEquals(0, props.path("custom-field").path("additionalProperties").size());
        assertTrue(props.path("custom-field").path("additionalProperties").isObject());
        assertEquals("string", props.path("labels").path("additionalProperties").path("type").asText());
        assertEquals("Clear", props.path("severity-map").path("default").path("OK").asText());
    }
}
