package dev.herald.core.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns raw values (from JSON, YAML, TOML or TICKscript) into a component's Java value, strictly. */
final class ValueCoercion {
    private ValueCoercion() {
    }

    static Object zero(ConfigKey key, Class<?> javaType) {
        if (javaType == String.class) {
            return "";
        }
        if (javaType == Secret.class) {
            return Secret.EMPTY;
        }
        if (javaType == boolean.class || javaType == Boolean.class) {
            return false;
        }
        if (javaType == int.class || javaType == Integer.class) {
            return 0;
        }
        if (javaType == long.class || javaType == Long.class) {
            return 0L;
        }
        if (javaType == double.class || javaType == Double.class) {
            return 0.0;
        }
        if (javaType == Duration.class) {
            return Duration.ZERO;
        }
        if (javaType == URI.class) {
            return URI.create("");
        }
        if (javaType == List.class) {
            return List.of();
        }
        if (javaType == Map.class) {
            return Map.of();
        }
        if (javaType.isEnum()) {
            return javaType.getEnumConstants()[0];
        }
        throw new IllegalArgumentException("no zero value for " + key.name());
    }

    /** A default value written as text in a {@link Key} annotation. */
    static Object coerceText(String section, ConfigKey key, Class<?> javaType, String text) {
        Object raw = switch (key.type()) {
            case BOOL -> switch (text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> text;
            };
            case INT -> parseLongOrText(text);
            case FLOAT -> parseDoubleOrText(text);
            case LIST -> text.isEmpty() ? List.of() : List.of(text.split(","));
            default -> text;
        };
        return coerce(section, key, javaType, raw);
    }

