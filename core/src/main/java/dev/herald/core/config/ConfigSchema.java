package dev.herald.core.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.Api;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The schema of a config section or of a handler's options, declared once by a plugin as a record and used
 * everywhere: binding config files, handler files, TICKscript chains and API requests to that record; rendering
 * JSON Schema for the API and the web page; redacting secrets.
 *
 * <p>Each record component is a {@link ConfigKey}. Its type is inferred from the component's Java type
 * ({@code String}, {@link Secret}, {@code boolean}, {@code int}, {@code long}, {@code double},
 * {@link java.time.Duration}, {@link java.net.URI}, an {@code enum}, {@code List<String>},
 * {@code Map<String, String>}, or a {@code List} of a nested record for {@link ValueType#OBJECT_LIST}); a
 * {@link Key} annotation adds the rest. A {@link Schema} annotation on the record states the element key of a
 * list section and the positional arguments of the TICKscript entry method.
 *
 * <p>Binding is strict, as Kapacitor's handler-file decoding is: an unknown key, a wrong type or a missing
 * required value is a {@link ConfigException} naming the key, the value and what was expected. Key names match
 * exactly, or failing that case-insensitively. Durations accept Go duration text ({@code 1m30s}) and, for
 * Kapacitor handler files, integer nanoseconds.
 *
 * @param <R> the record the schema binds to
 */
@Api(status = Api.Status.INTERNAL)
public final class ConfigSchema<R extends Record> {

    private static final ClassValue<ConfigSchema<?>> CACHE = new ClassValue<>() {
        @Override
        protected ConfigSchema<?> computeValue(Class<?> type) {
            return derive(type.asSubclass(Record.class));
        }
    };

    private final String name;
    private final Class<R> recordType;
    private final List<ConfigKey> keys;
    private final Map<String, ConfigKey> byName;
    private final Map<String, ConfigKey> byLowerName;
    private final Map<String, ConfigKey> byProperty;
    private final Optional<String> elementKey;
    private final List<String> entryArgs;
    private final String description;
    private final List<ComponentBinding> bindings;
    private final Constructor<R> constructor;

    private ConfigSchema(String name, Class<R> recordType, List<ConfigKey> keys, List<ComponentBinding> bindings,
            Optional<String> elementKey, List<String> entryArgs, String description, Constructor<R> constructor) {
        this.name = name;
        this.recordType = recordType;
        this.keys = List.copyOf(keys);
        this.bindings = List.copyOf(bindings);
        this.elementKey = elementKey;
        this.entryArgs = List.copyOf(entryArgs);
        this.description = description;
        this.constructor = constructor;
        this.byName = new LinkedHashMap<>();
        this.byLowerName = new LinkedHashMap<>();
        this.byProperty = new LinkedHashMap<>();
        for (ConfigKey key : keys) {
            byName.put(key.name(), key);
            byLowerName.putIfAbsent(key.name().toLowerCase(Locale.ROOT), key);
            key.property().ifPresent(p -> byProperty.put(p, key));
        }
    }

    /**
     * The schema of {@code recordType}, derived once and cached.
     *
     * @throws IllegalArgumentException when a component's type is not supported or a {@link Schema} names an
     *                                  unknown key
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> ConfigSchema<R> of(Class<R> recordType) {
        return (ConfigSchema<R>) CACHE.get(recordType);
    }

    /** The schema of a handler or section with no keys at all. */
    public static ConfigSchema<NoConfig> none() {
        return of(NoConfig.class);
    }

    /** The record type this schema binds to. */
    public Class<R> recordType() {
        return recordType;
    }

    /** A display name: the record's simple name (handler factories name sections by their kind). */
    public String name() {
        return name;
    }

    /** The keys in declaration order. */
    public List<ConfigKey> keys() {
        return keys;
    }

    /** The key named {@code keyName}, matched exactly, else case-insensitively. */
    public Optional<ConfigKey> key(String keyName) {
        ConfigKey key = byName.get(keyName);
        if (key == null) {
            key = byLowerName.get(keyName.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(key);
    }

    /** The key set by the TICKscript property method {@code property} ({@code iconEmoji}). */
    public Optional<ConfigKey> keyForProperty(String property) {
        return Optional.ofNullable(byProperty.get(property));
    }

    /** For a list section, the key that names each element ({@code workspace}). */
    public Optional<String> elementKey() {
        return elementKey;
    }

    /** The keys filled by the positional arguments of the TICKscript entry method. */
    public List<String> entryArgs() {
        return entryArgs;
    }

    /** One sentence about the section or options; may be empty. */
    public String description() {
        return description;
    }

    /** Names of the secret keys, in declaration order. */
    public List<String> secretKeys() {
        return keys.stream().filter(ConfigKey::secret).map(ConfigKey::name).toList();
    }

    /** The record with every key at its default. */
    public R defaults() {
        return bind(Map.of());
    }

    /**
     * Binds {@code raw} (parsed JSON, YAML or TOML, or a TICKscript chain turned into a map) to the record,
     * filling absent keys with their defaults.
     *
     * @throws ConfigException naming the key, the value and what was expected
     */
    public R bind(Map<String, ?> raw) {
        return bind(raw, Map.of());
    }

    /**
     * Binds {@code raw} on top of {@code base}: keys absent from {@code raw} take their value from {@code base},
     * then from the defaults. Used for overrides (service-test options, config API {@code set}).
     */
    public R bind(Map<String, ?> raw, Map<String, ?> base) {
        Objects.requireNonNull(raw, "raw");
        Map<ConfigKey, Object> given = new LinkedHashMap<>();
        collect(base, given);
        collect(raw, given);
        Object[] args = new Object[bindings.size()];
        for (int i = 0; i < bindings.size(); i++) {
            ComponentBinding binding = bindings.get(i);
            ConfigKey key = binding.key();
            Object value = given.containsKey(key) ? given.get(key) : null;
            if (value == null || isEmptyText(value)) {
                if (key.required()) {
                    throw new ConfigException(name, key.name(),
                            "missing required value for \"" + key.name() + "\" (expected " + ValueCoercion.expected(key)
                                    + ")");
                }
                if (value == null) {
                    args[i] = binding.defaultValue();
                    continue;
                }
            }
            args[i] = binding.coerce(name, value);
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(name, null, String.valueOf(cause.getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + recordType.getName(), e);
        }
    }

    private void collect(Map<String, ?> raw, Map<ConfigKey, Object> into) {
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            ConfigKey key = key(entry.getKey()).orElseThrow(() -> new ConfigException(name, entry.getKey(),
                    "unknown key \"" + entry.getKey() + "\"; known keys: " + String.join(", ", knownKeys())));
            into.put(key, entry.getValue());
        }
    }

    private List<String> knownKeys() {
        return keys.stream().map(ConfigKey::name).sorted().toList();
    }

    private static boolean isEmptyText(Object value) {
        return value instanceof String s && s.isEmpty();
    }

    /**
     * The record's values by key name with secrets shown as they are in Kapacitor's config API: {@code true}
     * when set, {@code false} when empty. Durations are text ({@code 10s}), URIs strings, enums their names,
     * nested records maps.
     */
    public Map<String, Object> redactedValues(R record) {
        return values(record, false);
    }

    /**
     * The record's values by key name, secrets included in clear. Only for writing a config back to where it
     * came from (a store the operator controls); never for logs or API responses.
     */
    public Map<String, Object> revealedValues(R record) {
        return values(record, true);
    }

    private Map<String, Object> values(R record, boolean reveal) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ComponentBinding binding : bindings) {
            Object value = binding.read(record);
            ConfigKey key = binding.key();
            if (key.secret() && !reveal) {
                out.put(key.name(), !ValueCoercion.isEmpty(value));
            } else {
                out.put(key.name(), ValueCoercion.toPlain(value, reveal));
            }
        }
        return out;
    }

    /**
     * JSON Schema (draft 2020-12) of this schema, for the API and the web page. Secret keys carry
     * {@code "writeOnly": true}; TICKscript facts are under {@code x-herald-property} / {@code x-herald-arity}.
     */
    public ObjectNode toJsonSchema() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("title", name);
        if (!description.isEmpty()) {
            root.put("description", description);
        }
        root.put("type", "object");
        ObjectNode props = root.putObject("properties");
        ArrayNode required = f.arrayNode();
        for (ComponentBinding binding : bindings) {
            ConfigKey key = binding.key();
            ObjectNode keyNode = keySchema(key);
            if (binding.anyMapValues()) {
                // Map<String, Object>: any JSON value, not only strings.
                keyNode.putObject("additionalProperties");
            }
            props.set(key.name(), keyNode);
            if (key.required()) {
                required.add(key.name());
            }
        }
        if (!required.isEmpty()) {
            root.set("required", required);
        }
        root.put("additionalProperties", false);
        elementKey.ifPresent(k -> root.put("x-herald-element-key", k));
        if (!entryArgs.isEmpty()) {
            ArrayNode args = root.putArray("x-herald-entry-args");
            entryArgs.forEach(args::add);
        }
        return root;
    }

    private static ObjectNode keySchema(ConfigKey key) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        node.put("type", key.type().jsonType());
        switch (key.type()) {
            case URL -> node.put("format", "uri");
            case DURATION -> node.put("format", "duration");
            case ENUM -> {
                ArrayNode values = node.putArray("enum");
                key.allowedValues().forEach(values::add);
            }
            case LIST -> node.putObject("items").put("type", "string");
            case MAP -> node.putObject("additionalProperties").put("type", "string");
            case OBJECT_LIST -> key.elementSchema().ifPresent(s -> node.set("items", s.toJsonSchema()));
            default -> {
            }
        }
        if (!key.description().isEmpty()) {
            node.put("description", key.description());
        }
        if (key.secret()) {
            node.put("writeOnly", true);
        } else {
            key.defaultValue().ifPresent(d -> node.set("default",
                    com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                            .valueToTree(ValueCoercion.toPlain(d, false))));
        }
        key.property().ifPresent(p -> {
            node.put("x-herald-property", p);
            node.put("x-herald-arity", key.arity());
        });
        return node;
    }

    @Override
    public String toString() {
        return "ConfigSchema[" + name + ": " + keys.stream().map(ConfigKey::name).collect(Collectors.joining(", "))
                + "]";
    }

    // ---- derivation -------------------------------------------------------------------------------------------

    private static <R extends Record> ConfigSchema<R> derive(Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        List<ConfigKey> keys = new ArrayList<>();
        List<ComponentBinding> bindings = new ArrayList<>();
        for (RecordComponent component : components) {
            ComponentBinding binding = ComponentBinding.of(type, component);
            keys.add(binding.key());
            bindings.add(binding);
        }
        Schema schema = type.getAnnotation(Schema.class);
        Optional<String> elementKey = Optional.empty();
        List<String> entryArgs = List.of();
        String description = "";
        if (schema != null) {
            if (!schema.elementKey().isEmpty()) {
                elementKey = Optional.of(schema.elementKey());
            }
            entryArgs = Arrays.asList(schema.entryArgs());
            description = schema.description();
        }
        List<String> names = keys.stream().map(ConfigKey::name).toList();
        elementKey.ifPresent(k -> {
            if (!names.contains(k)) {
                throw new IllegalArgumentException(type.getName() + ": element key \"" + k + "\" is not a key");
            }
        });
        for (String arg : entryArgs) {
            if (!names.contains(arg)) {
                throw new IllegalArgumentException(type.getName() + ": entry argument \"" + arg + "\" is not a key");
            }
        }
        Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<R> constructor;
        try {
            constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(type.getName() + ": no canonical constructor accessible", e);
        }
        return new ConfigSchema<>(type.getSimpleName(), type, keys, bindings, elementKey, entryArgs, description,
                constructor);
    }

    /** Lists the maps of {@code raw} sorted by key; used by tests and by the API to show values stably. */
    static Map<String, Object> sorted(Map<String, Object> raw) {
        return new TreeMap<>(raw);
    }
}
