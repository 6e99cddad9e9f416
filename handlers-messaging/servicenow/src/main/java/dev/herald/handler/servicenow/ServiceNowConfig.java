package dev.herald.handler.servicenow;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [servicenow]} config section, with Kapacitor's keys and defaults.
 *
 * @param enabled          whether events are sent to ServiceNow
 * @param url              the Event Management web-service URL ({@code .../api/global/em/jsonv2})
 * @param source           the event source when a handler names none
 * @param username         user for basic authentication (needs role {@code evt_mgmt_integration})
 * @param password         password for basic authentication
 * @param global           add a ServiceNow handler to every alert node that has none
 * @param stateChangesOnly with {@code global}, send only state changes from every alert node
 */
@Schema(description = "ServiceNow Event Management (events web service).")
public record ServiceNowConfig(
        @Key(description = "Whether ServiceNow is enabled.") boolean enabled,
        @Key(type = ValueType.URL, defaultValue = ServiceNowRequest.DEFAULT_URL,
                description = "Events web-service URL, e.g. https://<instance>.service-now.com/api/global/em/jsonv2.")
        String url,
        @Key(description = "Event source when a handler names none, e.g. Kapacitor.") String source,
        @Key(description = "Username for basic authentication.") String username,
        @Key(description = "Password for basic authentication.") Secret password,
        @Key(description = "Add a ServiceNow handler to every alert node.") boolean global,
        @Key(description = "With global: send only state changes from every alert node.") boolean stateChangesOnly) {
}
