package dev.herald.handler.telegram;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;

/**
 * Options of one Telegram handler: {@code .telegram().chatId('…').parseMode('HTML').disableNotification()} in
 * TICKscript, or {@code kind: telegram} with {@code options: {chat-id: …, parse-mode: …}} in a handler file.
 *
 * <p>Empty strings fall back to the config section's value; the two flags are OR-ed with the config's flags, so
 * a handler can switch them on but not off.
 *
 * @param chatId                chat to send to; config {@code chat-id} when empty
 * @param parseMode             {@code Markdown} or {@code HTML} (any case); config {@code parse-mode} when empty
 * @param disableWebPagePreview send without link previews (or config {@code disable-web-page-preview})
 * @param disableNotification   send silently (or config {@code disable-notification})
 */
@Schema(description = "Where and how one handler sends its Telegram messages.")
public record TelegramOptions(
        @Key(description = "Chat to send to; the configured chat-id when empty.") String chatId,
        @Key(description = "Markdown or HTML; the configured parse-mode when empty.") String parseMode,
        @Key(description = "Disable link previews (OR-ed with the config flag).") boolean disableWebPagePreview,
        @Key(description = "Send silently (OR-ed with the config flag).") boolean disableNotification) {

    public TelegramOptions {
        chatId = chatId == null ? "" : chatId;
        parseMode = parseMode == null ? "" : parseMode;
    }
}
