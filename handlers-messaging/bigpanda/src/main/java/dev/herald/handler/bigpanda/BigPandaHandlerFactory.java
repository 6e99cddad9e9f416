package dev.herald.handler.bigpanda;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
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
import dev.herald.core.handler.TlsSettings;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code bigpanda} handler: posts each alert to BigPanda's alerts API exactly as Kapacitor does, keeping the
 * alert's identity (host and check) the same from trigger to recovery. Config comes from the {@code [bigpanda]}
 * section.
 */
public final class BigPandaHandlerFactory implements HandlerFactory<BigPandaConfig, BigPandaOptions> {

    /**
     * Options of the {@code bigpanda} service test, with Kapacitor's names and defaults.
     *
     * @param appKey            application key
     * @param message           the alert description
     * @param level             the level, which picks the status
     * @param eventData         the event's {@code Name}, {@code TaskName}, {@code Tags} and {@code Fields}
     * @param timestamp         the alert time (RFC 3339); empty = now
     * @param host              the host
     * @param primaryProperty   primary property
     * @param secondaryProperty secondary property
     */
    @Schema(description = "Sends a test alert to BigPanda.")
    public record TestOptions(
            @Key(name = "app_key", defaultValue = "012345") String appKey,
            @Key(defaultValue = "test bigpanda message") String message,
            @Key(defaultValue = "CRITICAL") Level level,
            @Key(name = "event_data") Map<String, Object> eventData,
            @Key(description = "RFC 3339 time; empty for now.") String timestamp,
            @Key(defaultValue = "serverA") String host,
            @Key(name = "primary_property") String primaryProperty,
            @Key(name = "secondary_property") String secondaryProperty) {
    }

    @Override
    public String kind() {
        return "bigpanda";
    }

    @Override
    public String tickName() {
        return "bigPanda";
    }

    @Override
    public String description() {
        return "Sends alerts to BigPanda's alerts API.";
    }

    @Override
    public Class<BigPandaConfig> configType() {
        return BigPandaConfig.class;
    }

    @Override
    public Class<BigPandaOptions> optionsType() {
        return BigPandaOptions.class;
    }

    @Override
    public Handler create(BigPandaOptions options, ServiceConfig<BigPandaConfig> config, HandlerContext context) {
        BigPandaRequest.Templates templates = BigPandaRequest.Templates.compile(options);
        return event -> send(config, options, templates, event, context);
    }

    /** Kapacitor's rules and messages for an enabled section: URL, app-key and token are required. */
    @Override
    public void validateConfig(List<ServiceElement<BigPandaConfig>> elements) {
        for (ServiceElement<BigPandaConfig> element : elements) {
            BigPandaConfig c = element.config();
            if (!element.enabled()) {
                continue;
            }
            if (c.url().isEmpty()) {
                throw new ConfigException(section(), "url", "must specify the BigPanda webhook URL");
            }
            if (c.appKey().isEmpty()) {
                throw new ConfigException(section(), "app-key", "must specify BigPanda app-key");
            }
            if (c.token().isEmpty()) {
                throw new ConfigException(section(), "token", "must specify BigPanda token");
            }
        }
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<BigPandaConfig> config, HandlerContext context) {
        Map<String, Object> eventData = new LinkedHashMap<>();
        eventData.put("Name", "testBigPanda");
        eventData.put("TaskName", "");
        eventData.put("Category", "");
        eventData.put("Group", "");
        eventData.put("Tags", Map.of());
        eventData.put("Fields", Map.of());
        eventData.put("Recoverable", false);
        TestOptions defaults = new TestOptions("012345", "test bigpanda message", Level.CRITICAL,
                java.util.Collections.unmodifiableMap(eventData), "", "serverA", "", "");
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> {
            AlertEvent event;
            try {
                event = testEvent(test, context);
            } catch (HandlerException e) {
                return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
            }
            // Kapacitor's test leaves the host out (it sends no attributes); we send it, as users expect.
            BigPandaOptions options = new BigPandaOptions(test.appKey(), "", test.host(), test.primaryProperty(),
                    test.secondaryProperty(), Map.of());
            BigPandaRequest.Templates templates;
            try {
                templates = BigPandaRequest.Templates.compile(options);
            } catch (ConfigException e) {
                return CompletableFuture.completedFuture(HandlerResult.permanent(e.detail()));
            }
            return send(config, options, templates, event, context);
        }));
    }

    /** Kapacitor's test event: no id and no details, the test's message, level, time and event data. */
    private static AlertEvent testEvent(TestOptions test, HandlerContext context) {
        Instant time;
        try {
            time = test.timestamp().isEmpty() ? context.clock().instant() : Instant.parse(test.timestamp());
        } catch (DateTimeParseException e) {
            throw new HandlerException("invalid timestamp \"" + test.timestamp() + "\" (expected RFC 3339)");
        }
        Map<String, Object> d = test.eventData();
        EventData data = new EventData(text(d.get("Name")), text(d.get("TaskName")), text(d.get("Category")),
                text(d.get("Group")), stringMap(d.get("Tags")), objectMap(d.get("Fields")),
                Boolean.TRUE.equals(d.get("Recoverable")), List.of());
        return new AlertEvent("", "", test.message(), "", time, Duration.ZERO, test.level(), Level.OK, data);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static Map<String, String> stringMap(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private static Map<String, Object> objectMap(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    /** Sends one alert with the current config. */
    private static CompletionStage<HandlerResult> send(ServiceConfig<BigPandaConfig> config, BigPandaOptions options,
            BigPandaRequest.Templates templates, AlertEvent event, HandlerContext context) {
        HttpRequest request;
        HandlerContext sending;
        try {
            BigPandaConfig c = config.require("");
            request = BigPandaRequest.build(c, options, templates, event, context.logger());
            sending = context.withTls(new TlsSettings("", "", "", c.insecureSkipVerify()), BigPandaRequest.SERVICE);
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        return HttpDelivery.send(sending, request, BigPandaRequest.SERVICE, status -> status == 201,
                BigPandaRequest.ERRORS);
    }
}
