package dev.herald.core.handler;

import dev.herald.core.Api;
import dev.herald.core.event.AlertEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A handler that can deliver several queued events in one call: one write to a file for many lines, one produce
 * request for many records. The engine hands it up to a few hundred events at a time from its lane, in order;
 * handlers without this interface get one {@link #handle} call per event.
 */
@Api(status = Api.Status.EXPERIMENTAL)
public interface BatchHandler extends Handler {

    /**
     * Delivers {@code events} in order. The stage completes with one result per event for a delivered prefix of the
     * list, followed by the first failure, if any; events after a failure are not delivered and get no result.
     */
    CompletionStage<List<HandlerResult>> handleAll(List<AlertEvent> events);
}
