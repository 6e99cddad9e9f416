package dev.herald.handler.talk;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.NoConfig;
import dev.herald.core.config.Schema;
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
 * The {@code talk} handler: posts the alert id (as title) and message to a Talk (jianliao.com) incoming webhook,
 * exactly as Kapacitor does. It has no options ({@code .talk()}); everything comes from {@code [talk]}.
 */
public final class TalkHandlerFactory implements HandlerFactory<TalkConfig, NoConfig> {

    /**
     * Options of the {@code talk} service test, Kapacitor's names and defaults.
     *
     * @param title the message title
     * @param text  the message text
     */
    @Schema(description = "Sends a test message to Talk.")
    public record TestOptions(
            @Key(defaultValue = "testTitle") String title,
            @Key(defaultValue = "test talk text") String text) {
    }

    @Override
    public String kind() {
        return "talk";
    }

    @Override
    public String description() {
        return "Posts alert messages to a Talk (jianliao.com) incoming webhook.";
    }

    @Override
    public Class<TalkConfig> configType() {
        return TalkConfig.class;
    }

    @Override
    public Class<NoConfig> optionsType() {
        return NoConfig.class;
    }

    @Override
    public Handler create(NoConfig options, ServiceConfig<TalkConfig> config, HandlerContext context) {
        return event -> send(config, event.id(), event.message(), context);
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<TalkConfig> config, HandlerContext context) {
        return Optional.of(ServiceTest.of(TestOptions.class, new TestOptions("testTitle", "test talk text"),
                test -> send(config, test.title(), test.text(), context)));
    }

    /** Kapacitor's rules for {@code [talk]} (the messages never show the secret URL). */
    @Override
    public void validateConfig(List<ServiceElement<TalkConfig>> elements) {
        for (ServiceElement<TalkConfig> element : elements) {
            TalkConfig c = element.config();
            if (element.enabled() && c.url().isEmpty()) {
                throw new ConfigException(section(), "url", "must specify url");
            }
            if (!c.url().isEmpty() && HttpDelivery.httpUrl(c.url().reveal()).isEmpty()) {
                throw new ConfigException(section(), "url",
                        "invalid url (value hidden: expected an absolute http or https URL)");
            }
        }
    }

    private static CompletionStage<HandlerResult> send(ServiceConfig<TalkConfig> config, String title, String text,
            HandlerContext context) {
        return HttpDelivery.send(context, () -> TalkRequest.build(config.require(""), title, text),
                TalkRequest.SERVICE, status -> status == 200, TalkRequest.ERRORS);
    }
}
