package dev.herald.handler.teams;

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
 * The {@code teams} handler: posts the alert to a Microsoft Teams channel, as a Workflows message with an
 * Adaptive Card, or as Kapacitor's MessageCard to a legacy Office 365 connector.
 */
public final class TeamsHandlerFactory implements HandlerFactory<TeamsConfig, TeamsOptions> {

    /**
     * Options of the {@code teams} service test, Kapacitor's names and defaults.
     *
     * @param channelUrl the webhook URL; empty = the config's (Kapacitor ignores this option)
     * @param alertTopic the event topic
     * @param alertId    the event id
     * @param message    the card text
     * @param level      the level
     */
    @Schema(description = "Sends a test card to Microsoft Teams.")
    public record TestOptions(
            @Key(name = "channel_url") Secret channelUrl,
            @Key(name = "alert_topic", defaultValue = "test kapacitor alert topic") String alertTopic,
            @Key(name = "alert_id", defaultValue = "foo/bar/bat") String alertId,
            @Key(defaultValue = "test teams message") String message,
            @Key(defaultValue = "CRITICAL") Level level) {
    }

    @Override
    public String kind() {
        return "teams";
    }

    @Override
    public String description() {
        return "Posts alerts to Microsoft Teams channels (Workflows webhooks or legacy connectors).";
    }

    @Override
    public Class<TeamsConfig> configType() {
        return TeamsConfig.class;
    }

    @Override
    public Class<TeamsOptions> optionsType() {
        return TeamsOptions.class;
    }

    @Override
    public Handler create(TeamsOptions options, ServiceConfig<TeamsConfig> config, HandlerContext context) {
        if (!options.format().isEmpty() && !TeamsRequest.FORMATS.contains(options.format())) {
            throw new ConfigException(kind(), "format", "invalid format \"" + options.format()
                    + "\": expected auto, adaptive-card or message-card");
        }
        if (!options.channelUrl().isEmpty() && HttpDelivery.httpUrl(options.channelUrl().reveal()).isEmpty()) {
            throw new ConfigException(kind(), "channel-url", "invalid url (value hidden)");
        }
        return event -> send(config, options.channelUrl(), options.format(), context,
                new TeamsRequest.Card(event.id(), event.topic(), event.message(), event.level()));
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<TeamsConfig> config, HandlerContext context) {
        TestOptions defaults = new TestOptions(Secret.EMPTY, "test kapacitor alert topic", "foo/bar/bat",
                "test teams message", Level.CRITICAL);
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(config, test.channelUrl(), "",
                context, new TeamsRequest.Card(test.alertId(), test.alertTopic(), test.message(), test.level()))));
    }

    /** Kapacitor's rules for {@code [teams]}: a URL when enabled (the messages never show the secret URL). */
    @Override
    public void validateConfig(List<ServiceElement<TeamsConfig>> elements) {
        for (ServiceElement<TeamsConfig> element : elements) {
            TeamsConfig c = element.config();
            if (element.enabled() && c.channelUrl().isEmpty()) {
                throw new ConfigException(section(), "channel-url", "must specify Teams channel webhook URL");
            }
            if (!c.channelUrl().isEmpty() && HttpDelivery.httpUrl(c.channelUrl().reveal()).isEmpty()) {
                throw new ConfigException(section(), "channel-url",
                        "invalid url (value hidden: expected an absolute http or https URL)");
            }
        }
    }

    private static CompletionStage<HandlerResult> send(ServiceConfig<TeamsConfig> config, Secret url, String format,
            HandlerContext context, TeamsRequest.Card card) {
        return HttpDelivery.send(context, () -> {
            TeamsConfig c = config.require("");
            return TeamsRequest.build(url.or(c.channelUrl()).reveal(), format.isEmpty() ? c.format() : format, card);
        }, TeamsRequest.SERVICE, TeamsRequest::judge);
    }
}
