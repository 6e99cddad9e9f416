package dev.herald.engine.handlers;

import dev.herald.core.config.ConfigException;
import java.util.regex.Pattern;

/** Checks of topic names shared by {@code publish} and {@code aggregate}. */
final class Topics {
    /** Kapacitor's topic name rule. */
    private static final Pattern TOPIC = Pattern.compile("^[-:._\\p{L}0-9]+$");

    private Topics() {
    }

    /** {@code topic}, or a {@link ConfigException} of {@code kind}/{@code key} when it is not a valid topic name. */
    static String require(String kind, String key, String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new ConfigException(kind, key, "invalid value for \"" + key + "\": \"" + topic
                    + "\" is not a topic name (letters, digits, '-', ':', '.', '_')");
        }
        return topic;
    }
}
