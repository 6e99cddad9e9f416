package dev.herald.examples.ntfy;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A third-party handler written against {@code herald-core} alone: publishes alerts to an
 * <a href="https://ntfy.sh">ntfy</a> topic. Drop its jar into the server's {@code plugins/} folder and use it from
 * TICKscript ({@code .ntfy('alerts')}), handler files ({@code kind: ntfy}) and the API.
 */
public final class NtfyHandlerFactory implements HandlerFactory<NtfyConfig, NtfyOptions> {

    /** Options of the service test. */
    public record TestOptions(String topic, String message, Level level) {
    }

    @Override
    public String kind() {
        return "ntfy";
    }

    @Override
    public String description() {
        return "Publishes alerts to an ntfy topic.";
    }

    @Override
    public Class<NtfyConfig> configType() {
        return NtfyConfig.class;
    }

    @Override
    public Class<NtfyOptions> optionsType() {
        return NtfyOptions.class;
    }

    @Override
    public Handler create(NtfyOptions options, ServiceConfig<NtfyConfig> config, HandlerContext context) {
        return event -> HttpDelivery.send(context, () -> request(config.require(""), options, event), "ntfy",
                status -> status == 200, HttpDelivery.ErrorDecoder.jsonField("error"));
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<NtfyConfig> config, HandlerContext context) {
        String topic = config.defaultElement().map(e -> e.config().topic()).orElse("");
        return Optional.of(ServiceTest.of(TestOptions.class, new TestOptions(topic, "test ntfy message",
                Level.CRITICAL), test -> create(new NtfyOptions(test.topic(), java.util.List.of()), config, context)
                .handle(testEvent(test))));
    }

    private static AlertEvent testEvent(TestOptions test) {
        return new AlertEvent("test", "test", test.message(), "", Instant.EPOCH, Duration.ZERO, test.level(),
                Level.OK, dev.herald.core.event.EventData.EMPTY);
    }

    /** The request: the message as the body, level as priority, id as title. */
    static HttpRequest request(NtfyConfig config, NtfyOptions options, AlertEvent event) {
        String topic = options.topic().isEmpty() ? config.topic() : options.topic();
        if (topic.isEmpty()) {
            throw new HandlerException("no ntfy topic: set [ntfy] topic or .ntfy('<topic>')");
        }
        String base = config.url().endsWith("/") ? config.url() : config.url() + "/";
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base + URLEncoder.encode(topic, StandardCharsets.UTF_8).replace("+", "%20")))
                .header("Title", event.id())
                .header("Priority", priority(event.level()))
                .POST(HttpRequest.BodyPublishers.ofString(event.message(), StandardCharsets.UTF_8));
        if (!options.tags().isEmpty()) {
            request.header("Tags", String.join(",", options.tags()));
        }
        if (!config.token().isEmpty()) {
            request.header("Authorization", "Bearer " + config.token().reveal());
        }
        return request.build();
    }

    static String priority(Level level) {
        return switch (level) {
            case CRITICAL -> "urgent";
            case WARNING -> "high";
            case INFO -> "default";
            case OK -> "low";
        };
    }
}
