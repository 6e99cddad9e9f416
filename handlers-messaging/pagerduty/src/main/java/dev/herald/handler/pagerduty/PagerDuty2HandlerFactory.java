package dev.herald.handler.pagerduty;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.ValueType;
import dev.herald.core.event.AlertEvent;
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
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@code pagerduty2} handler ({@code .pagerDuty2()} in TICKscript): PagerDuty's Events API v2, as Kapacitor
 * sends it. The alert id is the {@code dedup_key}, so an OK event ({@code resolve}) closes the incident its alert
 * opened.
 */
public final class PagerDuty2HandlerFactory implements HandlerFactory<PagerDuty2Config, PagerDuty2Options> {

    /**
     * Options of the {@code pagerduty2} service test, with Kapacitor's names and defaults; links are sent verbatim.
     *
     * @param alertId     the {@code dedup_key}
     * @param description the {@code summary}
     * @param level       the level ({@code event_action} and {@code severity})
     * @param eventData   Kapacitor's event data: {@code Tags.host} is the source, {@code TaskName} the class,
     *                    {@code Result} the custom details
     * @param timestamp   RFC 3339 time of the event
     * @param links       links sent as given
     */
    @Schema(description = "Sends a test alert to PagerDuty (v2).")
    public record TestOptions(
            @Key(name = "alert_id", defaultValue = "testAlertID") String alertId,
            @Key(defaultValue = "test pagerduty2 message") String description,
            @Key(type = ValueType.ENUM, allowed = {"OK", "INFO", "WARNING", "CRITICAL"}, defaultValue = "CRITICAL")
            String level,
            @Key(name = "event_data") Map<String, Object> eventData,
            @Key(defaultValue = "2014-11-12T11:45:26.371Z") String timestamp,
            List<PagerDuty2Options.Link> links) {
    }

    @Override
    public String kind() {
        return "pagerduty2";
    }

    @Override
    public String tickName() {
        return "pagerDuty2";
    }

    @Override
    public String description() {
        return "Triggers and resolves PagerDuty incidents through the Events API v2.";
    }

    @Override
    public Class<PagerDuty2Config> configType() {
        return PagerDuty2Config.class;
    }

    @Override
    public Class<PagerDuty2Options> optionsType() {
        return PagerDuty2Options.class;
    }

    @Override
    public Handler create(PagerDuty2Options options, ServiceConfig<PagerDuty2Config> config, HandlerContext context) {
        List<MessageTemplate[]> links = new ArrayList<>();
        for (PagerDuty2Options.Link link : options.links()) {
            links.add(new MessageTemplate[] {compile(context, link.href()), compile(context, link.text())});
        }
        return event -> {
            List<PagerDuty2Request.Link> rendered;
            try {
                rendered = render(links, event.templateData());
            } catch (TemplateException e) {
                return CompletableFuture.completedFuture(
                        HandlerResult.permanent("failed to handle event: " + e.getMessage()));
            }
            return send(context, config, options.key(), key -> PagerDuty2Request.body(
                    key, event.id(), event.message(), event.level(), event.time(),
                    event.data().tags().getOrDefault("host", "unknown"), event.data().taskName(),
                    dev.herald.core.event.AlertEventJson.result(event.data()), rendered, context.apiUrl()));
        };
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<PagerDuty2Config> config, HandlerContext context) {
        Map<String, Object> eventData = new LinkedHashMap<>();
        eventData.put("Name", "testPagerDuty2");
        eventData.put("TaskName", "");
        eventData.put("Category", "");
        eventData.put("Group", "");
        eventData.put("Tags", Map.of());
        eventData.put("Fields", Map.of());
        eventData.put("Recoverable", false);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("series", null);
        eventData.put("Result", result);
        TestOptions defaults = new TestOptions("testAlertID", "test pagerduty2 message", "CRITICAL", eventData,
                "2014-11-12T11:45:26.371Z", List.of(new PagerDuty2Options.Link("https://example.com/a", "a"),
                        new PagerDuty2Options.Link("https://example.com/b", "b")));
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> {
            Instant time;
            try {
                time = Instant.parse(test.timestamp());
            } catch (DateTimeParseException e) {
                return CompletableFuture.completedFuture(HandlerResult.permanent("invalid timestamp \""
                        + test.timestamp() + "\": want RFC 3339"));
            }
            Map<?, ?> data = test.eventData();
            Object tags = data.get("Tags");
            Object host = tags instanceof Map<?, ?> m ? m.get("host") : null;
            List<PagerDuty2Request.Link> links = test.links().stream()
                    .map(l -> new PagerDuty2Request.Link(l.href(), l.text())).toList();
            Level level = Level.valueOf(test.level());
            Object task = data.get("TaskName");
            return send(context, config, "", key -> PagerDuty2Request.body(key, test.alertId(), test.description(),
                    level, time, host == null ? "unknown" : host.toString(), task == null ? "" : task.toString(),
                    data.get("Result"), links, context.apiUrl()));
        }));
    }

    /** Kapacitor checks the URL even when the service is disabled. */
    @Override
    public void validateConfig(List<ServiceElement<PagerDuty2Config>> elements) {
        for (ServiceElement<PagerDuty2Config> element : elements) {
            PagerDutyHandlerFactory.checkUrl(section(), element.config().url());
        }
    }


    private static List<PagerDuty2Request.Link> render(List<MessageTemplate[]> links, Map<String, Object> data) {
        List<PagerDuty2Request.Link> out = new ArrayList<>(links.size());
        for (MessageTemplate[] link : links) {
            String href = link[0].render(data);
            String text = link[1].render(data);
            out.add(new PagerDuty2Request.Link(href, text.isEmpty() ? href : text));
        }
        return out;
    }

    private static MessageTemplate compile(HandlerContext context, String text) {
        try {
            return context.template(text);
        } catch (TemplateException e) {
            throw new ConfigException("pagerduty2", "links", "invalid link template \"" + text + "\": "
                    + e.getMessage());
        }
    }

    /** Sends the body built for the routing key: the handler's, else the config's. */
    private static CompletionStage<HandlerResult> send(HandlerContext context, ServiceConfig<PagerDuty2Config> config,
            String routingKey, Function<String, String> bodyForKey) {
        return HttpDelivery.send(context, () -> {
            PagerDuty2Config c = config.require("");
            String key = routingKey.isEmpty() ? c.routingKey().reveal() : routingKey;
            if (key.isEmpty()) {
                throw new HandlerException("no routing key: set [pagerduty2] routing-key or the handler's "
                        + "routing-key (.routingKey())");
            }
            return PagerDutyRequest.post(c.url(), bodyForKey.apply(key), true);
        }, PagerDutyRequest.SERVICE, status -> status == 200 || status == 202, PagerDutyRequest.V2_ERRORS);
    }
}
