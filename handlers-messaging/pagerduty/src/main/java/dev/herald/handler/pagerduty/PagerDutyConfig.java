package dev.herald.handler.pagerduty;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [pagerduty]} config section (Events API v1), with Kapacitor's keys and defaults.
 *
 * @param enabled    whether events are sent to PagerDuty
 * @param url        the v1 events endpoint
 * @param serviceKey the integration's service key used when a handler names none; secret
 * @param global     add a PagerDuty handler to every alert node that has none
 */
@Schema(description = "PagerDuty Events API v1 (generic integration).")
public record PagerDutyConfig(
        @Key(description = "Whether PagerDuty (v1) is enabled.") boolean enabled,
        @Key(type = ValueType.URL, defaultValue = PagerDutyConfig.DEFAULT_URL,
                description = "Events API v1 endpoint.") String url,
        @Key(description = "Service key of the integration.") Secret serviceKey,
        @Key(description = "Add a PagerDuty handler to every alert node.") boolean global) {

    /** Kapacitor's default URL. */
    public static final String DEFAULT_URL = "https://events.pagerduty.com/generic/2010-04-15/create_event.json";
}
