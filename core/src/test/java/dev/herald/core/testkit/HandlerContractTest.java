package dev.herald.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ConfigKey;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.config.ValueType;
import dev.herald.core.handler.HandlerFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The handler contract kit, part one: what every handler plugin must satisfy, whatever its transport. A handler
 * module's test extends this class (or {@link HttpHandlerContractTest} for HTTP services) and answers a few
 * questions about its plugin; the tests here find the factory the way the engine does, with
 * {@link ServiceLoader}, never by {@code new}.
 *
 * <p>Checks: exactly one factory of the kind is registered; its config and options schemas derive, are
 * consistent and render to JSON Schema; defaults bind; each secret is redacted in {@code toString()}, in the
 * config API view and in JSON; an unknown key, a wrong type and a missing required value each give a
 * {@link ConfigException} that names the key.
 */
public abstract class HandlerContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The handler kind under test ({@code slack}). */
    protected abstract String kind();

    /**
     * A complete config section for the plugin, as parsed from {@code kapacitor.conf} (key → value), pointing at
     * {@code serviceUrl} where the plugin talks to a URL. Secret keys must be set to non-empty values.
     */
    protected abstract Map<String, Object> sampleConfig(String serviceUrl);

    /** Options for one handler, as in a handler file's {@code options}. Secret options must be non-empty. */
    protected abstract Map<String, Object> sampleOptions();

    /** The factory of {@link #kind()}, found through {@link ServiceLoader} exactly as the engine finds it. */
    @SuppressWarnings("unchecked")
    protected final HandlerFactory<Record, Record> factory() {
        List<HandlerFactory<?, ?>> found = new ArrayList<>();
        for (HandlerFactory<?, ?> f : ServiceLoader.load(HandlerFactory.class)) {
            if (f.kind().equals(kind())) {
                found.add(f);
            }
        }
        assertEquals(1, found.size(), () -> "expected exactly one HandlerFactory of kind \"" + kind()
                + "\" in META-INF/services/dev.herald.core.handler.HandlerFactory, found " + found);
        return (HandlerFactory<Record, Record>) found.get(0);
    }

    @Test
    void factoryIsFoundByServiceLoaderWithAValidKind() {
        HandlerFactory<Record, Record> factory = factory();
        assertTrue(factory.kind().matches("[a-z][a-z0-9]*"), "kind must be lower-case letters and digits");
        assertTrue(factory.tickName().matches("[a-z][A-Za-z0-9]*"), "tickName must be a TICKscript identifier");
        assertTrue(factory.section().matches("[a-z][a-z0-9-]*"), "section must be a TOML key");
    }

    @Test
    void schemasAreConsistentAndRenderToJsonSchema() throws Exception {
        HandlerFactory<Record, Record> factory = factory();
        for (ConfigSchema<?> schema : List.of(factory.configSchema(), factory.optionsSchema())) {
            Set<String> names = new HashSet<>();
            Set<String> properties = new HashSet<>();
            for (ConfigKey key : schema.keys()) {
                assertTrue(names.add(key.name().toLowerCase()), () -> "duplicate key " + key.name());
                assertTrue(key.name().matches("[A-Za-z][A-Za-z0-9_-]*"), () -> "odd key name " + key.name());
                key.property().ifPresent(p -> assertTrue(properties.add(p), () -> "duplicate property " + p));
                if (key.type() == ValueType.ENUM) {
                    assertFalse(key.allowedValues().isEmpty(), () -> key.name() + " lists no allowed values");
                }
            }
            JsonNode rendered = JSON.readTree(JSON.writeValueAsString(schema.toJsonSchema()));
            assertEquals("object", rendered.path("type").asText());
            assertEquals(schema.keys().size(), rendered.path("properties").size());
            for (ConfigKey key : schema.keys()) {
                JsonNode property = rendered.path("properties").path(key.name());
                assertEquals(key.type().jsonType(), property.path("type").asText(), key.name());
                if (key.secret()) {
                    assertTrue(property.path("writeOnly").asBoolean(), key.name() + " is secret but not writeOnly");
                    assertTrue(property.path("default").isMissingNode(), key.name() + " shows a secret default");
                }
            }
        }
        assertTrue(factory.optionsSchema().elementKey().isEmpty(), "options have no element key");
        assertTrue(factory.configSchema().entryArgs().isEmpty(), "config has no entry arguments");
    }

    @Test
    void defaultsAndSamplesBind() {
        HandlerFactory<Record, Record> factory = factory();
        ConfigSchema<Record> config = factory.configSchema();
        ConfigSchema<Record> options = factory.optionsSchema();
        Record boundConfig = config.bind(sampleConfig("http://127.0.0.1:1/"));
        Record boundOptions = options.bind(sampleOptions());
        assertNotNull(boundConfig);
        assertNotNull(boundOptions);
        for (ConfigSchema<Record> schema : List.of(config, options)) {
            if (schema.keys().stream().noneMatch(ConfigKey::required)) {
                Map<String, Object> values = schema.redactedValues(schema.defaults());
                assertEquals(schema.keys().size(), values.size());
            }
        }
        // Binding the redacted-free view of a bound record back gives the same record: the round trip the config
        // API relies on for overrides.
        assertEquals(boundConfig, config.bind(config.revealedValues(boundConfig)));
        assertEquals(boundOptions, options.bind(options.revealedValues(boundOptions)));
    }

    @Test
    void secretsAreRedactedEverywhere() throws Exception {
        HandlerFactory<Record, Record> factory = factory();
        checkSecrets(factory.configSchema(), sampleConfig("http://127.0.0.1:1/"));
        checkSecrets(factory.optionsSchema(), sampleOptions());
    }

    private static void checkSecrets(ConfigSchema<Record> schema, Map<String, Object> sample) throws Exception {
        Record record = schema.bind(sample);
        Map<String, Object> redacted = schema.redactedValues(record);
        String json = JSON.writeValueAsString(redacted);
        for (String secretKey : schema.secretKeys()) {
            Object raw = sample.get(secretKey);
            assertNotNull(raw, () -> "sample must set secret key " + secretKey + " so that its redaction is tested");
            String secret = String.valueOf(raw);
            assertFalse(secret.isEmpty(), () -> "sample must set secret key " + secretKey + " to a non-empty value");
            assertFalse(record.toString().contains(secret), () -> secretKey + " shows in toString(): " + record);
            assertFalse(schema.toString().contains(secret), secretKey + " shows in the schema");
            assertEquals(Boolean.TRUE, redacted.get(secretKey), secretKey + " must read back as true when set");
            assertFalse(json.contains(secret), () -> secretKey + " shows in the redacted JSON: " + json);
            Map<String, Object> wrong = new LinkedHashMap<>(sample);
            wrong.put(secretKey, List.of(secret));
            ConfigException error = assertThrows(ConfigException.class, () -> schema.bind(wrong));
            assertFalse(error.getMessage().contains(secret), () -> secretKey + " shows in an error: " + error);
        }
    }

    @Test
    void unknownOptionIsAnErrorNamingItAndTheKnownOnes() {
        HandlerFactory<Record, Record> factory = factory();
        Map<String, Object> options = new LinkedHashMap<>(sampleOptions());
        options.put("no-such-option", "x");
        ConfigException error = assertThrows(ConfigException.class, () -> factory.optionsSchema().bind(options));
        assertEquals("no-such-option", error.key().orElseThrow());
        assertTrue(error.getMessage().contains("\"no-such-option\""), error.getMessage());
        for (ConfigKey key : factory.optionsSchema().keys()) {
            assertTrue(error.getMessage().contains(key.name()), () -> "error should list " + key.name() + ": "
                    + error.getMessage());
        }
    }

    @Test
    void wrongTypeIsAnErrorNamingKeyValueAndExpectation() {
        HandlerFactory<Record, Record> factory = factory();
        for (ConfigSchema<Record> schema : List.of(factory.optionsSchema(), factory.configSchema())) {
            Map<String, Object> base = schema == factory.optionsSchema() ? sampleOptions()
                    : sampleConfig("http://127.0.0.1:1/");
            for (ConfigKey key : schema.keys()) {
                Object wrong = wrongValueFor(key.type());
                Map<String, Object> raw = new LinkedHashMap<>(base);
                raw.put(key.name(), wrong);
                ConfigException error = assertThrows(ConfigException.class, () -> schema.bind(raw),
                        () -> key.name() + " accepted " + wrong);
                assertEquals(key.name(), error.key().orElseThrow());
                assertTrue(error.getMessage().contains("\"" + key.name() + "\""), error.getMessage());
                assertTrue(error.getMessage().contains("expected") || error.getMessage().contains("allowed"),
                        error.getMessage());
            }
        }
    }

    @Test
    void missingRequiredValueIsAnErrorNamingTheKey() {
        HandlerFactory<Record, Record> factory = factory();
        for (ConfigSchema<Record> schema : List.of(factory.optionsSchema(), factory.configSchema())) {
            Map<String, Object> base = schema == factory.optionsSchema() ? sampleOptions()
                    : sampleConfig("http://127.0.0.1:1/");
            for (ConfigKey key : schema.keys()) {
                if (!key.required()) {
                    continue;
                }
                Map<String, Object> raw = new LinkedHashMap<>(base);
                raw.remove(key.name());
                ConfigException error = assertThrows(ConfigException.class, () -> schema.bind(raw));
                assertEquals(key.name(), error.key().orElseThrow());
                assertTrue(error.getMessage().contains("required"), error.getMessage());
            }
        }
    }

    private static Object wrongValueFor(ValueType type) {
        return switch (type) {
            case STRING, URL, ENUM, DURATION, LIST -> 42.5;
            case BOOL -> "yes";
            case INT, FLOAT -> "many";
            case MAP, OBJECT_LIST -> "not-a-structure";
        };
    }
}
