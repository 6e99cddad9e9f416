package dev.herald.handler.opsgenie;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;
import java.util.List;

/**
 * The {@code [opsgenie2]} config section (Opsgenie's v2 Alert API), with Kapacitor's keys and defaults and one
 * Herald key, {@code target}, that points the same requests at Opsgenie's EU region or at Jira Service Management.
 *
 * @param enabled        whether events are sent
 * @param apiKey         the integration's API key ({@code Authorization: GenieKey ...}); secret; required when enabled
 * @param teams          teams used when a handler names none
 * @param recipients     recipients used when a handler names none
 * @param url            the alerts endpoint; when left at the default, {@code target} chooses it
 * @param recoveryAction what an OK event does: {@code notes} (add a note) or {@code close}
 * @param global         add an Opsgenie v2 handler to every alert node that has none
 * @param details        send the event's details as the description instead of its data
 * @param target         Herald: {@code opsgenie} (Kapacitor's), {@code opsgenie-eu} or {@code jsm}
 */
@Schema(description = "Opsgenie Alert API v2, or its successor in Jira Service Management.")
public record OpsGenie2Config(
        @Key(description = "Whether Opsgenie (v2) is enabled.") boolean enabled,
        @Key(description = "API key of the API integration (GenieKey).") Secret apiKey,
        @Key(description = "Default teams.") List<String> teams,
        @Key(description = "Default recipients.") List<String> recipients,
        @Key(type = ValueType.URL, defaultValue = OpsGenie2Config.DEFAULT_URL,
                description = "Alerts endpoint; left at the default, target chooses it.") String url,
        @Key(name = "recovery_action", defaultValue = "notes",
                description = "What an OK event does: notes or close.") String recoveryAction,
        @Key(description = "Add an Opsgenie v2 handler to every alert node.") boolean global,
        @Key(description = "Use the event details as the description.") boolean details,
        @Key(type = ValueType.ENUM, allowed = {"opsgenie", "opsgenie-eu", "jsm"}, defaultValue = "opsgenie",
                description = "Herald: where alerts go when url is the default: Opsgenie (US), Opsgenie EU, or Jira "
                        + "Service Management's integration events API (Opsgenie's REST API stops on 2027-04-05).")
        String target) {

    /** Kapacitor's default URL. */
    public static final String DEFAULT_URL = "https://api.opsgenie.com/v2/alerts";
    /** Opsgenie's EU region. */
    public static final String EU_URL = "https://api.eu.opsgenie.com/v2/alerts";
    /** Jira Service Management's integration events API: the same requests, the same GenieKey. */
    public static final String JSM_URL = "https://api.atlassian.com/jsm/ops/integration/v2/alerts";

    /** The endpoint requests go to. */
    String endpoint() {
        if (!url.equals(DEFAULT_URL)) {
            return url;
        }
        return switch (target) {
            case "opsgenie-eu" -> EU_URL;
            case "jsm" -> JSM_URL;
            default -> DEFAULT_URL;
        };
    }
}
