package dev.herald.handler.servicenow;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;
import java.util.Map;

/**
 * Options of one ServiceNow handler, named as Kapacitor accepts them: TICKscript
 * {@code .serviceNow().source('s').node('n').type('t').resource('r').metricName('m').messageKey('k')
 * .additionalInfo('key', value)}, handler-file keys {@code url}, {@code source}, {@code node}, {@code type},
 * {@code resource}, {@code metricName}, {@code messageKey}, {@code additional_info}. {@code node}, {@code type},
 * {@code resource}, {@code metricName}, {@code messageKey} and string values of {@code additional_info} are
 * templates over {@code .ID}, {@code .Name}, {@code .TaskName}, {@code .Fields}, {@code .Tags}.
 *
 * @param url            the web-service URL; empty = config {@code url}
 * @param source         the event source; empty = config {@code source}
 * @param node           the node (host) the event is about
 * @param type           the metric type
 * @param resource       the node's resource
 * @param metricName     the metric name
 * @param messageKey     the de-duplication key; empty = the alert id
 * @param additionalInfo extra key/value pairs, sent as a JSON string
 * @param username       basic-auth user; empty = config {@code username} (Kapacitor ignores it)
 * @param password       basic-auth password; empty = config {@code password} (Kapacitor ignores it)
 * @param closeOnOk      send severity 0 (Clear) for OK events so ServiceNow closes the alert (not in Kapacitor)
 */
@Schema(description = "Send the alert as an event to ServiceNow Event Management.")
public record ServiceNowOptions(
        @Key(type = ValueType.URL, property = "uRL", description = "Web-service URL; empty for the config url.")
        String url,
        @Key(description = "Event source; empty for the config source.") String source,
        @Key(description = "Node (template).") String node,
        @Key(description = "Metric type (template).") String type,
        @Key(description = "Resource (template).") String resource,
        @Key(name = "metricName", description = "Metric name (template).") String metricName,
        @Key(name = "messageKey", description = "De-duplication key (template); empty for the alert id.")
        String messageKey,
        @Key(name = "additional_info", property = "additionalInfo",
                description = "Additional info; string values are templates.") Map<String, Object> additionalInfo,
        @Key(description = "Basic-auth user; empty for the config username.") String username,
        @Key(description = "Basic-auth password; empty for the config password.") Secret password,
        @Key(description = "Send severity 0 (Clear) instead of 5 (OK) for OK events, which closes the alert.")
        boolean closeOnOk) {
}
