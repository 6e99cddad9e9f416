package dev.herald.handler.bigpanda;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.config.ValueType;

/**
 * The {@code [bigpanda]} config section, with Kapacitor's keys and defaults.
 *
 * @param enabled            whether alerts are sent to BigPanda
 * @param global             add a BigPanda handler to every alert node that has none
 * @param appKey             the integration's application key (not a secret: it only routes alerts)
 * @param token              the organisation's bearer token
 * @param stateChangesOnly   with {@code global}, send only state changes from every alert node
 * @param insecureSkipVerify trust any server certificate
 * @param url                the alerts API URL
 * @param autoAttributes     which event data to copy into the alert as attributes: {@code tags}, {@code fields}
 */
@Schema(description = "BigPanda alerts API (v2).")
public record BigPandaConfig(
        @Key(description = "Whether BigPanda is enabled.") boolean enabled,
        @Key(description = "Add a BigPanda handler to every alert node.") boolean global,
        @Key(description = "Application key of the BigPanda integration.") String appKey,
        @Key(description = "Organisation bearer token.") Secret token,
        @Key(description = "With global: send only state changes from every alert node.") boolean stateChangesOnly,
        @Key(description = "Skip verifying the server certificate (insecure).") boolean insecureSkipVerify,
        @Key(type = ValueType.URL, defaultValue = BigPandaRequest.DEFAULT_URL, description = "Alerts API URL.")
        String url,
        @Key(defaultValue = "tags,fields",
                description = "Copy event tags and/or fields into the alert: tags, fields, tags,fields or empty.")
        String autoAttributes) {
}
