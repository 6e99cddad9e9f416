package dev.herald.core.config;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How one record component is read, defaulted and filled from a raw value. */
final class ComponentBinding {
    private final ConfigKey key;
    private final Class<?> javaType;
    private final Object defaultValue;
    private final MethodHandle accessor;
    private final boolean anyMapValues;

    private ComponentBinding(ConfigKey key, Class<?> javaType, Object defaultValue, MethodHandle accessor,
            boolean anyMapValues) {
        this.key = key;
        this.javaType = javaType;
        this.defaultValue = defaultValue;
        this.accessor = accessor;
        this.anyMapValues = anyMapValues;
    }

    /** Whether this is a {@code Map<String, Object>} key, whose values may be any JSON value, not only strings. */
    boolean anyMapValues() {
        return anyMapValues;
    }

    ConfigKey key() {
        return key;
    }

    Object defaultValue() {
        return defaultValue;
    }

    Object read(Record record) {
        try {
            return accessor.invoke(record);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read " + key.name(), t);
        }
    }

    Object coerce(String section, Object raw) {
        if (anyMapValues) {
            return ValueCoercion.coerceAnyMap(section, key, raw);
        }
        return ValueCoercion.coerce(section, key, javaType, raw);
    }

    static ComponentBinding of(Class<?> owner, RecordComponent component) {
        Key annotation = component.getAnnotation(Key.class);
        String name = annotation != null && !annotation.name().isEmpty()
                ? annotation.name() : kebab(component.getName());
        Class<?> javaType = component.getType();
        Optional<ConfigSchema<?>> elementSchema = Optional.empty();
        ValueType type;
        List<String> allowed = List.of();
        boolean anyMapValues = false;
        if (javaType == String.class || javaType == Secret.class) {
            type = ValueType.STRING;
        } else if (javaType == boolean.class || javaType == Boolean.class) {
            type = ValueType.BOOL;
        } else if (javaType == int.class || javaType == long.class || javaType == Integer.class
                || javaType == Long.class) {
            type = ValueType.INT;
        } else if (javaType == double.class || javaType == Double.class) {
            type = ValueType.FLOAT;
        } else if (javaType == Duration.class) {
            type = ValueType.DURATION;
        } else if (javaType == URI.class) {
            type = ValueType.URL;
        } else if (javaType.isEnum()) {
            type = ValueType.ENUM;
            allowed = Arrays.stream(javaType.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
        } else if (javaType == List.class) {
            Type element = typeArgument(component.getGenericType(), 0);
            if (element == String.class) {
                type = ValueType.LIST;
            } else if (element instanceof Class<?> c && c.isRecord()) {
                type = ValueType.OBJECT_LIST;
                elementSchema = Optional.of(ConfigSchema.of(c.asSubclass(Record.class)));
            } else {
                throw unsupported(owner, component);
            }
        } else if (javaType == Map.class) {
            Type valueType = typeArgument(component.getGenericType(), 1);
            if (typeArgument(component.getGenericType(), 0) != String.class
                    || (valueType != String.class && valueType != Object.class)) {
                throw unsupported(owner, component);
            }
            type = ValueType.MAP;
            // Map<String, Object>: Kapacitor's map[string]interface{} options (values kept as strings, numbers,
            // booleans, lists or objects, as given).
            anyMapValues = valueType == Object.class;
        } else {
            throw unsupported(owner, component);
        }
        if (annotation != null && annotation.type() != ValueType.STRING) {
            ValueType declared = annotation.type();
            boolean textual = javaType == String.class || javaType == Secret.class;
            if (!(textual && (declared == ValueType.URL || declared == ValueType.ENUM))) {
                throw new IllegalArgumentException(owner.getName() + "." + component.getName()
                        + ": type " + declared + " does not fit a " + javaType.getSimpleName() + " component");
            }
            type = declared;
        }
        if (annotation != null && annotation.allowed().length > 0) {
            allowed = List.of(annotation.allowed());
            if (type == ValueType.STRING) {
                type = ValueType.ENUM;
            }
        }
        if (type == ValueType.ENUM && allowed.isEmpty()) {
            throw new IllegalArgumentException(owner.getName() + "." + component.getName()
                    + ": an enum key needs its allowed values");
        }
        boolean secret = javaType == Secret.class || (annotation != null && annotation.secret());
        boolean required = annotation != null && annotation.required();
        String description = annotation == null ? "" : annotation.description();
        Optional<String> property;
        if (annotation != null && "-".equals(annotation.property())) {
            property = Optional.empty();
        } else if (annotation != null && !annotation.property().isEmpty()) {
            property = Optional.of(annotation.property());
        } else {
            property = Optional.of(component.getName());
        }
        int arity = switch (type) {
            case BOOL -> 0;
            case LIST -> ConfigKey.VARARGS;
            case MAP -> 2;
            case OBJECT_LIST -> elementSchema.orElseThrow().keys().size();
            default -> 1;
        };
        ConfigKey provisional = new ConfigKey(name, type, Optional.empty(), required, secret, description, allowed,
                property, arity, elementSchema);
        Object defaultValue;
        if (annotation != null && !Key.NO_DEFAULT.equals(annotation.defaultValue()) && type == ValueType.MAP) {
            defaultValue = ValueCoercion.mapText(annotation.defaultValue());
        } else if (annotation != null && !Key.NO_DEFAULT.equals(annotation.defaultValue())) {
            defaultValue = ValueCoercion.coerceText(owner.getSimpleName(), provisional, javaType,
                    annotation.defaultValue());
        } else {
            defaultValue = ValueCoercion.zero(provisional, javaType);
        }
        ConfigKey key = new ConfigKey(name, type, required ? Optional.empty() : Optional.ofNullable(defaultValue),
                required, secret, description, allowed, property, arity, elementSchema);
        MethodHandle accessor;
        try {
            var method = component.getAccessor();
            method.setAccessible(true);
            accessor = MethodHandles.lookup().unreflect(method);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(owner.getName() + "." + component.getName() + ": not accessible", e);
        }
        return new ComponentBinding(key, javaType, defaultValue, accessor, anyMapValues);
    }

    private static Type typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static IllegalArgumentException unsupported(Class<?> owner, RecordComponent component) {
        return new IllegalArgumentException(owner.getName() + "." + component.getName() + ": unsupported type "
                + component.getGenericType().getTypeName()
                + " (use String, Secret, boolean, int, long, double, Duration, URI, an enum, List<String>,"
                + " Map<String, String>, Map<String, Object> or List<record>)");
    }

    /** {@code iconEmoji} → {@code icon-emoji}; {@code sslCA} → {@code ssl-ca}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean previousLower = i > 0 && !Character.isUpperCase(camel.charAt(i - 1));
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (i > 0 && (previousLower || nextLower)) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
