package dev.herald.core.echo;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Options of the test-only {@code echo} handler: one of each option shape. */
@Schema(entryArgs = {"path"})
public record EchoOptions(
        String path,
        @Key(allowed = {"json", "text"}, defaultValue = "json") String format,
        List<String> teams,
        Map<String, String> headers,
        Duration timeout,
        boolean quiet) {
}
