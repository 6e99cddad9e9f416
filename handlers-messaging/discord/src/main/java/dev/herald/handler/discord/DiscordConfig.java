package dev.herald.handler.discord;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * One workspace of the {@code [[discord]]} config section (a list section whose elements are named by
 * {@code workspace}), with Kapacitor's keys and defaults, plus {@code wait}.
 *
 * <p>{@code url} is a secret here (Kapacitor shows it in clear): a Discord webhook URL carries the webhook's token.
 *
 * @param enabled            whether events are sent to this workspace
 * @param isDefault          whether this is the default workspace (the only element always is)
 * @param workspace          the element's name; must be set when there are several workspaces
 * @param url                the channel webhook URL, {@code https://discord.com/api/webhooks/<id>/<token>}
 * @param timestamp          put the event time in the embed
 * @param username           webhook display name used when a handler names none
 * @param avatarUrl          avatar image URL used when a handler names none
 * @param embedTitle         embed title template used when a handler names none (dead key in Kapacitor)
 * @param waitForMessage     ({@code wait}) post with {@code ?wait=true} so that Discord answers only once the message is saved
 * @param global             add a Discord handler to every alert node that has none (default workspace only)
 * @param stateChangesOnly   with {@code global}, send only state changes from every alert node
 * @param sslCa              PEM file of CA certificates to trust
 * @param sslCert            PEM file of the client certificate
 * @param sslKey             PEM file of the client certificate's private key
 * @param insecureSkipVerify trust any server certificate
 */
@Schema(elementKey = "workspace", description = "Discord channel webhooks, one element per workspace.")
public record DiscordConfig(
        @Key(description = "Whether the workspace is enabled.") boolean enabled,
        @Key(name = "default", description = "Marks the default workspace.") boolean isDefault,
        @Key(description = "Workspace id; required when several workspaces are configured.") String workspace,
        @Key(type = ValueType.URL, description = "Channel webhook URL "
                + "(https://discord.com/api/webhooks/<id>/<token>).") Secret url,
        @Key(description = "Put the event time in the embed.") boolean timestamp,
        @Key(description = "Webhook display name; empty for the webhook's own name.") String username,
        @Key(description = "Avatar image URL; empty for the webhook's own avatar.") String avatarUrl,
        @Key(description = "Embed title (a template) used when a handler gives none.") String embedTitle,
        @Key(name = "wait", description = "Post with ?wait=true so that a message Discord does not save is reported "
                + "as an error.") boolean waitForMessage,
        @Key(description = "Add a Discord handler to every alert node (default workspace only).") boolean global,
        @Key(description = "With global: send only state changes from every alert node.") boolean stateChangesOnly,
        @Key(name = "ssl-ca", description = "Path to a PEM file of CA certificates.") String sslCa,
        @Key(description = "Path to a PEM client certificate.") String sslCert,
        @Key(description = "Path to the PEM private key of the client certificate.") String sslKey,
        @Key(description = "Skip verifying the server certificate (insecure).") boolean insecureSkipVerify) {
}
