package dev.herald.handler.email;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.event.EventData;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The email handler (kind {@code smtp}, TICKscript {@code .email()}, section {@code [smtp]}): sends the alert
 * message as subject and the details as an HTML body through the configured SMTP server, as Kapacitor does. One
 * connection is kept for all email handlers and closed after {@code idle-timeout}.
 */
public final class EmailHandlerFactory implements HandlerFactory<SmtpConfig, EmailOptions> {

    /**
     * Options of the {@code smtp} service test.
     *
     * @param to      recipients; the config's {@code to} unless given
     * @param subject the subject
     * @param body    the HTML body
     */
    @Schema(description = "Sends a test email.")
    public record TestOptions(
            List<String> to,
            @Key(defaultValue = "test subject") String subject,
            @Key(defaultValue = "test body") String body) {
    }

    private final Object lock = new Object();
    private Mailer mailer;

    @Override
    public String kind() {
        return "smtp";
    }

    @Override
    public String tickName() {
        return "email";
    }

    @Override
    public String description() {
        return "Sends alerts as HTML email through an SMTP server.";
    }

    @Override
    public Class<SmtpConfig> configType() {
        return SmtpConfig.class;
    }

    @Override
    public Class<EmailOptions> optionsType() {
        return EmailOptions.class;
    }

    @Override
    public Handler create(EmailOptions options, ServiceConfig<SmtpConfig> config, HandlerContext context) {
        List<MessageTemplate> templates = new ArrayList<>(options.toTemplates().size());
        for (String text : options.toTemplates()) {
            try {
                templates.add(context.template(text));
            } catch (TemplateException e) {
                throw new ConfigException(kind(), "to-field", "bad template in email address template \"" + text
                        + "\": " + e.getMessage());
            }
        }
        List<String> to = List.copyOf(options.to());
        return event -> send(config, context, () -> EmailMessage.recipients(to, templates, event.data(),
                config.require("").to()), event.message(), event.details(), event.time());
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<SmtpConfig> config, HandlerContext context) {
        List<String> configTo = config.defaultElement().map(e -> e.config().to()).orElse(List.of());
        TestOptions defaults = new TestOptions(configTo, "test subject", "test body");
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(config, context,
                () -> EmailMessage.recipients(test.to(), List.of(), EventData.EMPTY, List.of()),
                test.subject(), test.body(), context.clock().instant())));
    }

    /** Kapacitor's checks of an {@code [smtp]} section, with its messages. */
    @Override
    public void validateConfig(List<ServiceElement<SmtpConfig>> elements) {
        for (ServiceElement<SmtpConfig> element : elements) {
            SmtpConfig c = element.config();
            if (c.host().isEmpty()) {
                throw new ConfigException(section(), "host", "host cannot be empty");
            }
            if (c.port() <= 0) {
                throw new ConfigException(section(), "port", "invalid port " + c.port());
            }
            if (c.idleTimeout().isNegative()) {
                throw new ConfigException(section(), "idle-timeout", "idle timeout must be positive");
            }
            if (element.enabled() && c.from().isEmpty()) {
                throw new ConfigException(section(), "from", "must provide a 'from' address");
            }
            try {
                if (!c.from().isEmpty()) {
                    EmailMessage.parse("from", c.from());
                }
                for (String address : c.to()) {
                    EmailMessage.parse("to", address);
                }
            } catch (HandlerException e) {
                throw new ConfigException(section(), e.getMessage().startsWith("invalid from") ? "from" : "to",
                        e.getMessage());
            }
        }
    }

    private interface Recipients {
        List<InternetAddress> resolve();
    }

    private CompletionStage<HandlerResult> send(ServiceConfig<SmtpConfig> config, HandlerContext context,
            Recipients recipients, String subject, String body, Instant date) {
        SmtpConfig smtp;
        EmailMessage message;
        try {
            smtp = config.require("");
            if (smtp.from().isEmpty()) {
                throw new HandlerException("must provide a 'from' address");
            }
            message = new EmailMessage(EmailMessage.parse("from", smtp.from()), recipients.resolve(), subject, body,
                    date);
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        Duration timeout = context.requestTimeout();
        return mailer(context).send(Mailer.Connection.of(smtp, timeout), smtp.idleTimeout(), message::toMime,
                message.recipients().toArray(new InternetAddress[0]));
    }

    private Mailer mailer(HandlerContext context) {
        synchronized (lock) {
            if (mailer == null) {
                mailer = new Mailer(context.logger());
            }
            return mailer;
        }
    }
}
