package dev.herald.engine.handlers;

import dev.herald.core.config.NoConfig;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.Handler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Events and expected payloads from the spec (handlers-ops.md section 0.1), shared by the handler tests. */
final class Fixtures {
    /** {@code <A>}: the alert JSON of TestServer_AlertHandlers, without its newline. */
    static final String A = "{\"id\":\"id\",\"message\":\"message\",\"details\":\"details\","
            + "\"time\":\"1970-01-01T00:00:00Z\",\"duration\":0,\"level\":\"CRITICAL\","
            + "\"data\":{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
            + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]},\"previousLevel\":\"OK\",\"recoverable\":true}";

    private Fixtures() {
    }

    /**
     * The event of TestServer_AlertHandlers (point {@code alert value=<value>} at {@code time}, id {@code id},
     * message {@code message}, details {@code details}) with the given level and duration.
     */
    static AlertEvent event(String topic, double value, Instant time, Duration duration, Level level) {
        SeriesRow row = new SeriesRow("alert", Map.of(), List.of("time", "value"), List.of(List.of(time, value)));
        EventData data = new EventData("alert", "testAlertHandlers", "", "", Map.of(), Map.of("value", value), true,
                List.of(row));
        return new AlertEvent(topic, "id", "message", "details", time, duration, level, Level.OK, data);
    }

    /** The {@code <A>} event. */
    static AlertEvent critical() {
        return event("test", 1.0, Instant.EPOCH, Duration.ZERO, Level.CRITICAL);
    }

    static HandlerResult await(CompletionStage<HandlerResult> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** A handler of a kind without config, from raw options bound through the factory's schema. */
    static <O extends Record> Handler create(HandlerFactory<NoConfig, O> factory, Map<String, ?> options,
            HandlerContext context) {
        return factory.create(factory.optionsSchema().bind(options), ServiceConfig.single(new NoConfig()), context);
    }
}
