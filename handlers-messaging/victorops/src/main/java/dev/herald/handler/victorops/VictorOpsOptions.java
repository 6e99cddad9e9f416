package dev.herald.handler.victorops;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;

/**
 * Options of one VictorOps handler: {@code .victorOps().routingKey('k')} in TICKscript, {@code routing-key} in a
 * handler file.
 *
 * @param routingKey the routing key; empty = the config's {@code routing-key}
 */
@Schema(description = "Send the alert to VictorOps.")
public record VictorOpsOptions(
        @Key(description = "Routing key; empty for the config's routing-key.") String routingKey) {
}
