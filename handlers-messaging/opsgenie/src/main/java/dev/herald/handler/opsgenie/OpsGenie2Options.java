package dev.herald.handler.opsgenie;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;

/**
 * Options of one Opsgenie v2 handler: {@code .opsGenie2().teams('a').recipients('b').recoveryAction('close')
 * .details()} in TICKscript; {@code teams-list}, {@code recipients-list}, {@code recovery_action} and
 * {@code details} in a handler file.
 *
 * @param teamsList      teams; empty = the config's {@code teams}
 * @param recipientsList recipients; empty = the config's {@code recipients}
 * @param recoveryAction {@code close} or {@code notes}; anything else = the config's
 * @param details        send the event's details as the description (Kapacitor accepted and ignored this)
 */
@Schema(description = "Send the alert to Opsgenie (v2).")
public record OpsGenie2Options(
        @Key(name = "teams-list", property = "teams", description = "Teams; empty for the config's.")
        List<String> teamsList,
        @Key(name = "recipients-list", property = "recipients", description = "Recipients; empty for the config's.")
        List<String> recipientsList,
        @Key(name = "recovery_action", description = "What an OK event does: close or notes; empty for the config's.")
        String recoveryAction,
        @Key(description = "Use the event details as the description.") boolean details) {
}
