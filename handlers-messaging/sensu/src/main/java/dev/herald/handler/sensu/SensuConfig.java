package dev.herald.handler.sensu;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;

/**
 * The {@code [sensu]} config section, with Kapacitor's keys and defaults. Sensu has no {@code global} and no
 * {@code state-changes-only} in Kapacitor, and no secrets.
 *
 * @param enabled  whether events are sent to Sensu
 * @param addr     {@code host:port} of the Sensu client socket (TCP, usually port 3030)
 * @param source   source used when a handler's renders empty
 * @param handlers Sensu handlers used when a handler names none
 */
@Schema(description = "Sensu client socket (check results over TCP).")
public record SensuConfig(
        @Key(description = "Whether Sensu is enabled.") boolean enabled,
        @Key(description = "host:port of the Sensu client socket, e.g. sensu-client:3030.") String addr,
        @Key(defaultValue = "Kapacitor", description = "Default source (the check's client name).") String source,
        @Key(description = "Default Sensu handlers.") List<String> handlers) {
}
