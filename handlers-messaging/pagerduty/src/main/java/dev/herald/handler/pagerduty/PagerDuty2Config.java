package dev.herald.handler.pagerduty;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [pagerduty2]} config section (Events API v2), with Kapacitor's keys and defaults.
 *
 * @param enabled    whether events are sent to PagerDuty
 * @param url        the v2 enqueue endpoint
 * @param routingKey the integration's routing key used when a handler names none; secret
 * @param global     add a PagerDuty v2 handler to every alert node that has none
 */
@Schema(description = "PagerDuty Events API v2.")
public record PagerDuty2Config(
        @Key(description = "Whether PagerDuty (v2) is enabled.") boolean enabled,
        @Key(type = ValueType.URL, defaultValue = PagerDuty2Config.DEFAULT_URL,
                description = "Events API v2 enqueue endpoint.") String url,
        @Key(description = "Routing (integration) key.") Secret routingKey,
        @Key(description = "Add a PagerDuty v2 handler to every alert node.") boolean global) {

    /** Kapacitor's default URL. */
    public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
}
