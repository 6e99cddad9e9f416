package dev.herald.core.handler;

import dev.herald.core.Api;
import dev.herald.core.event.AlertEvent;
import java.util.concurrent.CompletionStage;

/**
 * Delivers alert events to one destination (a Slack channel, a webhook, a log file). Created by a
 * {@link HandlerFactory} from options; called by the engine from its own delivery queue, one event at a time per
 * handler, so implementations need not be thread-safe unless they share state between instances.
 *
 * <p>A handler never throws for a delivery problem: it completes the stage with a
 * {@link HandlerResult.Failed}. The engine applies timeouts and retries.
 */
@Api(status = Api.Status.STABLE)
@FunctionalInterface
public interface Handler extends AutoCloseable {

    /** Delivers {@code event}; the stage completes with the outcome. */
    CompletionStage<HandlerResult> handle(AlertEvent event);

    /** Releases what the handler holds (open files, connections). Called once, when the handler is removed. */
    @Override
    default void close() {
    }
}
