package dev.herald.handler.snmptrap;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;

/**
 * The {@code [snmptrap]} config section, with Kapacitor's keys and defaults.
 *
 * @param enabled   whether traps are sent
 * @param addr      {@code host:port} of the trap receiver (network management station)
 * @param community SNMPv2c community string (secret: it is the only credential SNMPv2c has)
 * @param retries   Kapacitor's retries setting; traps are unconfirmed, so nothing is ever resent
 */
@Schema(description = "SNMPv2c trap receiver that alerts are sent to.")
public record SnmpTrapConfig(
        @Key(description = "Whether SNMP traps are enabled.") boolean enabled,
        @Key(defaultValue = "localhost:162", description = "host:port of the trap receiver.") String addr,
        @Key(defaultValue = "kapacitor", description = "SNMPv2c community.") Secret community,
        @Key(defaultValue = "1", description = "Kapacitor's retries; traps are unconfirmed and never resent.")
        int retries) {
}
