package dev.herald.handler.zenoss;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.event.AlertEvent;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code zenoss} handler: sends each alert as an event to the Zenoss event console through the Ext.Direct
 * router ({@code EventsRouter.add_event}), exactly as Kapacitor does, and also fails on the errors Ext.Direct
 * reports inside an HTTP 200. Config comes from the {@code [zenoss]} section.
 */
public final class ZenossHandlerFactory implements HandlerFactory<ZenossConfig, ZenossOptions> {
    /** Go's zero time, the {@code .Time} of Kapacitor's test event. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /**
     * Options of the {@code zenoss} service test, with Kapacitor's names; router fields default to the config.
     *
     * @param alertId       the alert id
     * @param level         the level, which picks the severity
     * @param message       the alert message (the summary when none is given)
     * @param action        router name
     * @param method        router method
     * @param type          event type
     * @param tid           transaction id
     * @param summary       summary
     * @param device        device
     * @param component     component
     * @param eventClassKey event class key
     * @param eventClass    event class
     * @param collector     collector
     * @param customFields  extra event fields
     */
    @Schema(description = "Sends a test event to Zenoss.")
    public record TestOptions(
            @Key(name = "alert_id", defaultValue = "1001") String alertId,
            @Key(defaultValue = "CRITICAL") Level level,
            @Key(defaultValue = "test zenoss message") String message,
            String action,
            String method,
            String type,
            long tid,
            String summary,
            String device,
            String component,
            @Key(name = "eventclasskey") String eventClassKey,
            @Key(name = "eventclass") String eventClass,
            String collector,
            @Key(name = "custom_fields") Map<String, Object> customFields) {
    }

    @Override
    public String kind() {
        return "zenoss";
    }

    @Override
    public String description() {
        return "Sends alerts as events to the Zenoss event console (Ext.Direct).";
    }

    @Override
    public Class<ZenossConfig> configType() {
        return ZenossConfig.class;
    }

    @Override
    public Class<ZenossOptions> optionsType() {
        return ZenossOptions.class;
    }

    @Override
    public Handler create(ZenossOptions options, ServiceConfig<ZenossConfig> config, HandlerContext context) {
        ZenossRequest.Templates templates = ZenossRequest.Templates.compile(options);
        return event -> HttpDelivery.send(context, () -> ZenossRequest.build(config.require(""), options, templates,
                event, context.logger()), ZenossRequest.SERVICE, ZenossRequest::judge);
    }

    /**
     * Kapacitor's rules: an enabled section needs a URL ({@code must specify events URL}), and every severity
     * must be a name or a number ({@code invalid severity mapping}); we also reject unknown levels in the map.
     */
    @Override
    public void validateConfig(List<ServiceElement<ZenossConfig>> elements) {
        for (ServiceElement<ZenossConfig> element : elements) {
            ZenossConfig c = element.config();
            if (element.enabled() && c.url().isEmpty()) {
                throw new ConfigException(section(), "url", "must specify events URL");
            }
            for (Map.Entry<String, Object> entry : c.severityMap().entrySet()) {
                boolean known = ZenossRequest.LEVEL_KEYS.stream().anyMatch(k -> k.equalsIgnoreCase(entry.getKey()));
                if (!known) {
                    throw new ConfigException(section(), "severity-map", "Unknown field " + entry.getKey()
                            + " for SeverityMap (expected OK, Info, Warning, Critical)");
                }
                if (!(entry.getValue() instanceof String || entry.getValue() instanceof Number)) {
                    throw new ConfigException(section(), "severity-map", "invalid severity mapping: "
                            + entry.getKey() + " must be a severity name or number");
                }
            }
        }
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<ZenossConfig> config, HandlerContext context) {
        ZenossConfig current = config.defaultElement().map(ServiceElement::config)
                .orElseGet(() -> configSchema().defaults());
        TestOptions defaults = new TestOptions("1001", Level.CRITICAL, "test zenoss message", current.action(),
                current.method(), current.type(), current.tid(), "", "", "", "", "", current.collector(), Map.of());
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> {
            ZenossOptions options = new ZenossOptions("", "", Secret.EMPTY, test.action(), test.method(),
                    test.type(), test.tid(), test.summary(), test.device(), test.component(), test.eventClassKey(),
                    test.eventClass(), test.collector(), "", test.customFields());
            ZenossRequest.Templates templates;
            try {
                templates = ZenossRequest.Templates.compile(options);
            } catch (ConfigException e) {
                return CompletableFuture.completedFuture(HandlerResult.permanent(e.detail()));
            }
            // Kapacitor's test event: only id, level and message set; empty tags and fields.
            AlertEvent event = new AlertEvent("", test.alertId(), test.message(), "", GO_ZERO_TIME, Duration.ZERO,
                    test.level(), Level.OK, new EventData("", "", "", "", Map.of(), Map.of(), false, List.of()));
            return HttpDelivery.send(context, () -> ZenossRequest.build(config.require(""), options, templates,
                    event, context.logger()), ZenossRequest.SERVICE, ZenossRequest::judge);
        }));
    }
}
