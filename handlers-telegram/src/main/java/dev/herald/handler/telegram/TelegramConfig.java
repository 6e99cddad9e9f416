package dev.herald.handler.telegram;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;

/**
 * The {@code [telegram]} config section: one bot, its default chat and message flags.
 *
 * <p>{@code url} is a plain string rather than a URL-typed key so that a bad value is reported by
 * {@link TelegramHandlerFactory#validateConfig} with Kapacitor's text ({@code invalid url "<u>"}).
 *
 * @param enabled               whether the service sends at all; handlers of a disabled service fail with
 *                              {@code service is not enabled}
 * @param url                   the Bot API base; the token is appended directly, then {@code /sendMessage}
 * @param token                 the bot token from @BotFather (secret: it ends up in the request path)
 * @param chatId                the chat used when a handler names none
 * @param parseMode             {@code Markdown} or {@code HTML} (any case) used when a handler names none
 * @param disableWebPagePreview when true, every message is sent without link previews
 * @param disableNotification   when true, every message is sent silently
 * @param global                add a Telegram handler to every alert node that has none
 * @param stateChangesOnly      with {@code global}, switch those alert nodes to state-changes-only
 */
@Schema(description = "Telegram Bot API: sends each alert's message to a chat.")
public record TelegramConfig(
        @Key(description = "Send alerts to Telegram.") boolean enabled,
        @Key(defaultValue = "https://api.telegram.org/bot",
                description = "Bot API base URL; the token follows it directly, then /sendMessage.") String url,
        @Key(description = "Bot token from @BotFather.") Secret token,
        @Key(description = "Default chat: a numeric id or @channelusername.") String chatId,
        @Key(description = "Default parse mode: Markdown or HTML.") String parseMode,
        @Key(description = "Disable link previews in every message.") boolean disableWebPagePreview,
        @Key(description = "Send every message silently.") boolean disableNotification,
        @Key(description = "Add a Telegram handler to every alert node that has none.") boolean global,
        @Key(description = "With global: send only state changes from every alert node.") boolean stateChangesOnly) {

    public TelegramConfig {
        url = url == null ? "" : url;
        token = token == null ? Secret.EMPTY : token;
        chatId = chatId == null ? "" : chatId;
        parseMode = parseMode == null ? "" : parseMode;
    }
}
