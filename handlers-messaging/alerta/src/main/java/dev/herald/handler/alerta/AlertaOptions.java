package dev.herald.handler.alerta;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Options of one Alerta handler, named as Kapacitor names them: handler-file keys {@code token},
 * {@code token-prefix}, {@code resource}, {@code event}, {@code environment}, {@code group}, {@code value},
 * {@code origin}, {@code service}, {@code correlate}, {@code attributes}, {@code timeout}; TICKscript
 * {@code .alerta().token().resource().event().environment().group().value().origin().services(..)
 * .correlated(..).attribute(k, v).timeout(d)} ({@code token-prefix} has no TICKscript property).
 *
 * @param token       API key; empty = the config's token
 * @param tokenPrefix Authorization scheme; empty = the config's, then {@code Bearer}
 * @param resource    template of the resource
 * @param event       template of the event name (sees ID, Name, TaskName, Group and Tags only)
 * @param environment template of the environment; renders empty = the config's environment
 * @param group       template of the group
 * @param value       template of the value
 * @param origin      origin; empty = the config's origin
 * @param service     templates of the services; none = the measurement name
 * @param correlate   templates of the correlated events; none = the measurement name
 * @param attributes  extra attributes, values are templates
 * @param timeout     how long Alerta keeps the alert open (sent in seconds)
 */
@Schema(description = "Send the alert to Alerta.")
public record AlertaOptions(
        @Key(description = "Alerta API key; empty for the config's token.") Secret token,
        @Key(property = "-", description = "Authorization scheme; empty for the config's token-prefix.")
        String tokenPrefix,
        @Key(defaultValue = AlertaOptions.DEFAULT_RESOURCE, description = "Resource (template).") String resource,
        @Key(defaultValue = AlertaOptions.DEFAULT_EVENT, description = "Event name (template).") String event,
        @Key(description = "Environment (template); empty for the config's environment.") String environment,
        @Key(defaultValue = AlertaOptions.DEFAULT_GROUP, description = "Group (template).") String group,
        @Key(description = "Value (template).") String value,
        @Key(description = "Origin; empty for the config's origin.") String origin,
        @Key(property = "services", description = "Services (templates); none for the measurement name.")
        List<String> service,
        @Key(property = "correlated", description = "Correlated events (templates); none for the measurement name.")
        List<String> correlate,
        @Key(property = "attribute", description = "Extra attributes; values are templates.")
        Map<String, String> attributes,
        @Key(defaultValue = "24h", description = "How long Alerta keeps the alert open.") Duration timeout) {

    static final String DEFAULT_RESOURCE = "{{ .Name }}";
    static final String DEFAULT_EVENT = "{{ .ID }}";
    static final String DEFAULT_GROUP = "{{ .Group }}";
}
