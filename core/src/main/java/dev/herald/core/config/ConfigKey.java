package dev.herald.core.config;

import dev.herald.core.Api;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of a {@link ConfigSchema}.
 *
 * @param name          the key in config files, handler files and the API ({@code icon-emoji})
 * @param type          the value type
 * @param defaultValue  the default, normalized to the type's Java value; empty when the key is required
 * @param required      whether binding fails when it is absent or empty
 * @param secret        whether the value is redacted everywhere
 * @param description   one sentence for docs and forms
 * @param allowedValues for {@link ValueType#ENUM}: the allowed values
 * @param property      the TICKscript property method ({@code iconEmoji}), empty when the key has none
 * @param arity         arguments the TICKscript property takes: 0 for a flag, 1 for a value, 2 for a map entry,
 *                      the field count for an object-list element, -1 for "one or more" (a list)
 * @param elementSchema for {@link ValueType#OBJECT_LIST}: the schema of one element
 */
@Api(status = Api.Status.INTERNAL)
public record ConfigKey(
        String name,
        ValueType type,
        Optional<Object> defaultValue,
        boolean required,
        boolean secret,
        String description,
        List<String> allowedValues,
        Optional<String> property,
        int arity,
        Optional<ConfigSchema<?>> elementSchema) {

    /** Arity of a property that takes one or more arguments. */
    public static final int VARARGS = -1;

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        allowedValues = List.copyOf(allowedValues);
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(elementSchema, "elementSchema");
    }

    @Override
    public String toString() {
        // The default of a secret key is never shown.
        return "ConfigKey[" + name + " " + type + (required ? " required" : "")
                + (secret ? " secret" : " default=" + defaultValue.map(String::valueOf).orElse("-")) + "]";
    }
}
