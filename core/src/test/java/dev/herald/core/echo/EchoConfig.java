package dev.herald.core.echo;

import dev.herald.core.config.Key;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/** Config of the test-only {@code echo} handler: shaped like a typical service section. */
public record EchoConfig(
        boolean enabled,
        @Key(type = ValueType.URL, required = true, description = "Where events are posted.") String url,
        @Key(description = "Bearer token.") Secret token,
        @Key(defaultValue = "herald") String username,
        boolean global,
        boolean stateChangesOnly) {
}
