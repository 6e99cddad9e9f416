package dev.herald.handler.teams;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;

/**
 * Options of one Teams handler: {@code .teams().channelURL('…')} in TICKscript, {@code channel-url} in a handler
 * file, plus {@code format}. An empty option falls back to the config.
 *
 * @param channelUrl the webhook URL; empty = the config's {@code channel-url}
 * @param format     {@code auto}, {@code adaptive-card} or {@code message-card}; empty = the config's
 *                   {@code format}
 */
@Schema(description = "Send the alert to a Microsoft Teams channel.")
public record TeamsOptions(
        @Key(property = "channelURL", description = "Webhook URL; empty for the config's channel-url.")
        Secret channelUrl,
        @Key(description = "auto, adaptive-card or message-card; empty for the config's format.") String format) {
}
