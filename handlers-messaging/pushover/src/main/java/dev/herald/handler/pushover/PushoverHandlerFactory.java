package dev.herald.handler.pushover;

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
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@code pushover} handler: sends the alert message as a Pushover notification whose priority follows the
 * level, exactly as Kapacitor does, with optional emergency priority for CRITICAL.
 */
public final class PushoverHandlerFactory implements HandlerFactory<PushoverConfig, PushoverOptions> {

    /**
     * Options of the {@code pushover} service test, Kapacitor's names and defaults, except that {@code user-key}
     * defaults to empty (= the config's) instead of showing the configured key.
     *
     * @param userKey  the user key; empty = the config's
     * @param message  the message
     * @param device   the device
     * @param title    the title
     * @param url      the supplementary URL
     * @param urlTitle its title
     * @param sound    the sound
     * @param level    the level, which picks the priority
     */
    @Schema(description = "Sends a test notification through Pushover.")
    public record TestOptions(
            Secret userKey,
            @Key(defaultValue = "test pushover message") String message,
            String device,
            String title,
            String url,
            String urlTitle,
            String sound,
            @Key(defaultValue = "CRITICAL") Level level) {
    }

    @Override
    public String kind() {
        return "pushover";
    }

    @Override
    public String description() {
        return "Sends alert messages as Pushover notifications, priority by level.";
    }

    @Override
    public Class<PushoverConfig> configType() {
        return PushoverConfig.class;
    }

    @Override
    public Class<PushoverOptions> optionsType() {
        return PushoverOptions.class;
    }

    /**
     * Creates a handler; emergency priority is checked here, when the task or handler is defined, because
     * Pushover rejects it unless {@code retry} ≥ 30s and {@code expire} ≤ 10800s.
     */
    @Override
    public Handler create(PushoverOptions options, ServiceConfig<PushoverConfig> config, HandlerContext context) {
        if (options.emergency()) {
            if (options.retry().compareTo(PushoverRequest.MIN_RETRY) < 0) {
                throw new ConfigException(kind(), "retry", "emergency priority requires retry of at least 30s, got "
                        + seconds(options.retry()));
            }
            if (options.expire().isZero() || options.expire().isNegative()
                    || options.expire().compareTo(PushoverRequest.MAX_EXPIRE) > 0) {
                throw new ConfigException(kind(), "expire", "emergency priority requires expire between 1s and "
                        + "10800s (3h), got " + seconds(options.expire()));
            }
        }
        return event -> send(config, options, event.message(), event.level(), context);
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<PushoverConfig> config, HandlerContext context) {
        TestOptions defaults = new TestOptions(Secret.EMPTY, "test pushover message", "", "", "", "", "",
                Level.CRITICAL);
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(config,
                new PushoverOptions(test.userKey(), test.device(), test.title(), test.url(), test.urlTitle(),
                        test.sound(), false, Duration.ZERO, Duration.ZERO),
                test.message(), test.level(), context)));
    }

    /** Kapacitor's rules for {@code [pushover]}, checked only when enabled. */
    @Override
    public void validateConfig(List<ServiceElement<PushoverConfig>> elements) {
        for (ServiceElement<PushoverConfig> element : elements) {
            if (!element.enabled()) {
                continue;
            }
            PushoverConfig c = element.config();
            if (c.token().isEmpty()) {
                throw new ConfigException(section(), "token", "must specify token");
            }
            if (c.userKey().isEmpty()) {
                throw new ConfigException(section(), "user-key", "must specify user key");
            }
            if (c.url().isEmpty()) {
                throw new ConfigException(section(), "url", "must specify url");
            }
            try {
                new URI(c.url());
            } catch (URISyntaxException e) {
                throw new ConfigException(section(), "url", "invalid URL \"" + c.url() + "\"");
            }
        }
    }

    private static CompletionStage<HandlerResult> send(ServiceConfig<PushoverConfig> config, PushoverOptions options,
            String message, Level level, HandlerContext context) {
        return HttpDelivery.send(context, () -> PushoverRequest.build(config.require(""), options, message, level),
                PushoverRequest.SERVICE, PushoverRequest::judge);
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
