package dev.herald.handler.opsgenie;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;

/**
 * Options of one Opsgenie v1 handler: {@code .opsGenie().teams('a', 'b').recipients('c')} in TICKscript,
 * {@code teams-list} and {@code recipients-list} in a handler file (Kapacitor's names).
 *
 * @param teamsList      teams; empty = the config's {@code teams}
 * @param recipientsList recipients; empty = the config's {@code recipients}
 */
@Schema(description = "Send the alert to Opsgenie (v1).")
public record OpsGenieOptions(
        @Key(name = "teams-list", property = "teams", description = "Teams; empty for the config's.")
        List<String> teamsList,
        @Key(name = "recipients-list", property = "recipients", description = "Recipients; empty for the config's.")
        List<String> recipientsList) {
}
