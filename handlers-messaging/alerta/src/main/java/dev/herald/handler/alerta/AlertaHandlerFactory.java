package dev.herald.handler.alerta;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.handler.TlsSettings;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code alerta} handler: sends each alert to Alerta's {@code /alert} API exactly as Kapacitor does, with
 * resource, event, environment, group, value, services, correlated events and attribute values rendered from
 * templates.
 */
public final class AlertaHandlerFactory implements HandlerFactory<AlertaConfig, AlertaOptions> {

    /** Kapacitor's reason when resource or event renders empty. */
    static final String REQUIRED = "Resource and Event are required to send an alert";

    /**
     * Options of the {@code alerta} service test; values are sent verbatim (no templates).
     *
     * @param resource    the resource
     * @param event       the event name
     * @param environment the environment; the config's unless given
     * @param severity    Alerta's severity, sent as given
     * @param group       the group
     * @param value       the value
     * @param message     the text
     * @param origin      the origin; the config's unless given
     * @param service     the services
     * @param correlate   the correlated events
     * @param attributes  the attributes
     * @param timeout     the timeout
     */
    @Schema(description = "Sends a test alert to Alerta.")
    public record TestOptions(
            String resource,
            String event,
            String environment,
            String severity,
            String group,
            String value,
            String message,
            String origin,
            List<String> service,
            List<String> correlate,
            Map<String, String> attributes,
            Duration timeout) {
    }

    @Override
    public String kind() {
        return "alerta";
    }

    @Override
    public String description() {
        return "Sends alerts to the Alerta monitoring system.";
    }

    @Override
    public Class<AlertaConfig> configType() {
        return AlertaConfig.class;
    }

    @Override
    public Class<AlertaOptions> optionsType() {
        return AlertaOptions.class;
    }

    @Override
    public void validateConfig(List<ServiceElement<AlertaConfig>> elements) {
        for (ServiceElement<AlertaConfig> element : elements) {
            if (element.enabled() && element.config().url().isEmpty()) {
                throw new ConfigException(section(), "url", "must specify url");
            }
        }
    }

