package dev.herald.handler.email;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [smtp]} config section, with Kapacitor's keys and defaults, plus {@code implicit-tls}.
 *
 * @param enabled          whether mail is sent
 * @param host             SMTP server host
 * @param port             SMTP server port
 * @param username         user for SMTP AUTH; AUTH is attempted only when set and offered by the server
 * @param password         password for SMTP AUTH (secret)
 * @param noVerify         skip verifying the server's TLS certificate (STARTTLS and implicit TLS)
 * @param implicitTls      connect with TLS from the start (SMTPS, usually port 465) instead of opportunistic STARTTLS
 * @param global           add an email handler to every alert node that has none
 * @param stateChangesOnly with {@code global}, send only state changes from every alert node
 * @param from             sender address of every mail
 * @param to               recipients used when a handler names none
 * @param toTemplates      Kapacitor's {@code toTemplates} key, accepted and ignored as Kapacitor does
 * @param idleTimeout      close the kept SMTP connection after this long without mail
 */
@Schema(description = "SMTP server that alert emails are sent through.")
public record SmtpConfig(
        @Key(description = "Whether email is enabled.") boolean enabled,
        @Key(defaultValue = "localhost", description = "SMTP server host.") String host,
        @Key(defaultValue = "25", description = "SMTP server port.") int port,
        @Key(description = "User for SMTP AUTH; AUTH is used only when set.") String username,
        @Key(description = "Password for SMTP AUTH.") Secret password,
        @Key(description = "Skip verifying the server's TLS certificate (insecure).") boolean noVerify,
        @Key(description = "Use TLS from the first byte (SMTPS, port 465) instead of STARTTLS; port 465 implies it.")
        boolean implicitTls,
        @Key(description = "Add an email handler to every alert node.") boolean global,
        @Key(description = "With global: send only state changes from every alert node.") boolean stateChangesOnly,
        @Key(description = "Sender address; required when enabled.") String from,
        @Key(description = "Recipients used when a handler names none.") List<String> to,
        @Key(name = "toTemplates", property = "-", description = "Accepted for compatibility; Kapacitor never reads "
                + "it (use the handler's to-field option).") List<String> toTemplates,
        @Key(defaultValue = "30s", description = "Close the idle SMTP connection after this long.")
        Duration idleTimeout) {

    /** Whether the connection uses TLS from the start: asked for, or port 465 (as gomail's dialer decides). */
    boolean useImplicitTls() {
        return implicitTls || port == 465;
    }
}
