package dev.herald.engine.handlers;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.time.Duration;

/**
 * Options of the {@code aggregate} topic handler ({@code kind: aggregate, options: {id, interval, topic,
 * message}}). There is no TICKscript form.
 *
 * @param id       the id of the aggregated event
 * @param interval how often the collected events are aggregated; must be positive ({@code 1m}, or integer
 *                 nanoseconds as Kapacitor's handler files give it)
 * @param topic    the topic the aggregated event is published into
 * @param message  the message template of the aggregated event, over {@code .Count} and {@code .Interval}
 */
@Schema(description = "Aggregate the events of an interval into one event published into another topic.")
record AggregateOptions(
        @Key(description = "ID of the aggregated event.") String id,
        @Key(required = true, description = "Aggregation interval, e.g. 1m (or integer nanoseconds).")
        Duration interval,
        @Key(required = true, description = "Topic to publish the aggregated event into.") String topic,
        @Key(defaultValue = AggregateOptions.DEFAULT_MESSAGE,
                description = "Message template of the aggregated event, over .Count and .Interval.")
        String message) {

    /** Kapacitor's default aggregate message. */
    static final String DEFAULT_MESSAGE = "Received {{ .Count }} events in the last {{.Interval}}.";
}
