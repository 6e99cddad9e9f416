package dev.herald.handler.hipchat;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;

/**
 * The {@code [hipchat]} section of the config: a single section, as in Kapacitor.
 *
 * <p>{@code url} is a plain string rather than a {@link dev.herald.core.config.ValueType#URL} key so that
 * {@link HipChatHandlerFactory#validateConfig} can report Kapacitor's own errors ({@code must specify url},
 * {@code invalid url "<u>"}), and so that an empty URL is allowed while the service is disabled.
 *
 * @param enabled          whether HipChat handlers may send
 * @param url              the API base, e.g. {@code https://example.hipchat.com/v2/room}
 * @param token            the default room notification token (secret)
 * @param room             the default room, by id or name
 * @param global           whether every alert node without a HipChat handler gets one
 * @param stateChangesOnly with {@code global}: switch every alert node to state-changes-only
 */
@Schema(description = "Posts alert messages to HipChat rooms (HipChat v2 REST API).")
public record HipChatConfig(
        @Key(description = "Whether the HipChat service is enabled.") boolean enabled,
        @Key(description = "HipChat API base URL, e.g. https://example.hipchat.com/v2/room; required when enabled.")
        String url,
        @Key(description = "Default room notification token; a handler's own token overrides it.") Secret token,
        @Key(description = "Default room (id or name); a handler's own room overrides it.") String room,
        @Key(description = "Send every alert to HipChat, unless the alert node names a HipChat handler itself.")
        boolean global,
        @Key(description = "With global: only send alerts whose level changed.") boolean stateChangesOnly) {
}
