package dev.herald.server;

import dev.herald.core.config.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@code KAPACITOR_<SECTION>_<KEY>} and {@code HERALD_<SECTION>_<KEY>} environment variables to a parsed
 * config tree, as kapacitord does: names upper case with {@code -} as {@code _}; list sections by index
 * ({@code KAPACITOR_SLACK_0_URL}); map keys by suffix ({@code KAPACITOR_HTTPPOST_0_HEADERS_Authorization}); values
 * typed by the section's schema. {@code HERALD_} wins over {@code KAPACITOR_}. Variables that name no known key are
 * ignored (the CLI's {@code KAPACITOR_URL} lives in the same namespace).
 */
final class EnvOverrides {
    static final List<String> PREFIXES = List.of("KAPACITOR_", "HERALD_");

    private EnvOverrides() {
    }

    /**
     * Applies {@code env} to {@code root} in place.
     *
     * @return the variables applied, for the log
     * @throws StartupException naming the variable whose value does not fit its key
     */
    @SuppressWarnings("unchecked")
    static List<String> apply(Map<String, Object> root, Map<String, String> env, List<SectionShape> shapes) {
        List<String> applied = new ArrayList<>();
        List<SectionShape> sorted = new ArrayList<>(shapes);
        sorted.sort(Comparator.comparingInt((SectionShape s) -> s.name().length()).reversed());
        for (String prefix : PREFIXES) {
            for (Map.Entry<String, String> var : new TreeMap<>(env).entrySet()) {
                if (!var.getKey().startsWith(prefix)) {
                    continue;
                }
                String rest = var.getKey().substring(prefix.length());
                if (applyOne(root, sorted, rest, var.getKey(), var.getValue())) {
                    applied.add(var.getKey());
                }
            }
        }
        return applied;
    }

    @SuppressWarnings("unchecked")
    private static boolean applyOne(Map<String, Object> root, List<SectionShape> shapes, String rest, String var,
            String value) {
        for (SectionShape shape : shapes) {
            if (shape.name().isEmpty()) {
                for (Map.Entry<String, ValueType> key : shape.keys().entrySet()) {
                    if (SectionShape.envName(key.getKey()).equals(rest)) {
                        root.put(key.getKey(), typed(var, key.getValue(), value));
                        return true;
                    }
                }
                continue;
            }
            String sectionPrefix = SectionShape.envName(shape.name()) + "_";
            if (!rest.startsWith(sectionPrefix)) {
                continue;
            }
            String keyPart = rest.substring(sectionPrefix.length());
            int index = 0;
            if (shape.list()) {
                int us = keyPart.indexOf('_');
                if (us <= 0 || !keyPart.substring(0, us).chars().allMatch(Character::isDigit)) {
                    continue;
                }
                index = Integer.parseInt(keyPart.substring(0, us));
                keyPart = keyPart.substring(us + 1);
            }
            for (Map.Entry<String, ValueType> key : shape.keys().entrySet()) {
                String envKey = SectionShape.envName(key.getKey());
                if (envKey.equals(keyPart)) {
                    element(root, shape, index).put(key.getKey(), typed(var, key.getValue(), value));
                    return true;
                }
                if (key.getValue() == ValueType.MAP && keyPart.startsWith(envKey + "_")) {
                    Map<String, Object> element = element(root, shape, index);
                    Object existing = element.get(key.getKey());
                    Map<String, Object> map = existing instanceof Map<?, ?> m
                            ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
                    map.put(keyPart.substring(envKey.length() + 1), value);
                    element.put(key.getKey(), map);
                    return true;
                }
            }
        }
        return false;
    }

    /** The element {@code index} of a section, created (with any missing ones before it) when absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> element(Map<String, Object> root, SectionShape shape, int index) {
        Object section = root.get(shape.name());
        List<Object> elements;
        if (section instanceof List<?> l) {
            elements = new ArrayList<>(l);
        } else if (section instanceof Map<?, ?> m) {
            elements = new ArrayList<>(List.of(m));
        } else {
            elements = new ArrayList<>();
        }
        while (elements.size() <= index) {
            elements.add(new LinkedHashMap<String, Object>());
        }
        Map<String, Object> element = new LinkedHashMap<>((Map<String, Object>) elements.get(index));
        elements.set(index, element);
        root.put(shape.name(), shape.list() ? elements : element);
        return element;
    }

    private static Object typed(String var, ValueType type, String value) {
        try {
            return switch (type) {
                case BOOL -> switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("\"" + value + "\" is not a bool (true or false)");
                };
                case INT -> Long.parseLong(value.trim());
                case FLOAT -> Double.parseDouble(value.trim());
                case LIST -> value.isEmpty() ? List.of() : List.of(value.split(","));
                case OBJECT_LIST, MAP -> throw new IllegalArgumentException(
                        "this key cannot be set from the environment; use the config file");
                default -> value;
            };
        } catch (NumberFormatException e) {
            throw new StartupException("environment variable " + var + ": \"" + value + "\" is not "
                    + (type == ValueType.INT ? "an integer" : "a number"));
        } catch (IllegalArgumentException e) {
            throw new StartupException("environment variable " + var + ": " + e.getMessage());
        }
    }
}
