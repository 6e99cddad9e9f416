package dev.herald.handler.victorops;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [victorops]} config section, with Kapacitor's keys and defaults.
 *
 * @param enabled    whether events are sent to VictorOps
 * @param apiKey     the REST endpoint API key (the path segment after {@code .../alert/}); secret
 * @param routingKey the routing key used when a handler names none
 * @param url        the REST endpoint integration URL
 * @param global     add a VictorOps handler to every alert node that has none
 * @param jsonData   send {@code data} as an embedded JSON object instead of a JSON string
 */
@Schema(description = "VictorOps (Splunk On-Call) REST endpoint integration.")
public record VictorOpsConfig(
        @Key(description = "Whether VictorOps is enabled.") boolean enabled,
        @Key(description = "API key of the REST endpoint integration.") Secret apiKey,
        @Key(description = "Default routing key; empty sends to the default route.") String routingKey,
        @Key(type = ValueType.URL, defaultValue = VictorOpsConfig.DEFAULT_URL,
                description = "REST endpoint URL (without the API key).") String url,
        @Key(description = "Add a VictorOps handler to every alert node.") boolean global,
        @Key(description = "Send the alert data as a JSON object instead of a JSON string.") boolean jsonData) {

    /** Kapacitor's default URL. */
    public static final String DEFAULT_URL = "https://alert.victorops.com/integrations/generic/20131114/alert";
}
