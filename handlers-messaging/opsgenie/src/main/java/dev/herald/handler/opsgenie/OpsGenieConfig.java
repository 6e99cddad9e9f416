package dev.herald.handler.opsgenie;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;
import java.util.List;

/**
 * The {@code [opsgenie]} config section (Opsgenie's v1 JSON API), with Kapacitor's keys and defaults.
 *
 * @param enabled     whether events are sent to Opsgenie
 * @param apiKey      the integration's API key, sent in the body; secret; required when enabled
 * @param teams       teams used when a handler names none
 * @param recipients  recipients used when a handler names none
 * @param url         where alerts are posted ({@code /} is appended)
 * @param recoveryUrl where recoveries are posted as notes ({@code /} is appended)
 * @param global      add an Opsgenie handler to every alert node that has none
 */
@Schema(description = "Opsgenie, legacy v1 JSON API.")
public record OpsGenieConfig(
        @Key(description = "Whether Opsgenie (v1) is enabled.") boolean enabled,
        @Key(description = "API key of the integration.") Secret apiKey,
        @Key(description = "Default teams.") List<String> teams,
        @Key(description = "Default recipients.") List<String> recipients,
        @Key(type = ValueType.URL, defaultValue = OpsGenieConfig.DEFAULT_URL,
                description = "Alert URL.") String url,
        @Key(name = "recovery_url", type = ValueType.URL, defaultValue = OpsGenieConfig.DEFAULT_RECOVERY_URL,
                description = "Where recoveries are posted as notes.") String recoveryUrl,
        @Key(description = "Add an Opsgenie handler to every alert node.") boolean global) {

    /** Kapacitor's default alert URL. */
    public static final String DEFAULT_URL = "https://api.opsgenie.com/v1/json/alert";
    /** Kapacitor's default recovery URL. */
    public static final String DEFAULT_RECOVERY_URL = "https://api.opsgenie.com/v1/json/alert/note";
}
