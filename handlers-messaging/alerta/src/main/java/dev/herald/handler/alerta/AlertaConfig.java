package dev.herald.handler.alerta;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;
import java.time.Duration;

/**
 * The {@code [alerta]} config section, with Kapacitor's keys and defaults. Alerta has no {@code global} and no
 * {@code state-changes-only} in Kapacitor, so neither has it here.
 *
 * @param enabled            whether events are sent to Alerta
 * @param url                base URL of the Alerta API ({@code /alert} is joined onto its path)
 * @param insecureSkipVerify trust any server certificate
 * @param token              API key; secret
 * @param tokenPrefix        word before the token in the Authorization header; empty = {@code Bearer}
 * @param environment        environment used when a handler's renders empty
 * @param origin             origin used when a handler names none
 * @param timeout            accepted for compatibility; Kapacitor never reads it and neither do we
 */
@Schema(description = "Alerta monitoring system.")
public record AlertaConfig(
        @Key(description = "Whether Alerta is enabled.") boolean enabled,
        @Key(type = ValueType.URL, description = "Base URL of the Alerta API, e.g. http://alerta:8080/api.")
        String url,
        @Key(description = "Skip verifying the server certificate (insecure).") boolean insecureSkipVerify,
        @Key(description = "Alerta API key.") Secret token,
        @Key(description = "Authorization scheme before the token; empty means Bearer (older Alerta: Key).")
        String tokenPrefix,
        @Key(description = "Default environment.") String environment,
        @Key(description = "Default origin.") String origin,
        @Key(description = "Unused (as in Kapacitor); accepted so existing files load.") Duration timeout) {
}
