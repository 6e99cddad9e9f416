package dev.herald.handler.slack;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code slack} handler: posts the alert message as a coloured attachment to a Slack channel through an
 * incoming webhook or a Slack app's {@code chat.postMessage}, exactly as Kapacitor does. Config comes from the
 * {@code [[slack]]} list section (one element per workspace); options pick the workspace and override the
 * channel, username and icon emoji.
 */
public final class SlackHandlerFactory implements HandlerFactory<SlackConfig, SlackOptions> {

    /**
     * Options of the {@code slack} service test ("Send Test Alert"); empty values fall back to the workspace's
     * config as a handler's do.
     *
     * @param workspace the workspace to test; the default workspace's name unless given
     * @param channel   the channel; the default workspace's channel unless given
     * @param message   the text sent
     * @param level     the level, which picks the colour
     * @param username  the bot name
     * @param iconEmoji the bot icon emoji
     */
    @Schema(description = "Sends a test message to Slack.")
    public record TestOptions(
            String workspace,
            String channel,
            @Key(defaultValue = "test slack message") String message,
            @Key(defaultValue = "CRITICAL") Level level,
            String username,
            String iconEmoji) {
    }

    @Override
    public String kind() {
        return "slack";
    }

    @Override
    public String description() {
        return "Posts alert messages to Slack channels through incoming webhooks or a Slack app.";
    }

    @Override
    public Class<SlackConfig> configType() {
        return SlackConfig.class;
    }

    @Override
    public Class<SlackOptions> optionsType() {
        return SlackOptions.class;
    }

    @Override
    public Handler create(SlackOptions options, ServiceConfig<SlackConfig> config, HandlerContext context) {
        return event -> send(config, options, event.message(), event.level(), context);
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<SlackConfig> config, HandlerContext context) {
        Optional<ServiceElement<SlackConfig>> fallback = config.defaultElement();
        TestOptions defaults = new TestOptions(
                fallback.map(ServiceElement::name).orElse(""),
                fallback.map(e -> e.config().channel()).orElse(""),
                "test slack message", Level.CRITICAL, "", "");
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(config,
                new SlackOptions(test.workspace(), test.channel(), test.username(), test.iconEmoji()),
                test.message(), test.level(), context)));
    }

    /** Kapacitor's rules for a {@code [[slack]]} section, with the same messages (none shows the secret URL). */
    @Override
    public void validateConfig(List<ServiceElement<SlackConfig>> elements) {
        boolean anyDefault = false;
        for (ServiceElement<SlackConfig> element : elements) {
            SlackConfig c = element.config();
            anyDefault |= element.isDefault();
            if (elements.size() > 1 && element.name().isEmpty()) {
                throw invalid(element, "workspace", "id must not be empty");
            }
            if (!element.isDefault() && c.global()) {
                throw invalid(element, "global", "only the default config may be assigned as global");
            }
            if (c.stateChangesOnly() && !(element.isDefault() && c.global())) {
                throw invalid(element, "state-changes-only",
                        "stateChangesOnly may only be assigned when the config is both default and global");
            }
            if (element.enabled() && c.url().isEmpty()) {
                throw invalid(element, "url", "must specify url");
            }
            if (!c.url().isEmpty() && HttpDelivery.httpUrl(c.url().reveal()).isEmpty()) {
                throw invalid(element, "url", "invalid url (value hidden: expected an absolute http or https URL)");
            }
        }
        if (!elements.isEmpty() && !anyDefault) {
            throw new ConfigException(section(), "default", "at least one Slack config must be set as default");
        }
    }

    private ConfigException invalid(ServiceElement<SlackConfig> element, String key, String message) {
        String where = element.name().isEmpty() ? "" : " (workspace \"" + element.name() + "\")";
        return new ConfigException(section(), key, message + where);
    }

    private static CompletionStage<HandlerResult> send(ServiceConfig<SlackConfig> config, SlackOptions options,
            String message, Level level, HandlerContext context) {
        HttpRequest request;
        HandlerContext sending;
        try {
            SlackConfig workspace = SlackRequest.workspace(config, options.workspace()).config();
            request = SlackRequest.build(workspace, options, message, level);
            sending = context.withTls(new TlsSettings(workspace.sslCa(), workspace.sslCert(), workspace.sslKey(),
                    workspace.insecureSkipVerify()), "Slack");
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        return HttpDelivery.send(sending, request, SlackRequest.SERVICE, SlackRequest::isSuccess,
                SlackRequest.ERRORS);
    }
}
