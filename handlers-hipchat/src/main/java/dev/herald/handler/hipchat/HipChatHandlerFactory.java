package dev.herald.handler.hipchat;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
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
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The HipChat handler plugin: kind {@code hipchat}, TICKscript {@code .hipChat()}, config section
 * {@code [hipchat]}, service test {@code hipchat}. Posts the alert message to a room's notification endpoint of the
 * HipChat v2 REST API, as Kapacitor does.
 */
public final class HipChatHandlerFactory implements HandlerFactory<HipChatConfig, HipChatOptions> {

    /** The service name used in failure reasons and logs. */
    static final String SERVICE = "HipChat";

    /** HipChat reports errors in a JSON {@code error} string; an empty one says nothing, so it is not used. */
    static final HttpDelivery.ErrorDecoder ERRORS = (status, body) ->
            HttpDelivery.ErrorDecoder.jsonField("error").decode(status, body).filter(text -> !text.isEmpty());

    /**
     * Options of the {@code hipchat} service test, as Kapacitor's: the room (default: the configured room), the
     * message and the level. The token is always the configured one.
     *
     * @param room    the room to post to; empty = config room
     * @param message the text to send
     * @param level   the level, which picks the colour
     */
    @Schema(description = "Sends a test notification to a HipChat room with the configured token.")
    public record TestOptions(
            @Key(description = "Room to post to; empty uses the configured room.") String room,
            @Key(description = "Text of the test notification.", defaultValue = "test hipchat message")
            String message,
            @Key(description = "Alert level, which sets the colour.", defaultValue = "CRITICAL") Level level) {
    }

    /** Creates the factory; the engine finds it through {@link java.util.ServiceLoader}. */
    public HipChatHandlerFactory() {
    }

    @Override
    public String kind() {
        return "hipchat";
    }

    @Override
    public String tickName() {
        return "hipChat";
    }

    @Override
    public String description() {
        return "Posts alert messages to a HipChat room.";
    }

    @Override
    public Class<HipChatConfig> configType() {
        return HipChatConfig.class;
    }

    @Override
    public Class<HipChatOptions> optionsType() {
        return HipChatOptions.class;
    }

    @Override
    public Handler create(HipChatOptions options, ServiceConfig<HipChatConfig> config, HandlerContext context) {
        return event -> send(config, context, options.room(), options.token(), event.message(), event.level())
                .thenApply(result -> {
                    if (result instanceof HandlerResult.Failed failed) {
                        // Kapacitor logs "failed to send event to Alerta" here (a copy-paste slip); say HipChat.
                        context.logger().log(System.Logger.Level.ERROR,
                                "failed to send event to " + SERVICE + ": " + failed.reason());
                    }
                    return result;
                });
    }

    /**
     * Kapacitor's config validation: {@code must specify url} when enabled without a URL; {@code invalid url "<u>"}
     * when a URL is set that is not an absolute http(s) URL.
     */
    @Override
    public void validateConfig(List<ServiceElement<HipChatConfig>> elements) {
        for (ServiceElement<HipChatConfig> element : elements) {
            HipChatConfig c = element.config();
            if (c.enabled() && c.url().isEmpty()) {
                throw new ConfigException(section(), "url", "must specify url");
            }
            if (!c.url().isEmpty()) {
                Optional<String> problem = HipChatRequest.urlProblem(c.url());
                if (problem.isPresent()) {
                    throw new ConfigException(section(), "url",
                            "invalid url \"" + c.url() + "\": " + problem.get());
                }
            }
        }
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<HipChatConfig> config, HandlerContext context) {
        return Optional.of(new ServiceTest<TestOptions>() {
            @Override
            public Class<TestOptions> optionsType() {
                return TestOptions.class;
            }

            @Override
            public TestOptions defaultOptions() {
                // Read at call time, as Kapacitor does, so the listing shows the room configured now.
                String room = config.defaultElement().map(e -> e.config().room()).orElse("");
                return new TestOptions(room, "test hipchat message", Level.CRITICAL);
            }

            @Override
            public CompletionStage<HandlerResult> run(TestOptions options) {
                return send(config, context, options.room(), Secret.EMPTY, options.message(), options.level());
            }
        });
    }

    private static CompletionStage<HandlerResult> send(ServiceConfig<HipChatConfig> config, HandlerContext context,
            String room, Secret token, String message, Level level) {
        Secret[] used = {Secret.EMPTY};
        return HttpDelivery.send(context, () -> {
            HipChatConfig c = config.require("");
            used[0] = token.or(c.token());
            return HipChatRequest.build(c, room, token, message, level);
        }, SERVICE, HipChatRequest::isSuccess, ERRORS).thenApply(result -> withoutToken(result, used[0]));
    }

    /**
     * A service that echoes the request URL in its error page (a common 404 page) would put the token into the
     * failure reason; mask it there.
     */
    static HandlerResult withoutToken(HandlerResult result, Secret token) {
        if (!(result instanceof HandlerResult.Failed failed) || token.isEmpty()) {
            return result;
        }
        String reason = failed.reason();
        String masked = reason.replace(token.reveal(), "******")
                .replace(dev.herald.core.handler.GoUrls.escapeQuery(token.reveal()), "******");
        return masked.equals(reason) ? result
                : new HandlerResult.Failed(masked, failed.retryable(), failed.retryAfter());
    }
}
