package dev.herald.handler.mqtt;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.ValueType;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code mqtt} handler ({@code .mqtt('topic')} in TICKscript): publishes the alert's message to a topic of one of
 * the {@code [[mqtt]]} brokers, with the QoS and retain flag asked for, and waits for the broker's acknowledgement.
 */
public final class MqttHandlerFactory implements HandlerFactory<MqttConfig, MqttOptions> {
    private final Object lock = new Object();
    private final AtomicInteger handlers = new AtomicInteger();
    private BrokerConnections connections;

    /**
     * Options of the {@code mqtt} service test, with Kapacitor's names and defaults.
     *
     * @param brokerName the broker; the default one unless given
     * @param topic      the topic (required)
     * @param message    the payload
     * @param qos        the quality of service
     * @param retained   the retain flag
     */
    @Schema(description = "Publishes a test message to an MQTT broker.")
    public record TestOptions(String brokerName, String topic,
            @Key(defaultValue = "test MQTT message") String message,
            @Key(type = ValueType.ENUM, allowed = {"0", "1", "2", "at-most-once", "at-least-once", "exactly-once",
                "exactly-one"}, defaultValue = "at-most-once") String qos,
            boolean retained) {
    }

    @Override
    public String kind() {
        return "mqtt";
    }

    @Override
    public String description() {
        return "Publishes the alert message to an MQTT broker's topic.";
    }

    @Override
    public Class<MqttConfig> configType() {
        return MqttConfig.class;
    }

    @Override
    public Class<MqttOptions> optionsType() {
        return MqttOptions.class;
    }

    @Override
    public Handler create(MqttOptions options, ServiceConfig<MqttConfig> config, HandlerContext context) {
        MessageTemplate topic;
        try {
            topic = context.template(options.topic());
        } catch (TemplateException e) {
            throw new ConfigException(kind(), "topic", "failed to create MQTT topic from template: "
                    + e.getMessage());
        }
        handlers.incrementAndGet();
        return new Handler() {
            @Override
            public CompletionStage<HandlerResult> handle(AlertEvent event) {
                String rendered;
                try {
                    rendered = topic.render(event.templateData());
                } catch (TemplateException e) {
                    return CompletableFuture.completedFuture(HandlerResult.permanent(
                            "failed to create MQTT topic from template: " + e.getMessage()));
                }
                return publish(context, config, options.brokerName(), rendered, event.message(),
                        MqttOptions.level(options.qos()), options.retained());
            }

            @Override
            public void close() {
                if (handlers.decrementAndGet() == 0) {
                    synchronized (lock) {
                        if (connections != null) {
                            connections.close();
                            connections = null;
                        }
                    }
                }
            }
        };
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<MqttConfig> config, HandlerContext context) {
        String broker = config.defaultElement().map(ServiceElement::name).orElse("");
        TestOptions defaults = new TestOptions(broker, "", "test MQTT message", "at-most-once", false);
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> publish(context, config,
                test.brokerName(), test.topic(), test.message(), MqttOptions.level(test.qos()), test.retained())));
    }

    /** Kapacitor's checks: a URL when enabled, with a scheme MQTT clients speak. */
    @Override
    public void validateConfig(List<ServiceElement<MqttConfig>> elements) {
        for (ServiceElement<MqttConfig> element : elements) {
            MqttConfig c = element.config();
            if (c.name().isEmpty()) {
                throw new ConfigException(section(), "name", "must specify a name for the mqtt broker");
            }
            if (element.enabled() && c.url().isEmpty()) {
                throw new ConfigException(section(), "url", "must specify a url for mqtt service \"" + c.name()
                        + "\"");
            }
            if (!c.url().isEmpty() && !(c.url().startsWith("tcp://") || c.url().startsWith("ssl://")
                    || c.url().startsWith("ws://") || c.url().startsWith("wss://"))) {
                throw new ConfigException(section(), "url", "invalid url \"" + c.url()
                        + "\": the scheme must be tcp, ssl, ws or wss");
            }
        }
    }

    private CompletionStage<HandlerResult> publish(HandlerContext context, ServiceConfig<MqttConfig> config,
            String brokerName, String topic, String message, int qos, boolean retained) {
        if (topic.isEmpty()) {
            return CompletableFuture.completedFuture(HandlerResult.permanent("missing MQTT topic"));
        }
        MqttConfig broker;
        try {
            broker = config.element(brokerName).filter(ServiceElement::enabled).map(ServiceElement::config)
                    .orElseThrow(() -> new HandlerException("unknown MQTT broker \"" + brokerName + "\""));
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        BrokerConnections c;
        synchronized (lock) {
            if (connections == null) {
                connections = new BrokerConnections(context.logger());
            }
            c = connections;
        }
        return c.publish(broker, topic, message.getBytes(StandardCharsets.UTF_8), qos, retained,
                context.requestTimeout());
    }

}
