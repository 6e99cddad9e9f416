package dev.herald.handler.kafka;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code kafka} handler ({@code .kafka()} in TICKscript): writes each alert to a Kafka topic as Kapacitor does,
 * keyed by the alert id (so one alert's events stay in order on one partition), the value being the alert's JSON or
 * a template's output.
 */
public final class KafkaHandlerFactory implements HandlerFactory<KafkaConfig, KafkaOptions> {
    private static final Set<String> MECHANISMS = Set.of("", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "GSSAPI",
            "OAUTHBEARER");
    private final Object lock = new Object();
    private final AtomicInteger handlers = new AtomicInteger();
    private ClusterProducers producers;

    /**
     * Options of the {@code kafka} service test, with Kapacitor's names and defaults.
     *
     * @param cluster the cluster id
     * @param topic   the topic
     * @param key     the message key
     * @param message the message value, sent as is
     */
    @Schema(description = "Writes a test message to a Kafka topic.")
    public record TestOptions(@Key(defaultValue = "example") String cluster, @Key(defaultValue = "test") String topic,
            @Key(defaultValue = "key") String key, @Key(defaultValue = "test kafka message") String message) {
    }

    @Override
    public String kind() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Writes alerts to a Kafka topic, keyed by the alert id.";
    }

    @Override
    public Class<KafkaConfig> configType() {
        return KafkaConfig.class;
    }

    @Override
    public Class<KafkaOptions> optionsType() {
        return KafkaOptions.class;
    }

    @Override
    public Handler create(KafkaOptions options, ServiceConfig<KafkaConfig> config, HandlerContext context) {
        if (config.element(options.cluster()).filter(e -> !options.cluster().isEmpty()).isEmpty()) {
            throw new ConfigException(kind(), "cluster", "unknown cluster \"" + options.cluster() + "\"");
        }
        MessageTemplate template;
        try {
            template = options.template().isEmpty() ? null : MessageTemplate.parse(options.template());
        } catch (TemplateException e) {
            throw new ConfigException(kind(), "template", "invalid template: " + e.getMessage());
        }
        String algorithm = options.disablePartitionById() ? "fnv-1a"
                : options.partitionAlgorithm().isEmpty() ? "crc32" : options.partitionAlgorithm();
        handlers.incrementAndGet();
        return new Handler() {
            @Override
            public CompletionStage<HandlerResult> handle(AlertEvent event) {
                String value;
                try {
                    value = template == null ? AlertEventJson.toJsonLine(event) : template.render(data(event));
                } catch (TemplateException e) {
                    return CompletableFuture.completedFuture(HandlerResult.permanent(
                            "failed to prepare kafka message body: " + e.getMessage()));
                }
                return send(config, options.cluster(), options.topic(), event.id(), value, Optional.of(algorithm));
            }

            @Override
            public void close() {
                if (handlers.decrementAndGet() == 0) {
                    synchronized (lock) {
                        if (producers != null) {
                            producers.close();
                            producers = null;
                        }
                    }
                }
            }
        };
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<KafkaConfig> config, HandlerContext context) {
        return Optional.of(ServiceTest.of(TestOptions.class, new TestOptions("example", "test", "key",
                "test kafka message"), test -> send(config, test.cluster(), test.topic(), test.key(), test.message(),
                        Optional.empty())));
    }

    /** Kapacitor's checks, for enabled clusters. */
    @Override
    public void validateConfig(List<ServiceElement<KafkaConfig>> elements) {
        for (ServiceElement<KafkaConfig> element : elements) {
            KafkaConfig c = element.config();
            if (!element.enabled()) {
                continue;
            }
            if (c.id().isEmpty()) {
                throw new ConfigException(section(), "id", "id must not be empty");
            }
            if (c.brokers().isEmpty()) {
                throw new ConfigException(section(), "brokers", "no brokers specified, must provide at least one "
                        + "broker URL");
            }
            if (!MECHANISMS.contains(c.saslMechanism().toUpperCase(Locale.ROOT))) {
                throw new ConfigException(section(), "sasl-mechanism", "invalid sasl-mechanism \""
                        + c.saslMechanism() + "\"; allowed: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI, OAUTHBEARER");
            }
        }
    }

    private CompletionStage<HandlerResult> send(ServiceConfig<KafkaConfig> config, String cluster, String topic,
            String key, String value, Optional<String> algorithm) {
        if (topic.isEmpty()) {
            return CompletableFuture.completedFuture(HandlerResult.permanent("topic must not be empty"));
        }
        Optional<ServiceElement<KafkaConfig>> element = cluster.isEmpty() ? Optional.empty()
                : config.element(cluster);
        if (element.isEmpty()) {
            return CompletableFuture.completedFuture(HandlerResult.permanent("unknown cluster \"" + cluster + "\""));
        }
        if (!element.get().enabled()) {
            return CompletableFuture.completedFuture(HandlerResult.permanent("cluster \"" + cluster
                    + "\" is not enabled"));
        }
        ClusterProducers p;
        synchronized (lock) {
            if (producers == null) {
                producers = new ClusterProducers();
            }
            p = producers;
        }
        return p.send(element.get().config(), topic, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), algorithm);
    }

    /** What a template sees: Kapacitor's {@code alert.Data}. */
    static Map<String, Object> data(AlertEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ID", event.id());
        data.put("Message", event.message());
        data.put("Details", event.details());
        data.put("Time", event.time());
        data.put("Duration", event.duration());
        data.put("Level", event.level().name());
        data.put("Data", AlertEventJson.result(event.data()));
        data.put("PreviousLevel", event.previousLevel().name());
        data.put("Recoverable", event.data().recoverable());
        return data;
    }
}
