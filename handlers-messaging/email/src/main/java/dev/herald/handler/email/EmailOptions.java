package dev.herald.handler.email;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;

/**
 * Options of one email handler: {@code .email('a@x', 'b@x').to('c@x').toTemplates('{{ index .Tags "owner" }}')}
 * in TICKscript, {@code to} and {@code to-field} in a handler file (Kapacitor's names).
 *
 * @param to          recipients; empty = the config's {@code to}
 * @param toTemplates address templates rendered against the event data (Name, TaskName, Category, Group, Tags,
 *                    Fields, Recoverable, Result); each non-empty result is one more recipient
 */
@Schema(entryArgs = {"to"}, description = "Send the alert as an HTML email.")
public record EmailOptions(
        @Key(description = "Recipient addresses; empty for the config's to.") List<String> to,
        @Key(name = "to-field", property = "toTemplates",
                description = "Address templates over the event data, e.g. {{ index .Tags \"owner\" }}.")
        List<String> toTemplates) {
}
