package dev.herald.handler.victorops;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.event.EventData;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@code victorops} handler ({@code .victorOps()} in TICKscript): sends each alert to a VictorOps REST
 * endpoint integration exactly as Kapacitor does.
 */
public final class VictorOpsHandlerFactory implements HandlerFactory<VictorOpsConfig, VictorOpsOptions> {

    /**
     * Options of the {@code victorops} service test; Kapacitor's names are camelCase here.
     *
     * @param routingKey  the routing key; the config's unless given
     * @param messageType sent verbatim as {@code message_type}
     * @param message     the {@code state_message}
     * @param entityID    the {@code entity_id}
     */
    @Schema(description = "Sends a test alert to VictorOps.")
    public record TestOptions(
            @Key(name = "routingKey") String routingKey,
            @Key(name = "messageType", defaultValue = "CRITICAL") String messageType,
            @Key(defaultValue = "test victorops message") String message,
            @Key(name = "entityID", defaultValue = "testEntityID") String entityID) {
    }

    @Override
    public String kind() {
        return "victorops";
    }

    @Override
    public String tickName() {
        return "victorOps";
    }

    @Override
    public String description() {
        return "Sends alerts to VictorOps (Splunk On-Call) through its REST endpoint integration.";
    }

    @Override
    public Class<VictorOpsConfig> configType() {
        return VictorOpsConfig.class;
    }

    @Override
    public Class<VictorOpsOptions> optionsType() {
        return VictorOpsOptions.class;
    }

    @Override
    public Handler create(VictorOpsOptions options, ServiceConfig<VictorOpsConfig> config, HandlerContext context) {
        return event -> send(context, config, options.routingKey(), VictorOpsRequest.messageType(event.level()),
                event.id(), event.message(), event.time(), event.data());
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<VictorOpsConfig> config, HandlerContext context) {
        String routingKey = config.defaultElement().map(e -> e.config().routingKey()).orElse("");
        TestOptions defaults = new TestOptions(routingKey, "CRITICAL", "test victorops message", "testEntityID");
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(context, config,
                test.routingKey(), test.messageType(), test.entityID(), test.message(),
                context.clock().instant(), EventData.EMPTY)));
    }

    /** Kapacitor checks the URL even when the service is disabled. */
    @Override
    public void validateConfig(List<ServiceElement<VictorOpsConfig>> elements) {
        for (ServiceElement<VictorOpsConfig> element : elements) {
            String url = element.config().url();
            if (url.isEmpty()) {
                throw new ConfigException(section(), "url", "url cannot be empty");
            }
            if (HttpDelivery.httpUrl(url).isEmpty()) {
                throw new ConfigException(section(), "url", "invalid URL \"" + url + "\"");
            }
        }
    }

    private static CompletionStage<HandlerResult> send(HandlerContext context,
            ServiceConfig<VictorOpsConfig> config, String routingKey, String messageType, String entityId,
            String message, Instant time, EventData data) {
        return HttpDelivery.send(context, () -> VictorOpsRequest.build(config.require(""), routingKey, messageType,
                entityId, message, time, data), VictorOpsRequest.SERVICE, VictorOpsRequest::isSuccess,
                VictorOpsRequest.ERRORS);
    }
}
