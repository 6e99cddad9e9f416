package dev.herald.examples.ntfy;

import dev.herald.core.config.Key;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [ntfy]} section of kapacitor.conf / herald's config.
 *
 * @param enabled whether the service sends
 * @param url     the ntfy server
 * @param token   an access token for protected topics
 * @param topic   the default topic
 */
public record NtfyConfig(
        boolean enabled,
        @Key(type = ValueType.URL, defaultValue = "https://ntfy.sh", description = "The ntfy server.") String url,
        @Key(description = "Access token for protected topics.") Secret token,
        @Key(description = "Default topic.") String topic) {
}
