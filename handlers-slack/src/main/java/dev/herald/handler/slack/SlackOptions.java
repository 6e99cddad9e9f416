package dev.herald.handler.slack;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;

/**
 * Options of one Slack handler: {@code .slack().workspace('w').channel('#c').username('u').iconEmoji(':e:')} in
 * TICKscript, {@code workspace}, {@code channel}, {@code username}, {@code icon-emoji} in a handler file. An empty
 * option falls back to the workspace's config.
 *
 * @param workspace the workspace to send to; empty = the default workspace
 * @param channel   the channel; empty = the workspace's {@code channel}
 * @param username  the bot name; empty = the workspace's {@code username}
 * @param iconEmoji the bot icon emoji; empty = the workspace's {@code icon-emoji}
 */
@Schema(description = "Send the alert message to a Slack channel.")
public record SlackOptions(
        @Key(description = "Workspace to send to; empty for the default workspace.") String workspace,
        @Key(description = "Channel (#channel or @user); empty for the workspace's channel.") String channel,
        @Key(description = "Bot username; empty for the workspace's username.") String username,
        @Key(description = "Bot icon emoji; empty for the workspace's icon-emoji.") String iconEmoji) {
}
