package dev.herald.core.testkit;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Creates a handler as the engine does (options bound by the factory's schema), hands it one event, closes it. */
public final class HandlerRunner {
    private HandlerRunner() {
    }

    /** The outcome of handling {@code event} (at most 60 s). */
    public static <C extends Record, O extends Record> HandlerResult send(HandlerFactory<C, O> factory,
            ServiceConfig<C> config, Map<String, ?> options, AlertEvent event, HandlerContext context)
            throws Exception {
        try (Handler handler = factory.create(factory.optionsSchema().bind(options), config, context)) {
            return handler.handle(event).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
