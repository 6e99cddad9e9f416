package dev.herald.core.topic;

import dev.herald.core.Api;
import dev.herald.core.event.AlertEvent;

/**
 * Publishes an event into a topic of the running engine. Handed to handlers through the
 * {@link dev.herald.core.handler.HandlerContext} so that {@code publish} and {@code aggregate} can re-route
 * events, and to embedding programs that raise alerts of their own.
 */
@Api(status = Api.Status.EXPERIMENTAL)
@FunctionalInterface
public interface EventPublisher {

    /** Publishes {@code event} to {@code topic} (created on first use); its handlers receive it asynchronously. */
    void publish(String topic, AlertEvent event);

    /** A publisher that drops everything, for contexts with no engine behind them. */
    static EventPublisher none() {
        return (topic, event) -> {
        };
    }
}
