package dev.herald.handler.pagerduty;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.ValueType;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code pagerduty} handler ({@code .pagerDuty()} in TICKscript): PagerDuty's Events API v1, as Kapacitor sends
 * it. The alert id is the {@code incident_key}, so an OK event resolves the incident its alert opened.
 */
public final class PagerDutyHandlerFactory implements HandlerFactory<PagerDutyConfig, PagerDutyOptions> {

    /**
     * Options of the {@code pagerduty} service test, with Kapacitor's names and defaults.
     *
     * @param incidentKey the {@code incident_key}
     * @param description the {@code description}
     * @param level       the level whose {@code event_type} is sent
     * @param details     the {@code details}
     */
    @Schema(description = "Sends a test alert to PagerDuty (v1).")
    public record TestOptions(
            @Key(defaultValue = "testIncidentKey") String incidentKey,
            @Key(defaultValue = "test pagerduty message") String description,
            @Key(type = ValueType.ENUM, allowed = {"OK", "INFO", "WARNING", "CRITICAL"}, defaultValue = "CRITICAL")
            String level,
            String details) {
    }

    @Override
    public String kind() {
        return "pagerduty";
    }

    @Override
    public String tickName() {
        return "pagerDuty";
    }

    @Override
    public String description() {
        return "Opens and resolves PagerDuty incidents through the Events API v1.";
    }

    @Override
    public Class<PagerDutyConfig> configType() {
        return PagerDutyConfig.class;
    }

    @Override
    public Class<PagerDutyOptions> optionsType() {
        return PagerDutyOptions.class;
    }

    @Override
    public Handler create(PagerDutyOptions options, ServiceConfig<PagerDutyConfig> config, HandlerContext context) {
        return event -> send(context, config, options.serviceKey().reveal(), event.id(), event.message(), event.details(),
                event.level());
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<PagerDutyConfig> config, HandlerContext context) {
        TestOptions defaults = new TestOptions("testIncidentKey", "test pagerduty message", "CRITICAL", "");
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(context, config, "",
                test.incidentKey(), test.description(), test.details(), Level.valueOf(test.level()))));
    }

    /** Kapacitor checks the URL even when the service is disabled. */
    @Override
    public void validateConfig(List<ServiceElement<PagerDutyConfig>> elements) {
        for (ServiceElement<PagerDutyConfig> element : elements) {
            checkUrl(section(), element.config().url());
        }
    }

    static void checkUrl(String section, String url) {
        if (url.isEmpty()) {
            throw new ConfigException(section, "url", "url cannot be empty");
        }
        if (HttpDelivery.httpUrl(url).isEmpty()) {
            throw new ConfigException(section, "url", "invalid URL \"" + url + "\"");
        }
    }

    private static CompletionStage<HandlerResult> send(HandlerContext context, ServiceConfig<PagerDutyConfig> config,
            String serviceKey, String incidentKey, String description, String details, Level level) {
        if (level == Level.INFO) {
            // PagerDuty v1 has no informational events; Kapacitor logs this as an error and sends nothing.
            context.logger().log(System.Logger.Level.WARNING, "PagerDuty: event " + incidentKey
                    + " not sent: AlertLevel 'info' is currently ignored by the PagerDuty service");
            return CompletableFuture.completedFuture(HandlerResult.delivered());
        }
        return HttpDelivery.send(context, () -> {
            PagerDutyConfig c = config.require("");
            String key = serviceKey.isEmpty() ? c.serviceKey().reveal() : serviceKey;
            if (key.isEmpty()) {
                throw new HandlerException("no service key: set [pagerduty] service-key or the handler's "
                        + "service-key (.serviceKey())");
            }
            return PagerDutyRequest.v1(c.url(), key, incidentKey, description, details, level, context.apiUrl());
        }, PagerDutyRequest.SERVICE, status -> status == 200, PagerDutyRequest.V1_ERRORS);
    }
}
