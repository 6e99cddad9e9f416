package dev.herald.handler.hipchat;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;

/**
 * Options of one HipChat handler: handler-file {@code options: {room: ..., token: ...}}, or the TICKscript chain
 * {@code .hipChat().room('...').token('...')}. An empty value falls back to the {@code [hipchat]} config.
 *
 * @param room  the room to post to (id or name); empty = config {@code room}
 * @param token the room notification token; empty = config {@code token}
 */
@Schema(description = "Room and token of one HipChat handler; empty values fall back to the [hipchat] config.")
public record HipChatOptions(
        @Key(description = "Room (id or name) to post to; empty uses the configured room.") String room,
        @Key(description = "Room notification token; empty uses the configured token.") Secret token) {
}
