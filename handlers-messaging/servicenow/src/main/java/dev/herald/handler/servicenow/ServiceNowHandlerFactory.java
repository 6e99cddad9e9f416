package dev.herald.handler.servicenow;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code servicenow} handler: sends each alert as an event to ServiceNow Event Management's web service
 * ({@code /api/global/em/jsonv2}), exactly as Kapacitor does. Config comes from the {@code [servicenow]} section;
 * options override the URL and source and fill the event's node, type, resource, metric name, message key and
 * additional info.
 */
public final class ServiceNowHandlerFactory implements HandlerFactory<ServiceNowConfig, ServiceNowOptions> {

    /**
     * Options of the {@code servicenow} service test, with Kapacitor's names and defaults.
     *
     * @param alertId        the alert id (the message key when none is given)
     * @param message        the event description
     * @param level          the level, which picks the severity
     * @param source         the event source
     * @param node           the node
     * @param type           the metric type
     * @param resource       the resource
     * @param metricName     the metric name
     * @param messageKey     the message key
     * @param additionalInfo additional info
     */
    @Schema(description = "Sends a test event to ServiceNow.")
    public record TestOptions(
            @Key(name = "alert_id", defaultValue = "1001") String alertId,
            @Key(defaultValue = "test servicenow message") String message,
            @Key(defaultValue = "CRITICAL") Level level,
            @Key(defaultValue = "Kapacitor") String source,
            String node,
            String type,
            String resource,
            @Key(name = "metric_name") String metricName,
            @Key(name = "message_key") String messageKey,
            @Key(name = "additional_info") Map<String, Object> additionalInfo) {
    }

    @Override
    public String kind() {
        return "servicenow";
    }

    @Override
    public String tickName() {
        return "serviceNow";
    }

    @Override
    public String description() {
        return "Sends alerts as events to ServiceNow Event Management.";
    }

    @Override
    public Class<ServiceNowConfig> configType() {
        return ServiceNowConfig.class;
    }

    @Override
    public Class<ServiceNowOptions> optionsType() {
        return ServiceNowOptions.class;
    }

    @Override
    public Handler create(ServiceNowOptions options, ServiceConfig<ServiceNowConfig> config,
            HandlerContext context) {
        ServiceNowRequest.Templates templates = ServiceNowRequest.Templates.compile(options);
        return event -> HttpDelivery.send(context, () -> ServiceNowRequest.build(config.require(""), options,
                        templates, new ServiceNowRequest.Alert(event.id(), event.message(), event.level(),
                                event.data()), context.logger()),
                ServiceNowRequest.SERVICE, status -> status == 200, ServiceNowRequest.ERRORS);
    }

    /** Kapacitor's rule: an enabled section needs a URL ({@code must specify events URL}). */
    @Override
    public void validateConfig(List<ServiceElement<ServiceNowConfig>> elements) {
        for (ServiceElement<ServiceNowConfig> element : elements) {
            if (element.enabled() && element.config().url().isEmpty()) {
                throw new ConfigException(section(), "url", "must specify events URL");
            }
        }
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<ServiceNowConfig> config, HandlerContext context) {
        TestOptions defaults = new TestOptions("1001", "test servicenow message", Level.CRITICAL, "Kapacitor",
                "", "", "", "", "", Map.of());
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> {
            // Kapacitor's test posts to the config URL with the test's own fields and empty tags and fields.
            ServiceNowOptions options = new ServiceNowOptions("", test.source(), test.node(), test.type(),
                    test.resource(), test.metricName(), test.messageKey(), test.additionalInfo(), "",
                    Secret.EMPTY, false);
            ServiceNowRequest.Templates templates;
            try {
                templates = ServiceNowRequest.Templates.compile(options);
            } catch (ConfigException e) {
                return CompletableFuture.completedFuture(HandlerResult.permanent(e.detail()));
            }
            EventData data = new EventData("", "", "", "", Map.of(), Map.of(), false, List.of());
            return HttpDelivery.send(context, () -> ServiceNowRequest.build(config.require(""), options,
                            templates, new ServiceNowRequest.Alert(test.alertId(), test.message(), test.level(),
                                    data), context.logger()),
                    ServiceNowRequest.SERVICE, status -> status == 200, ServiceNowRequest.ERRORS);
        }));
    }
}
