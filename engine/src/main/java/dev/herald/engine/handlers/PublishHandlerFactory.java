package dev.herald.engine.handlers;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.NoConfig;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.topic.EventPublisher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The built-in {@code publish} topic handler, as Kapacitor's: each event is published, unchanged, into every
 * topic of {@code topics} through the engine's {@link EventPublisher} (which stores it in that topic's state,
 * recomputes its previous level there and runs that topic's handlers).
 *
 * <p>Handler file only: {@code kind: publish, options: {topics: [ops, archive]}}. No config section, no service
 * test, no TICKscript form.
 *
 * <p>Checked at creation: at least one topic, each a valid topic name; duplicates are published once. An event
 * is never published back into the topic it came from (that would loop forever). A publisher error is a
 * permanent failure naming the topic.
 */
public final class PublishHandlerFactory implements HandlerFactory<NoConfig, PublishOptions> {

    /** Creates the factory; the engine finds it with {@link java.util.ServiceLoader}. */
    public PublishHandlerFactory() {
    }

    @Override
    public String kind() {
        return "publish";
    }

    @Override
    public String description() {
        return "Re-publish each event into other topics.";
    }

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public Class<PublishOptions> optionsType() {
        return PublishOptions.class;
    }

    @Override
    public Handler create(PublishOptions options, ServiceConfig<NoConfig> config, HandlerContext context) {
        if (options.topics().isEmpty()) {
            throw new ConfigException("publish", "topics", "missing required value for \"topics\" "
                    + "(expected a list of at least one topic)");
        }
        LinkedHashSet<String> topics = new LinkedHashSet<>();
        for (String topic : options.topics()) {
            topics.add(Topics.require("publish", "topics", topic));
        }
        return new PublishHandler(List.copyOf(topics), context.publisher());
    }

    /** One {@code publish} handler. */
    static final class PublishHandler implements Handler {
        private final List<String> topics;
        private final EventPublisher publisher;

        PublishHandler(List<String> topics, EventPublisher publisher) {
            this.topics = topics;
            this.publisher = publisher;
        }

        @Override
        public CompletionStage<HandlerResult> handle(AlertEvent event) {
            List<String> failed = new ArrayList<>();
            String firstError = null;
            for (String topic : topics) {
                if (topic.equals(event.topic())) {
                    continue;
                }
                try {
                    publisher.publish(topic, event.withTopic(topic));
                } catch (RuntimeException e) {
                    failed.add(topic);
                    if (firstError == null) {
                        firstError = BlockingIo.describe(e);
                    }
                }
            }
            HandlerResult result = failed.isEmpty() ? HandlerResult.delivered()
                    : HandlerResult.permanent("failed to publish event to topics " + failed + ": " + firstError);
            return CompletableFuture.completedFuture(result);
        }
    }
}