    @Override
    public Handler create(AlertaOptions options, ServiceConfig<AlertaConfig> config, HandlerContext context) {
        Templates templates = new Templates(context, options);
        return event -> {
            AlertaRequest.Alert alert;
            try {
                alert = templates.render(event);
            } catch (TemplateException e) {
                return CompletableFuture.completedFuture(
                        HandlerResult.permanent("failed to evaluate Alerta template: " + e.getMessage()));
            }
            if (alert.resource().isEmpty() || alert.event().isEmpty()) {
                return CompletableFuture.completedFuture(HandlerResult.permanent(REQUIRED));
            }
            return send(context, config, options.token(), options.tokenPrefix(), alert);
        };
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<AlertaConfig> config, HandlerContext context) {
        AlertaConfig current = config.defaultElement().map(ServiceElement::config)
                .orElseGet(() -> configSchema().defaults());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("testAttributeA", "A");
        attributes.put("testAttributeB", "true");
        attributes.put("testAttributeC", "9001");
        TestOptions defaults = new TestOptions("testResource", "testEvent", current.environment(), "critical",
                "testGroup", "testValue", "test alerta message", current.origin(),
                List.of("testServiceA", "testServiceB"), List.of("testServiceX", "testServiceY"), attributes,
                Duration.ofHours(24));
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(context, config,
                Secret.EMPTY, "", new AlertaRequest.Alert(test.resource(), test.event(), test.environment(),
                        test.severity(), test.group(), test.value(), test.message(), test.origin(), test.service(),
                        test.correlate(), test.attributes(), List.of(), test.timeout(), EventData.EMPTY))));
    }

    private static CompletionStage<HandlerResult> send(HandlerContext context, ServiceConfig<AlertaConfig> config,
            Secret token, String tokenPrefix, AlertaRequest.Alert alert) {
        HttpRequest request;
        HandlerContext sending;
        try {
            AlertaConfig c = config.require("");
            AlertaRequest.Alert withFallbacks = new AlertaRequest.Alert(alert.resource(), alert.event(),
                    alert.environment().isEmpty() ? c.environment() : alert.environment(), alert.severity(),
                    alert.group(), alert.value(), alert.text(),
                    alert.origin().isEmpty() ? c.origin() : alert.origin(), alert.service(), alert.correlate(),
                    alert.attributes(), alert.tags(), alert.timeout(), alert.data());
            request = AlertaRequest.build(c, token.or(c.token()).reveal(), tokenPrefix, withFallbacks);
            sending = context.withTls(new TlsSettings("", "", "", c.insecureSkipVerify()), AlertaRequest.SERVICE);
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        return HttpDelivery.send(sending, request, AlertaRequest.SERVICE, AlertaRequest::isSuccess,
                AlertaRequest.ERRORS);
    }

    /** The handler's templates, compiled once when the handler is created. */
    private static final class Templates {
        private final AlertaOptions options;
        private final MessageTemplate resource;
        private final MessageTemplate event;
        private final MessageTemplate environment;
        private final MessageTemplate group;
        private final MessageTemplate value;
        private final List<MessageTemplate> service;
        private final List<MessageTemplate> correlate;
        private final Map<String, MessageTemplate> attributes = new LinkedHashMap<>();

        Templates(HandlerContext context, AlertaOptions options) {
            this.options = options;
            // An empty resource, event or group is Kapacitor's default (TICKscript only overrides non-empty values).
            resource = compile(context, "resource",
                    options.resource().isEmpty() ? AlertaOptions.DEFAULT_RESOURCE : options.resource());
            event = compile(context, "event",
                    options.event().isEmpty() ? AlertaOptions.DEFAULT_EVENT : options.event());
            environment = compile(context, "environment", options.environment());
            group = compile(context, "group", options.group().isEmpty() ? AlertaOptions.DEFAULT_GROUP : options.group());
            value = compile(context, "value", options.value());
            service = compileAll(context, "service", options.service());
            correlate = compileAll(context, "correlate", options.correlate());
            options.attributes().forEach((k, v) -> attributes.put(k, compile(context, "attributes", v)));
        }

        private static MessageTemplate compile(HandlerContext context, String key, String text) {
            try {
                return context.template(text);
            } catch (TemplateException e) {
                throw new ConfigException("alerta", key, "invalid template for \"" + key + "\": " + e.getMessage());
            }
        }

        private static List<MessageTemplate> compileAll(HandlerContext context, String key, List<String> texts) {
            List<MessageTemplate> out = new ArrayList<>(texts.size());
            texts.forEach(t -> out.add(compile(context, key, t)));
            return out;
        }

        AlertaRequest.Alert render(AlertEvent e) {
            Map<String, Object> data = AlertaTemplateData.of(e);
            List<String> services = renderAll(service, data, e.data().name());
            List<String> correlated = renderAll(correlate, data, e.data().name());
            Map<String, String> renderedAttributes = new LinkedHashMap<>();
            attributes.forEach((k, t) -> renderedAttributes.put(k, t.render(data)));
            return new AlertaRequest.Alert(resource.render(data), event.render(AlertaTemplateData.eventOnly(e)),
                    environment.render(data), AlertaRequest.severity(e.level()), group.render(data),
                    value.render(data), e.message(), options.origin(), services, correlated, renderedAttributes,
                    AlertaRequest.tags(e.data().tags()), options.timeout(), e.data());
        }

        private static List<String> renderAll(List<MessageTemplate> templates, Map<String, Object> data,
                String fallback) {
            if (templates.isEmpty()) {
                return List.of(fallback);
            }
            List<String> out = new ArrayList<>(templates.size());
            templates.forEach(t -> out.add(t.render(data)));
            return out;
        }
    }
}
