package dev.herald.handler.sensu;

import dev.herald.core.event.Level;
import dev.herald.core.json.GoJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The check result Kapacitor writes to the Sensu client socket: one JSON object (a Go map, keys sorted) and a
 * newline.
 */
final class SensuCheck {
    /** Go's {@code ^[\w\.-]+$}: ASCII letters, digits, underscore, dot and dash. */
    static final Pattern VALID_NAME = Pattern.compile("^[A-Za-z0-9_.-]+$");

    private static final Set<String> BUILT_IN = Set.of("handlers", "name", "output", "source", "status");

    private SensuCheck() {
    }

    /** Kapacitor's reason for a name Sensu would not accept, or {@code null} when it is fine. */
    static String invalidName(String name) {
        return VALID_NAME.matcher(name).matches() ? null
                : "invalid name \"" + name + "\" for sensu alert. Must match ^[\\w\\.-]+$";
    }

    /** Sensu's check status: 0 OK/INFO, 1 WARNING, 2 CRITICAL. */
    static int status(Level level) {
        return switch (level) {
            case OK, INFO -> 0;
            case WARNING -> 1;
            case CRITICAL -> 2;
        };
    }

    /**
     * The line written to the socket.
     *
     * @param handlers {@code null} is written as {@code null}, as Kapacitor writes a nil list
     */
    static String line(String name, String output, String source, int status, List<String> handlers,
            Map<String, String> metadata) {
        Map<String, Object> body = new TreeMap<>();
        metadata.forEach((k, v) -> {
            if (!BUILT_IN.contains(k)) {
                body.put(k, v);
            }
        });
        body.put("handlers", handlers == null || handlers.isEmpty() ? null : handlers);
        body.put("name", name);
        body.put("output", output);
        body.put("source", source);
        body.put("status", status);
        return GoJson.encodeLine(body);
    }
}
