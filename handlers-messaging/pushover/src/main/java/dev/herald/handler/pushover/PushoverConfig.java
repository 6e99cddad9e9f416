package dev.herald.handler.pushover;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [pushover]} config section, Kapacitor's keys and defaults.
 *
 * @param enabled whether events are sent
 * @param token   the application's API token
 * @param userKey the user or delivery-group key used when a handler names none
 * @param url     the messages endpoint
 */
@Schema(description = "Pushover push notifications.")
public record PushoverConfig(
        @Key(description = "Whether the service is enabled.") boolean enabled,
        @Key(description = "Application API token.") Secret token,
        @Key(description = "User or group key used when a handler gives none.") Secret userKey,
        @Key(type = ValueType.URL, defaultValue = "https://api.pushover.net/1/messages.json",
                description = "Pushover messages API URL.") String url) {
}
