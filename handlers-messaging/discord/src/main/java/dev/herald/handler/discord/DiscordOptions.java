package dev.herald.handler.discord;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;

/**
 * Options of one Discord handler: {@code .discord().workspace('w').username('u').avatarURL('a').embedTitle('t')}
 * in TICKscript, {@code workspace}, {@code username}, {@code avatar-url}, {@code embed-title} in a handler file.
 * An empty option falls back to the workspace's config.
 *
 * @param workspace  the workspace to send to; empty = the default workspace
 * @param username   the webhook display name; empty = the workspace's {@code username}
 * @param avatarUrl  the avatar image URL; empty = the workspace's {@code avatar-url}
 * @param embedTitle the embed title, a template over the alert's template data; empty = the workspace's
 *                   {@code embed-title}
 */
@Schema(description = "Send the alert message as an embed to a Discord channel webhook.")
public record DiscordOptions(
        @Key(description = "Workspace to send to; empty for the default workspace.") String workspace,
        @Key(description = "Webhook display name; empty for the workspace's username.") String username,
        @Key(property = "avatarURL", description = "Avatar image URL; empty for the workspace's avatar-url.")
        String avatarUrl,
        @Key(description = "Embed title template, e.g. {{ .ID }}; empty for the workspace's embed-title.")
        String embedTitle) {
}
