package dev.herald.handler.sensu;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;
import java.util.Map;

/**
 * Options of one Sensu handler: {@code .sensu().source('..').handlers('a', 'b').metadata('k', 'v')} in TICKscript,
 * {@code source}, {@code handlers}, {@code metadata} in a handler file.
 *
 * @param source   template of the source; renders empty = the config's source
 * @param handlers Sensu handlers; none = the config's handlers
 * @param metadata extra top-level keys of the check result (a key named like a built-in one is dropped)
 */
@Schema(description = "Send the alert to Sensu as a check result.")
public record SensuOptions(
        @Key(description = "Source (template); empty for the config's source.") String source,
        @Key(description = "Sensu handlers; none for the config's handlers.") List<String> handlers,
        @Key(description = "Extra keys added to the check result.") Map<String, String> metadata) {
}
