package dev.herald.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server's one JSON mapper and the conversions the API needs. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    /** Go's {@code json.MarshalIndent(v, "", "    ")} layout, as Kapacitor's API writes: 4 spaces, {@code "k": v}. */
    private static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter GO_INDENT =
            new com.fasterxml.jackson.core.util.DefaultPrettyPrinter(com.fasterxml.jackson.core.util.Separators
                    .createDefaultInstance().withObjectFieldValueSpacing(
                            com.fasterxml.jackson.core.util.Separators.Spacing.AFTER))
                    .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("    ", "\n"));

    private Json() {
    }

    /** Pretty JSON of {@code value} (maps, lists, strings, numbers, booleans, JsonNodes). */
    static byte[] bytes(Object value) {
        try {
            return MAPPER.writer(GO_INDENT).writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON text, for the store. */
    static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses stored JSON text (written by this server). */
    static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a request body that must be one JSON value.
     *
     * @throws ApiException 400 when the body is empty or not JSON, naming where it breaks
     */
    static JsonNode parseBody(byte[] body) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("request body is empty; send a JSON object");
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw ApiException.badRequest("invalid JSON: " + detail);
        }
    }

    /** A request body that must be a JSON object. */
    static ObjectNode parseObject(byte[] body) {
        JsonNode node = parseBody(body);
        if (!(node instanceof ObjectNode o)) {
            throw ApiException.badRequest("invalid JSON: expected an object, got " + node.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT));
        }
        return o;
    }

    /** A JSON object as plain Java maps/lists/scalars. */
    static Map<String, Object> toMap(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new LinkedHashMap<>();
        }
        return MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    /** Plain Java values as a tree. */
    static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
