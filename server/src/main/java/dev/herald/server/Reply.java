package dev.herald.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: status, content type and body.
 *
 * @param status      HTTP status
 * @param contentType content type, null when there is no body
 * @param body        body bytes (empty for none)
 * @param headers     extra headers
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";

    static Reply json(int status, Object value) {
        return new Reply(status, JSON, Json.bytes(value), Map.of());
    }

    static Reply ok(Object value) {
        return json(200, value);
    }

    static Reply noContent() {
        return new Reply(204, null, new byte[0], Map.of());
    }

    static Reply text(int status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Kapacitor's error body: {@code {"error": ..., "message": ...}} (1.6+ repeats it as message). */
    static Reply error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("message", message);
        return json(status, body);
    }

    /** An error about one config key: Kapacitor's body plus {@code "field"} (a Herald extension). */
    static Reply error(int status, String message, java.util.Optional<String> field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("message", message);
        field.ifPresent(f -> body.put("field", f));
        return json(status, body);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, h);
    }
}
