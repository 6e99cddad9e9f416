package dev.herald.handler.bigpanda;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.ValueType;
import java.util.Map;

/**
 * Options of one BigPanda handler, named as Kapacitor accepts them: TICKscript
 * {@code .bigPanda().appKey('k').host('{{ index .Tags "host" }}').primaryProperty('p').secondaryProperty('s')
 * .attribute('key', value)}, handler-file keys {@code app-key}, {@code url}, {@code host},
 * {@code primary-property}, {@code secondary-property}, {@code attributes}. {@code host} and string attribute
 * values are templates over the alert's template data ({@code .ID}, {@code .Message}, {@code .Level},
 * {@code .Time}, {@code .Duration}, {@code .Details}, {@code .Name}, {@code .TaskName}, {@code .Group},
 * {@code .Tags}, {@code .Fields}).
 *
 * @param appKey            application key; empty = config {@code app-key}
 * @param url               alerts API URL; empty = config {@code url} (handler files only, as in Kapacitor)
 * @param host              the object the alert is about (template)
 * @param primaryProperty   BigPanda primary property
 * @param secondaryProperty BigPanda secondary property
 * @param attributes        additional attributes; string values are templates, others sent as JSON text
 */
@Schema(description = "Send the alert to BigPanda.")
public record BigPandaOptions(
        @Key(description = "Application key; empty for the config app-key.") String appKey,
        @Key(type = ValueType.URL, property = "-", description = "Alerts API URL; empty for the config url.")
        String url,
        @Key(description = "Host the alert is about (template).") String host,
        @Key(description = "Primary property.") String primaryProperty,
        @Key(description = "Secondary property.") String secondaryProperty,
        @Key(property = "attribute", description = "Additional attributes; string values are templates.")
        Map<String, Object> attributes) {
}
