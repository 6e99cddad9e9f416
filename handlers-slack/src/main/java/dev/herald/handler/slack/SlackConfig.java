package dev.herald.handler.slack;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * One workspace of the {@code [[slack]]} config section (a list section whose elements are named by
 * {@code workspace}), with Kapacitor's keys and defaults.
 *
 * <p>{@code url} and {@code token} are secrets: a legacy incoming-webhook URL embeds its token in the path.
 *
 * @param enabled            whether events are sent to this workspace
 * @param isDefault          whether this is the default workspace (the only element always is)
 * @param workspace          the element's name; must be set when there are several workspaces
 * @param url                incoming-webhook URL, or {@code https://slack.com/api/chat.postMessage} for a Slack app
 * @param token              bot token of a Slack app ({@code xoxb-...}); empty for a legacy webhook
 * @param channel            channel used when a handler names none
 * @param username           bot name used when a handler names none
 * @param iconEmoji          emoji used as the bot icon when a handler names none
 * @param global             add a Slack handler to every alert node that has none (default workspace only)
 * @param stateChangesOnly   with {@code global}, send only state changes from every alert node
 * @param sslCa              PEM file of CA certificates to trust
 * @param sslCert            PEM file of the client certificate
 * @param sslKey             PEM file of the client certificate's private key
 * @param insecureSkipVerify trust any server certificate
 */
@Schema(elementKey = "workspace", description = "Slack workspaces (incoming webhooks or Slack apps).")
public record SlackConfig(
        @Key(description = "Whether the workspace is enabled.") boolean enabled,
        @Key(name = "default", description = "Marks the default workspace.") boolean isDefault,
        @Key(description = "Workspace id; required when several workspaces are configured.") String workspace,
        @Key(type = ValueType.URL, description = "Incoming-webhook URL, or https://slack.com/api/chat.postMessage "
                + "for a Slack app.") Secret url,
        @Key(description = "Bot token of a Slack app (chat:write, chat:write.public); empty for webhooks.")
        Secret token,
        @Key(description = "Default channel (#channel or @user).") String channel,
        @Key(defaultValue = "kapacitor", description = "Default bot username.") String username,
        @Key(description = "Default bot icon emoji, e.g. :chart_with_upwards_trend:.") String iconEmoji,
        @Key(description = "Add a Slack handler to every alert node (default workspace only).") boolean global,
        @Key(description = "With global: send only state changes from every alert node.") boolean stateChangesOnly,
        @Key(name = "ssl-ca", description = "Path to a PEM file of CA certificates.") String sslCa,
        @Key(description = "Path to a PEM client certificate.") String sslCert,
        @Key(description = "Path to the PEM private key of the client certificate.") String sslKey,
        @Key(description = "Skip verifying the server certificate (insecure).") boolean insecureSkipVerify) {
}
