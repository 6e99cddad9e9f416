package dev.herald.handler.discord;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
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
import dev.herald.core.handler.TlsSettings;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code discord} handler: posts the alert message as one coloured embed to a Discord channel webhook, exactly
 * as Kapacitor does. Config comes from the {@code [[discord]]} list section (one element per workspace); options
 * pick the workspace and override the username, avatar and embed title (a template).
 */
public final class DiscordHandlerFactory implements HandlerFactory<DiscordConfig, DiscordOptions> {
    /** The avatar Kapacitor's service test uses. */
    static final String INFLUX_LOGO =
            "https://influxdata.github.io/branding/img/downloads/influxdata-logo--symbol--pool-alpha.png";

    /**
     * Options of the {@code discord} service test ("Send Test Alert"), Kapacitor's names and defaults.
     *
     * @param workspace  the workspace to test; the default workspace's name unless given
     * @param message    the embed description
     * @param level      the level, which picks the colour
     * @param username   the webhook display name
     * @param avatarUrl  the avatar URL
     * @param embedTitle the embed title, sent literally (not a template)
     * @param timeVal    the event time, RFC 3339, sent as the embed timestamp
     */
    @Schema(description = "Sends a test message to a Discord webhook.")
    public record TestOptions(
            String workspace,
            @Key(defaultValue = "test discord message") String message,
            @Key(defaultValue = "INFO") Level level,
            @Key(defaultValue = "Kapacitor") String username,
            @Key(defaultValue = INFLUX_LOGO) String avatarUrl,
            @Key(defaultValue = "Kapacitor Alert") String embedTitle,
            @Key(defaultValue = "1970-01-01T00:00:01Z") String timeVal) {
    }

    @Override
    public String kind() {
        return "discord";
    }

    @Override
    public String description() {
        return "Posts alert messages as embeds to Discord channel webhooks.";
    }

    @Override
    public Class<DiscordConfig> configType() {
        return DiscordConfig.class;
    }

    @Override
    public Class<DiscordOptions> optionsType() {
        return DiscordOptions.class;
    }

    @Override
    public Handler create(DiscordOptions options, ServiceConfig<DiscordConfig> config, HandlerContext context) {
        MessageTemplate title = options.embedTitle().isEmpty() ? null
                : parse(context, "embed-title", options.embedTitle());
        return event -> send(config, options.workspace(), context, workspace -> {
            MessageTemplate template = title;
            if (template == null && !workspace.embedTitle().isEmpty()) {
                template = parse(context, "embed-title", workspace.embedTitle());
            }
            String rendered;
            try {
                rendered = template == null ? "" : template.render(event.templateData());
            } catch (TemplateException e) {
                throw new HandlerException("failed to render embed-title template: " + e.getMessage());
            }
            return message(workspace, options.username(), options.avatarUrl(), rendered, event,
                    workspace.timestamp() ? DiscordRequest.timestamp(event.time()) : "");
        });
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<DiscordConfig> config, HandlerContext context) {
        TestOptions defaults = new TestOptions(config.defaultElement().map(ServiceElement::name).orElse(""),
                "test discord message", Level.INFO, "Kapacitor", INFLUX_LOGO, "Kapacitor Alert",
                "1970-01-01T00:00:01Z");
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> {
            Instant time;
            try {
                time = Instant.parse(test.timeVal());
            } catch (DateTimeParseException e) {
                return CompletableFuture.completedFuture(HandlerResult.permanent(
                        "invalid time-val \"" + test.timeVal() + "\": expected an RFC 3339 time"));
            }
            // Kapacitor means the test to carry a timestamp but sets it on a copy it never uses; here it does.
            return send(config, test.workspace(), context, workspace -> new DiscordRequest.Message(
                    or(test.username(), workspace.username()), or(test.avatarUrl(), workspace.avatarUrl()),
                    test.embedTitle(), test.message(), test.level(), DiscordRequest.timestamp(time)));
        }));
    }

    /** Kapacitor's rules for a {@code [[discord]]} section, with its messages (none shows the secret URL). */
    @Override
    public void validateConfig(List<ServiceElement<DiscordConfig>> elements) {
        boolean anyDefault = false;
        for (ServiceElement<DiscordConfig> element : elements) {
            DiscordConfig c = element.config();
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
                throw invalid(element, "url", "Must specify the Discord channel webhook URL");
            }
            if (!c.url().isEmpty() && HttpDelivery.httpUrl(c.url().reveal()).isEmpty()) {
                throw invalid(element, "url", "invalid url (value hidden: expected an absolute http or https URL)");
            }
            if (!c.avatarUrl().isEmpty() && HttpDelivery.httpUrl(c.avatarUrl()).isEmpty()) {
                throw invalid(element, "avatar-url", "invalid url \"" + c.avatarUrl() + "\"");
            }
            if (!c.embedTitle().isEmpty()) {
                try {
                    MessageTemplate.parse(c.embedTitle());
                } catch (TemplateException e) {
                    throw invalid(element, "embed-title", "invalid template: " + e.getMessage());
                }
            }
        }
        if (!elements.isEmpty() && !anyDefault) {
            throw new ConfigException(section(), "default", "at least one Discord config must be set as default");
        }
    }

    private ConfigException invalid(ServiceElement<DiscordConfig> element, String key, String message) {
        String where = element.name().isEmpty() ? "" : " (workspace \"" + element.name() + "\")";
        return new ConfigException(section(), key, message + where);
    }

    private static MessageTemplate parse(HandlerContext context, String key, String text) {
        try {
            return context.template(text);
        } catch (TemplateException e) {
            throw new ConfigException("discord", key, "invalid template: " + e.getMessage());
        }
    }

    private static DiscordRequest.Message message(DiscordConfig workspace, String username, String avatarUrl,
            String title, AlertEvent event, String timestamp) {
        return new DiscordRequest.Message(or(username, workspace.username()), or(avatarUrl, workspace.avatarUrl()),
                title, event.message(), event.level(), timestamp);
    }

    private interface MessageBuilder {
        DiscordRequest.Message build(DiscordConfig workspace);
    }

    private static CompletionStage<HandlerResult> send(ServiceConfig<DiscordConfig> config, String workspaceName,
            HandlerContext context, MessageBuilder builder) {
        HttpRequest request;
        HandlerContext sending;
        try {
            DiscordConfig workspace = DiscordRequest.workspace(config, workspaceName).config();
            request = DiscordRequest.build(workspace, builder.build(workspace));
            sending = context.withTls(new TlsSettings(workspace.sslCa(), workspace.sslCert(), workspace.sslKey(),
                    workspace.insecureSkipVerify()), DiscordRequest.SERVICE);
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        } catch (ConfigException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        return HttpDelivery.send(sending, request, DiscordRequest.SERVICE, DiscordRequest::judge);
    }

    private static String or(String option, String fallback) {
        return option.isEmpty() ? fallback : option;
    }
}
