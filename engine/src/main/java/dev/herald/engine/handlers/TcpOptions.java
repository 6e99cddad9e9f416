package dev.herald.engine.handlers;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;

/**
 * Options of the {@code tcp} handler: {@code .tcp('host:port')} in TICKscript, {@code address} in a handler file.
 *
 * @param address where to connect, {@code host:port} ({@code [v6addr]:port} for an IPv6 literal)
 */
@Schema(entryArgs = {"address"},
        description = "Write the alert JSON to a new TCP connection for each event.")
record TcpOptions(
        @Key(required = true, description = "Address to connect to, host:port.") String address) {
}
