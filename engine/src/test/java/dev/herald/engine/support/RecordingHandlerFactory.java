package dev.herald.engine.support;

import dev.herald.core.config.Key;
import dev.herald.core.config.Secret;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in service for engine tests, shaped like HipChat's plugin (kind {@code hipchat}, TICKscript
 * {@code .hipChat()}, options {@code room}/{@code token}, config with {@code enabled}, {@code global},
 * {@code state-changes-only}): it records every event it is handed, with the options and config in force.
 */
public final class RecordingHandlerFactory implements HandlerFactory<RecordingHandlerFactory.Config,
        RecordingHandlerFactory.Options> {

    /** Config section {@code [hipchat]}. */
    public record Config(boolean enabled, String room, Secret token, boolean global, boolean stateChangesOnly) {
    }

    /** Options. */
    public record Options(String room, @Key(description = "token") Secret token) {
    }

    /** One delivery seen. */
    public record Delivery(AlertEvent event, String room) {
    }

    private final String kind;
    private final String tickName;
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    public RecordingHandlerFactory() {
        this("hipchat", "hipChat");
    }

    public RecordingHandlerFactory(String kind, String tickName) {
        this.kind = kind;
        this.tickName = tickName;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String tickName() {
        return tickName;
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public Handler create(Options options, ServiceConfig<Config> config, HandlerContext context) {
        return new Handler() {
            @Override
            public CompletionStage<HandlerResult> handle(AlertEvent event) {
                Config c = config.require("");
                deliveries.add(new Delivery(event, options.room().isEmpty() ? c.room() : options.room()));
                return CompletableFuture.completedFuture(HandlerResult.delivered());
            }
        };
    }

    /** The next delivery, waiting at most 5 seconds. */
    public Delivery next() throws InterruptedException {
        Delivery d = deliveries.poll(5, TimeUnit.SECONDS);
        if (d == null) {
            throw new AssertionError("no delivery within 5s");
        }
        return d;
    }

    /** Deliveries arrived within {@code wait}, after the engine drained. */
    public List<Delivery> drain() {
        List<Delivery> out = new java.util.ArrayList<>();
        deliveries.drainTo(out);
        return out;
    }

    /** Waits for the engine's queues and returns what was delivered. */
    public List<Delivery> deliveredBy(dev.herald.engine.Herald herald) {
        herald.awaitDelivery(Duration.ofSeconds(5));
        return drain();
    }
}
