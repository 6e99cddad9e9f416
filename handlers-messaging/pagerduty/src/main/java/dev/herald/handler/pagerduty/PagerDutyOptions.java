package dev.herald.handler.pagerduty;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;

/**
 * Options of one PagerDuty v1 handler: {@code .pagerDuty().serviceKey('k')} in TICKscript, {@code service-key} in a
 * handler file.
 *
 * @param serviceKey the service key; empty = the config's {@code service-key}
 */
@Schema(description = "Send the alert to PagerDuty (Events API v1).")
public record PagerDutyOptions(
        @Key(description = "Service key; empty for the config's service-key.") Secret serviceKey) {
}
