package dev.herald.handler.talk;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [talk]} config section, Kapacitor's keys (note {@code author_name} with an underscore).
 *
 * @param enabled    whether events are sent
 * @param url        the incoming-webhook URL (it carries the webhook's secret id)
 * @param authorName the author name shown on each message
 */
@Schema(description = "Talk (jianliao.com) incoming webhook.")
public record TalkConfig(
        @Key(description = "Whether the service is enabled.") boolean enabled,
        @Key(type = ValueType.URL, description = "Incoming-webhook URL, "
                + "e.g. https://jianliao.com/v2/services/webhook/<uuid>.") Secret url,
        @Key(name = "author_name", description = "Author name shown on each message.") String authorName) {
}
