package dev.herald.handler.zenoss;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;
import java.util.Map;

/**
 * The {@code [zenoss]} config section, with Kapacitor's keys and defaults.
 *
 * @param enabled          whether events are sent to Zenoss
 * @param url              the Ext.Direct router URL ({@code .../zport/dmd/evconsole_router})
 * @param username         user for basic authentication
 * @param password         password for basic authentication
 * @param action           the router name when a handler names none
 * @param method           the router method when a handler names none
 * @param type             the Ext.Direct request type when a handler names none
 * @param tid              the Ext.Direct transaction id when a handler names none
 * @param collector        the collector when a handler names none
 * @param severityMap      Zenoss severity per alert level ({@code OK}, {@code Info}, {@code Warning},
 *                         {@code Critical}; names or numbers); levels not listed keep their default
 * @param global           add a Zenoss handler to every alert node that has none
 * @param stateChangesOnly with {@code global}, send only state changes from every alert node
 */
@Schema(description = "Zenoss event console (Ext.Direct EventsRouter.add_event).")
public record ZenossConfig(
        @Key(description = "Whether Zenoss is enabled.") boolean enabled,
        @Key(type = ValueType.URL, defaultValue = ZenossRequest.DEFAULT_URL,
                description = "Events router URL, e.g. https://tenant.zenoss.io:8080/zport/dmd/evconsole_router.")
        String url,
        @Key(description = "Username for basic authentication.") String username,
        @Key(description = "Password for basic authentication.") Secret password,
        @Key(defaultValue = "EventsRouter", description = "Router name (action).") String action,
        @Key(defaultValue = "add_event", description = "Router method.") String method,
        @Key(defaultValue = "rpc", description = "Event type.") String type,
        @Key(defaultValue = "1", description = "Transaction id (tid).") long tid,
        @Key(defaultValue = "Kapacitor", description = "Collector name.") String collector,
        @Key(defaultValue = "OK=Clear,Info=Info,Warning=Warning,Critical=Critical",
                description = "Zenoss severity (name or number) for each level: OK, Info, Warning, Critical.")
        Map<String, Object> severityMap,
        @Key(description = "Add a Zenoss handler to every alert node.") boolean global,
        @Key(description = "With global: send only state changes from every alert node.") boolean stateChangesOnly) {
}
