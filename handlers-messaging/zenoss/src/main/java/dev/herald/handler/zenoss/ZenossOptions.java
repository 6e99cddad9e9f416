package dev.herald.handler.zenoss;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;
import java.util.Map;

/**
 * Options of one Zenoss handler, named as Kapacitor accepts them: TICKscript
 * {@code .zenoss().action('a').method('m').type('t').tid(1).summary('s').device('d').component('c')
 * .eventClassKey('k').eventClass('/App').collector('c').message('m').customField('key', value)}, handler-file keys
 * {@code action}, {@code method}, {@code type}, {@code tid}, {@code summary}, {@code device}, {@code component},
 * {@code eventClassKey}, {@code eventClass}, {@code collector}, {@code message}, {@code customField}. All text
 * options except action, method and type are templates over {@code .Name}, {@code .TaskName}, {@code .ID},
 * {@code .Message}, {@code .Details}, {@code .Time}, {@code .Duration}, {@code .Level}, {@code .Recoverable},
 * {@code .Tags}.
 *
 * @param url           the router URL; empty = config {@code url} (Kapacitor ignores it)
 * @param username      basic-auth user; empty = config {@code username} (Kapacitor ignores it)
 * @param password      basic-auth password; empty = config {@code password} (Kapacitor ignores it)
 * @param action        router name; empty = config
 * @param method        router method; empty = config
 * @param type          event type; empty = config
 * @param tid           transaction id; 0 = config
 * @param summary       summary; empty (or rendering empty) = the alert message
 * @param device        device
 * @param component     component
 * @param eventClassKey event class key ({@code evclasskey})
 * @param eventClass    event class ({@code evclass})
 * @param collector     collector; empty = config {@code collector}
 * @param message       message (not the alert message)
 * @param customField   extra event fields; string values are templates, and JSON objects or arrays after rendering
 */
@Schema(description = "Send the alert as an event to the Zenoss event console.")
public record ZenossOptions(
        @Key(type = ValueType.URL, property = "uRL", description = "Router URL; empty for the config url.")
        String url,
        @Key(description = "Basic-auth user; empty for the config username.") String username,
        @Key(description = "Basic-auth password; empty for the config password.") Secret password,
        @Key(description = "Router name; empty for the config action.") String action,
        @Key(description = "Router method; empty for the config method.") String method,
        @Key(description = "Event type; empty for the config type.") String type,
        @Key(description = "Transaction id; 0 for the config tid.") long tid,
        @Key(description = "Summary (template); empty for the alert message.") String summary,
        @Key(description = "Device (template).") String device,
        @Key(description = "Component (template).") String component,
        @Key(name = "eventClassKey", description = "Event class key (template).") String eventClassKey,
        @Key(name = "eventClass", description = "Event class (template), e.g. /App.") String eventClass,
        @Key(description = "Collector (template); empty for the config collector.") String collector,
        @Key(description = "Zenoss message (template).") String message,
        @Key(name = "customField", description = "Extra event fields; string values are templates.")
        Map<String, Object> customField) {
}
