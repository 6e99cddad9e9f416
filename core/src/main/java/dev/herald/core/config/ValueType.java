package dev.herald.core.config;

import dev.herald.core.Api;

/** The type of a config or option value, as the schema declares it and JSON Schema renders it. */
@Api(status = Api.Status.STABLE)
public enum ValueType {
    /** Text ({@code String} or {@link Secret}). */
    STRING("string"),
    /** {@code true} / {@code false}; in TICKscript a no-argument flag such as {@code .disableNotification()}. */
    BOOL("boolean"),
    /** A whole number ({@code int} or {@code long}). */
    INT("integer"),
    /** A floating point number ({@code double}). */
    FLOAT("number"),
    /** A duration: text such as {@code 10s}/{@code 1m30s}, or integer nanoseconds as Kapacitor's handler files use. */
    DURATION("string"),
    /** An absolute URL ({@code java.net.URI}). */
    URL("string"),
    /** One of a fixed set of strings. */
    ENUM("string"),
    /** A list of strings; in TICKscript each call appends its arguments ({@code .teams('a','b')}). */
    LIST("array"),
    /** A string-to-string map; in TICKscript each call adds an entry ({@code .header('k','v')}). */
    MAP("object"),
    /**
     * A list of small records; in TICKscript each call appends one whose fields are the call's arguments in order
     * ({@code .data(oid, type, value)}).
     */
    OBJECT_LIST("array");

    private final String jsonType;

    ValueType(String jsonType) {
        this.jsonType = jsonType;
    }

    /** The JSON Schema {@code type} of a value of this type. */
    public String jsonType() {
        return jsonType;
    }
}
