package dev.herald.handler.teams;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [teams]} config section: Kapacitor's keys and defaults, plus {@code format}.
 *
 * <p>{@code channel-url} is a secret here (Kapacitor shows it in clear): both a connector URL and a Workflows URL
 * (its {@code sig} parameter) let anyone who has it post to the channel.
 *
 * @param enabled          whether events are sent
 * @param channelUrl       the Workflows webhook URL, or a legacy Office 365 connector webhook URL
 * @param format           {@code auto}, {@code adaptive-card} or {@code message-card}: what to post
 * @param global           add a Teams handler to every alert node that has none
 * @param stateChangesOnly with {@code global}, send only state changes from every alert node
 */
@Schema(description = "Microsoft Teams: a Workflows webhook (Adaptive Card) or a legacy connector (MessageCard).")
public record TeamsConfig(
        @Key(description = "Whether the service is enabled.") boolean enabled,
        @Key(type = ValueType.URL, description = "Workflows webhook URL (or a legacy Office 365 connector URL).")
        Secret channelUrl,
        @Key(type = ValueType.ENUM, allowed = {"auto", "adaptive-card", "message-card"}, defaultValue = "auto",
                description = "What to post: auto (MessageCard to legacy connector hosts, else Adaptive Card), "
                        + "adaptive-card or message-card.") String format,
        @Key(description = "Add a Teams handler to every alert node.") boolean global,
        @Key(description = "With global: send only state changes from every alert node.") boolean stateChangesOnly) {
}
