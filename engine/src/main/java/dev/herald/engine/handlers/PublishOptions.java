package dev.herald.engine.handlers;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;

/**
 * Options of the {@code publish} topic handler ({@code kind: publish, options: {topics: [a, b]}}). There is no
 * TICKscript form: an alert node publishes to a named topic with {@code .topic('name')}.
 *
 * @param topics the topics each event is re-published into, in order
 */
@Schema(description = "Re-publish each event into other topics.")
record PublishOptions(
        @Key(required = true, description = "Topics to publish each event into.") List<String> topics) {
}
