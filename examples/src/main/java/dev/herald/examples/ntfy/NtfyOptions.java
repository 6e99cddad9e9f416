package dev.herald.examples.ntfy;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;

/**
 * Options of one ntfy handler: {@code .ntfy('alerts').tags('warning', 'cpu')} in TICKscript, or
 * {@code options: {topic: alerts, tags: [warning, cpu]}} in a handler file.
 *
 * @param topic the topic; empty = the configured one
 * @param tags  ntfy tags (emoji short codes) shown with the message
 */
@Schema(entryArgs = {"topic"})
public record NtfyOptions(
        @Key(description = "Topic to publish to; the configured one when empty.") String topic,
        @Key(description = "Tags (emoji short codes) shown with the message.") List<String> tags) {
}
