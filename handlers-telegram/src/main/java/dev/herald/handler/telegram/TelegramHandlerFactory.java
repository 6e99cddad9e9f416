package dev.herald.handler.telegram;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The {@code telegram} handler: sends each alert's message to a Telegram chat through the Bot API's
 * {@code sendMessage}, as Kapacitor's Telegram service does.
 *
 * <p>Config section {@code [telegram]} ({@link TelegramConfig}); options {@link TelegramOptions}; TICKscript
 * {@code .telegram()}; service test {@code telegram} with {@link TestOptions}.
 */
public final class TelegramHandlerFactory implements HandlerFactory<TelegramConfig, TelegramOptions> {

    /**
     * Options of the {@code telegram} service test; the defaults come from the config section, and the values
     * fall back to the config exactly like a handler's options.
     *
     * @param chatId                chat to send to
     * @param parseMode             {@code Markdown} or {@code HTML}
     * @param message               the text to send
     * @param disableWebPagePreview send without link previews
     * @param disableNotification   send silently
     */
    @Schema(description = "Sends one test message to Telegram.")
    public record TestOptions(
            @Key(description = "Chat to send to.") String chatId,
            @Key(description = "Markdown or HTML.") String parseMode,
            @Key(defaultValue = TEST_MESSAGE, description = "Text of the test message.") String message,
            @Key(description = "Disable link previews.") boolean disableWebPagePreview,
            @Key(description = "Send silently.") boolean disableNotification) {
    }

    static final String TEST_MESSAGE = "test telegram message";

    @Override
    public String kind() {
        return "telegram";
    }

    @Override
    public String description() {
        return "Sends alert messages to a Telegram chat through a bot.";
    }

    @Override
    public Class<TelegramConfig> configType() {
        return TelegramConfig.class;
    }

    @Override
    public Class<TelegramOptions> optionsType() {
        return TelegramOptions.class;
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConfigException when the handler's own {@code parse-mode} is neither Markdown nor HTML (Kapacitor
     *                         accepts it and then fails every event)
     */
    @Override
    public Handler create(TelegramOptions options, ServiceConfig<TelegramConfig> config, HandlerContext context) {
        TelegramRequest.parseModeError(options.parseMode()).ifPresent(message -> {
            throw new ConfigException(kind(), "parse-mode", message);
        });
        return event -> send(context, () -> TelegramRequest.build(config.require(""), options, event.message()));
    }

    /** Kapacitor's rules: url and token are required when enabled; a non-empty url must parse. */
    @Override
    public void validateConfig(List<ServiceElement<TelegramConfig>> elements) {
        for (ServiceElement<TelegramConfig> element : elements) {
            TelegramConfig config = element.config();
            if (config.enabled()) {
                if (config.url().isEmpty()) {
                    throw new ConfigException(kind(), "url", "must specify url");
                }
                if (config.token().isEmpty()) {
                    throw new ConfigException(kind(), "token", "must specify token");
                }
            }
            if (!config.url().isEmpty()) {
                TelegramRequest.urlProblem(config.url()).ifPresent(why -> {
                    throw new ConfigException(kind(), "url", TelegramRequest.invalidUrl(config.url(), why));
                });
            }
        }
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<TelegramConfig> config, HandlerContext context) {
        TelegramConfig current = config.defaultElement().map(ServiceElement::config)
                .orElseGet(() -> configSchema().defaults());
        TestOptions defaults = new TestOptions(current.chatId(), current.parseMode(), TEST_MESSAGE,
                current.disableWebPagePreview(), current.disableNotification());
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(context, () -> {
            TelegramOptions options = new TelegramOptions(test.chatId(), test.parseMode(),
                    test.disableWebPagePreview(), test.disableNotification());
            return TelegramRequest.build(config.require(""), options, test.message());
        })));
    }

    /** Builds and sends one request; the reply body of a 200 is judged too ({@code "ok":false} fails). */
    static CompletionStage<HandlerResult> send(HandlerContext context, Supplier<HttpRequest> build) {
        return HttpDelivery.send(context, build, TelegramReply.SERVICE, TelegramReply::judge);
    }
}