    /**
     * A map default written as text: {@code k=v} pairs separated by commas, in order ({@code "OK=Clear,Info=Info"});
     * empty text is the empty map.
     */
    static Map<String, String> mapText(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("map default \"" + text + "\" is not k=v,k=v");
                }
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * A {@code Map<String, Object>} value: an object whose values are strings, booleans, numbers, lists or objects
     * (as Kapacitor's {@code map[string]interface{}} options take them from JSON, YAML or TOML). Kept as given,
     * in order; nested lists and maps are copied.
     */
    static Map<String, Object> coerceAnyMap(String section, ConfigKey key, Object raw) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw mismatch(section, key, raw);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : m.entrySet()) {
            if (!(entry.getKey() instanceof String k)) {
                throw new ConfigException(section, key.name(), "invalid value for \"" + key.name()
                        + "\": entry " + shown(key, entry.getKey()) + " must have a string key");
            }
            out.put(k, plainJson(section, key, k, entry.getValue()));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Object plainJson(String section, ConfigKey key, String entry, Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(o == null ? null : plainJson(section, key, entry, o)); // JSON null inside a value stays
            }
            return java.util.Collections.unmodifiableList(out);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()),
                        e.getValue() == null ? null : plainJson(section, key, entry, e.getValue()));
            }
            return java.util.Collections.unmodifiableMap(out);
        }
        throw new ConfigException(section, key.name(), "invalid value for \"" + key.name() + "\": entry \""
                + entry + "\" is " + describe(value) + " (expected a string, number, boolean, list or object)");
    }

    private static Object parseLongOrText(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Object parseDoubleOrText(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static Object coerce(String section, ConfigKey key, Class<?> javaType, Object raw) {
        switch (key.type()) {
            case STRING -> {
                if (raw instanceof String s) {
                    return javaType == Secret.class ? Secret.of(s) : s;
                }
                if (raw instanceof Secret s && javaType == Secret.class) {
                    return s;
                }
                throw mismatch(section, key, raw);
            }
            case URL -> {
                String text;
                if (raw instanceof String s) {
                    text = s;
                } else if (raw instanceof URI u) {
                    text = u.toString();
                } else if (raw instanceof Secret s) {
                    text = s.reveal();
                } else {
                    throw mismatch(section, key, raw);
                }
                URI uri = null;
                if (!text.isEmpty()) {
                    try {
                        uri = new URI(text);
                    } catch (URISyntaxException e) {
                        uri = null;
                    }
                    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
                        throw new ConfigException(section, key.name(), "invalid value for \"" + key.name() + "\": "
                                + shown(key, text) + " is not an absolute URL (expected e.g. https://host/path)");
                    }
                }
                if (javaType == Secret.class) {
                    return Secret.of(text);
                }
                if (javaType == URI.class) {
                    return uri == null ? URI.create("") : uri;
                }
                return text;
            }
            case BOOL -> {
                if (raw instanceof Boolean b) {
                    return b;
                }
                throw mismatch(section, key, raw);
            }
            case INT -> {
                long value;
                if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                    value = ((Number) raw).longValue();
                } else if (raw instanceof BigInteger b && b.bitLength() < 64) {
                    value = b.longValue();
                } else {
                    throw mismatch(section, key, raw);
                }
                if (javaType == int.class || javaType == Integer.class) {
                    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                        throw new ConfigException(section, key.name(), "invalid value for \"" + key.name() + "\": "
                                + shown(key, raw) + " is out of range for a 32-bit integer");
                    }
                    return (int) value;
                }
                return value;
            }
            case FLOAT -> {
                if (raw instanceof Number n) {
                    return n.doubleValue();
                }
                throw mismatch(section, key, raw);
            }
            case DURATION -> {
                if (raw instanceof Duration d) {
                    return d;
                }
                if (raw instanceof Integer || raw instanceof Long) {
                    // Kapacitor's handler files carry durations as integer nanoseconds.
                    return Duration.ofNanos(((Number) raw).longValue());
                }
                if (raw instanceof String s) {
                    try {
                        return dev.herald.core.template.GoFormat.parseDuration(s);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(section, key.name(), "invalid value for \"" + key.name() + "\": "
                                + shown(key, raw) + " is not a duration (expected e.g. 10s, 1m30s, 500ms)");
                    }
                }
                throw mismatch(section, key, raw);
            }
            case ENUM -> {
                if (!(raw instanceof String) && !(raw instanceof Enum<?>) && !(raw instanceof Long)
                        && !(raw instanceof Integer)) {
                    throw mismatch(section, key, raw);
                }
                // an integer names a numeric value (MQTT's .qos(1) and qos: 1 beside qos: at-least-once)
                String text = raw instanceof Enum<?> e ? e.name() : String.valueOf(raw);
                if (javaType.isEnum()) {
                    for (Object constant : javaType.getEnumConstants()) {
                        if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                            return constant;
                        }
                    }
                } else {
                    if (text.isEmpty() && !key.required()) {
                        return text;
                    }
                    for (String allowed : key.allowedValues()) {
                        if (allowed.equalsIgnoreCase(text)) {
                            return text;
                        }
                    }
                }
                throw new ConfigException(section, key.name(), "invalid value for \"" + key.name() + "\": "
                        + shown(key, raw) + " (allowed values: " + String.join(", ", key.allowedValues()) + ")");
            }
            case LIST -> {
                if (raw instanceof String s) {
                    return List.of(s);
                }
                if (!(raw instanceof Collection<?> c)) {
                    throw mismatch(section, key, raw);
                }
                List<String> out = new ArrayList<>(c.size());
                for (Object element : c) {
                    if (!(element instanceof String s)) {
                        throw new ConfigException(section, key.name(), "invalid value for \"" + key.name()
                                + "\": element " + shown(key, element) + " is " + describe(element)
                                + " (expected a list of strings)");
                    }
                    out.add(s);
                }
                return List.copyOf(out);
            }
            case MAP -> {
                if (!(raw instanceof Map<?, ?> m)) {
                    throw mismatch(section, key, raw);
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : m.entrySet()) {
                    if (!(entry.getKey() instanceof String k) || !(entry.getValue() instanceof String v)) {
                        throw new ConfigException(section, key.name(), "invalid value for \"" + key.name()
                                + "\": entry " + shown(key, entry.getKey()) + " must map a string to a string");
                    }
                    out.put(k, v);
                }
                return java.util.Collections.unmodifiableMap(out);
            }
            case OBJECT_LIST -> {
                if (!(raw instanceof Collection<?> c)) {
                    throw mismatch(section, key, raw);
                }
                ConfigSchema<?> element = key.elementSchema().orElseThrow();
                List<Object> out = new ArrayList<>(c.size());
                int index = 0;
                for (Object item : c) {
                    if (!(item instanceof Map<?, ?> m)) {
                        throw new ConfigException(section, key.name(), "invalid value for \"" + key.name()
                                + "\": element " + index + " is " + describe(item) + " (expected an object with keys "
                                + String.join(", ", element.keys().stream().map(ConfigKey::name).toList()) + ")");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, ?> map = (Map<String, ?>) m;
                    try {
                        out.add(element.bind(map));
                    } catch (ConfigException e) {
                        throw new ConfigException(section, key.name(),
                                "invalid value for \"" + key.name() + "\" element " + index + ": "
                                        + e.detail());
                    }
                    index++;
                }
                return List.copyOf(out);
            }
            default -> throw new IllegalStateException("unhandled type " + key.type());
        }
    }

    static String expected(ConfigKey key) {
        return switch (key.type()) {
            case STRING -> "a string";
            case URL -> "an absolute URL";
            case BOOL -> "true or false";
            case INT -> "an integer";
            case FLOAT -> "a number";
            case DURATION -> "a duration such as 10s or 1m30s";
            case ENUM -> "one of " + String.join(", ", key.allowedValues());
            case LIST -> "a list of strings";
            case MAP -> "an object of string values";
            case OBJECT_LIST -> "a list of objects";
        };
    }

    private static ConfigException mismatch(String section, ConfigKey key, Object raw) {
        return new ConfigException(section, key.name(), "invalid value for \"" + key.name() + "\": "
                + shown(key, raw) + " is " + describe(raw) + " (expected " + expected(key) + ")");
    }

    /** The value as an error message may show it: never a secret's value. */
    static String shown(ConfigKey key, Object raw) {
        if (key.secret()) {
            return "(secret value)";
        }
        if (raw instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(raw);
    }

    static String describe(Object raw) {
        if (raw == null) {
            return "null";
        }
        if (raw instanceof String) {
            return "a string";
        }
        if (raw instanceof Boolean) {
            return "a boolean";
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger) {
            return "an integer";
        }
        if (raw instanceof Number) {
            return "a number";
        }
        if (raw instanceof Collection<?>) {
            return "a list";
        }
        if (raw instanceof Map<?, ?>) {
            return "an object";
        }
        if (raw instanceof Duration) {
            return "a duration";
        }
        return "a " + raw.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    static boolean isEmpty(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof Secret s) {
            return s.isEmpty();
        }
        if (value instanceof String s) {
            return s.isEmpty();
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        return false;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object toPlain(Object value, boolean reveal) {
        if (value instanceof Secret s) {
            return reveal ? s.reveal() : !s.isEmpty();
        }
        if (value instanceof Duration d) {
            return dev.herald.core.template.GoFormat.duration(d);
        }
        if (value instanceof URI u) {
            return u.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Record r) {
            ConfigSchema schema = ConfigSchema.of(r.getClass());
            return reveal ? schema.revealedValues(r) : schema.redactedValues(r);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(toPlain(o, reveal));
            }
            return out;
        }
        return value;
    }
}
