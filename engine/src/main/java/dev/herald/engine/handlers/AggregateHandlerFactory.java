package dev.herald.engine.handlers;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.NoConfig;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import dev.herald.core.topic.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The built-in {@code aggregate} topic handler, as Kapacitor's: it collects the events it receives and, every
 * {@code interval} (a fixed-rate timer started when the handler is created), publishes one event summarizing them
 * into {@code topic}. Intervals without events publish nothing.
 *
 * <p>Handler file only: {@code kind: aggregate, options: {id: agg, interval: 1m, topic: ops, message: '...'}}.
 * No config section, no service test, no TICKscript form.
 *
 * <p>The aggregated event: id {@code id}; message the {@code message} template rendered with {@code .Count}
 * (number of events) and {@code .Interval} (printed as Go does, {@code 100ms}, {@code 1m0s}); details the
 * events' messages joined with newlines; level the highest level; time the latest time; duration the longest
 * duration; data the rows of all events concatenated in arrival order, with no measurement, task, group, tags or
 * fields, and not recoverable.
 *
 * <p>Checked at creation: {@code interval} is positive, {@code topic} is a topic name, and the message template
 * parses and renders. Events still pending when the handler is closed are published then, not dropped.
 */
public final class AggregateHandlerFactory implements HandlerFactory<NoConfig, AggregateOptions> {

    /** Creates the factory; the engine finds it with {@link java.util.ServiceLoader}. */
    public AggregateHandlerFactory() {
    }

    @Override
    public String kind() {
        return "aggregate";
    }

    @Override
    public String description() {
        return "Aggregate the events of each interval into one event published into another topic.";
    }

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public Class<AggregateOptions> optionsType() {
        return AggregateOptions.class;
    }

    @Override
    public Handler create(AggregateOptions options, ServiceConfig<NoConfig> config, HandlerContext context) {
        if (options.interval().isZero() || options.interval().isNegative()) {
            throw new ConfigException("aggregate", "interval", "invalid value for \"interval\": must be positive");
        }
        Topics.require("aggregate", "topic", options.topic());
        MessageTemplate message;
        try {
            message = MessageTemplate.parse("message", options.message(), Map.of());
            message.render(new MessageData(0, options.interval()));
        } catch (TemplateException e) {
            throw new ConfigException("aggregate", "message",
                    "invalid message template: failed to evaluate message template with aggregate message data: "
                            + e.getMessage());
        }
        return new AggregateHandler(options, message, context);
    }

    /** What the message template sees: {@code .Count} and {@code .Interval}. */
    record MessageData(int count, Duration interval) {
    }

    /** One {@code aggregate} handler. */
    static final class AggregateHandler implements Handler {
        private final AggregateOptions options;
        private final MessageTemplate message;
        private final EventPublisher publisher;
        private final System.Logger logger;
        private final ScheduledExecutorService timer;
        private final Object lock = new Object();
        private List<AlertEvent> pending = new ArrayList<>();
        private boolean closed;

        AggregateHandler(AggregateOptions options, MessageTemplate message, HandlerContext context) {
            this.options = options;
            this.message = message;
            this.publisher = context.publisher();
            this.logger = context.logger();
            this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "herald-aggregate-" + options.topic());
                thread.setDaemon(true);
                return thread;
            });
            long period = options.interval().toNanos();
            timer.scheduleAtFixedRate(this::flush, period, period, TimeUnit.NANOSECONDS);
        }

        @Override
        public CompletionStage<HandlerResult> handle(AlertEvent event) {
            synchronized (lock) {
                if (closed) {
                    return CompletableFuture.completedFuture(
                            HandlerResult.permanent("aggregate handler is closed"));
                }
                pending.add(event);
            }
            return CompletableFuture.completedFuture(HandlerResult.delivered());
        }

        /** Publishes the aggregate of the pending events, if any. Never throws (it runs on the timer). */
        void flush() {
            List<AlertEvent> batch;
            synchronized (lock) {
                if (pending.isEmpty()) {
                    return;
                }
                batch = pending;
                pending = new ArrayList<>();
            }
            try {
                publisher.publish(options.topic(), aggregate(batch));
            } catch (RuntimeException e) {
                logger.log(System.Logger.Level.ERROR, "aggregate handler failed to publish "
                        + batch.size() + " events into topic " + options.topic() + ": " + BlockingIo.describe(e));
            }
        }

        AlertEvent aggregate(List<AlertEvent> batch) {
            Level level = Level.OK;
            Instant time = batch.get(0).time();
            Duration duration = Duration.ZERO;
            List<String> details = new ArrayList<>(batch.size());
            List<SeriesRow> rows = new ArrayList<>();
            for (AlertEvent event : batch) {
                level = level.max(event.level());
                if (event.time().isAfter(time)) {
                    time = event.time();
                }
                if (event.duration().compareTo(duration) > 0) {
                    duration = event.duration();
                }
                details.add(event.message());
                rows.addAll(event.data().series());
            }
            return new AlertEvent(options.topic(), options.id(), renderMessage(batch.size()),
                    String.join("\n", details), time, duration, level, Level.OK,
                    new EventData("", "", "", "", Map.of(), Map.of(), false, rows));
        }

        private String renderMessage(int count) {
            MessageData data = new MessageData(count, options.interval());
            try {
                return message.render(data);
            } catch (TemplateException e) {
                logger.log(System.Logger.Level.WARNING, "aggregate message template failed, using the default: "
                        + e.getMessage());
                return MessageTemplate.parse("message", AggregateOptions.DEFAULT_MESSAGE, Map.of()).render(data);
            }
        }

        /** Stops the timer and publishes the events still pending. */
        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flush();
        }
    }
}
