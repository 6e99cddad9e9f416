package dev.herald.handler.snmptrap;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;

/**
 * Options of one SNMP trap handler: {@code .snmpTrap('1.3.6.1.4.1.1').data('1.3.6.1.4.1.1.2', 's',
 * '{{ .Message }}')} in TICKscript, {@code trap-oid} and {@code data-list} in a handler file.
 *
 * @param trapOid  the trap's OID (value of {@code snmpTrapOID.0})
 * @param dataList the varbinds after {@code sysUpTime.0} and {@code snmpTrapOID.0}, in order
 */
@Schema(entryArgs = {"trap-oid"}, description = "Send the alert as an SNMPv2c trap.")
public record SnmpTrapOptions(
        @Key(property = "trapOid", description = "OID of the trap.") String trapOid,
        @Key(name = "data-list", property = "data", description = "Varbinds: oid, type (c i n s t a d o u x) and "
                + "value, a template over the alert data.") List<Data> dataList) {

    /**
     * One varbind.
     *
     * @param oid   its OID
     * @param type  net-snmp type letter: {@code c} Counter64, {@code i} Integer32, {@code n} Null, {@code s}
     *              OctetString, {@code t} TimeTicks, {@code a} IpAddress, {@code d} OctetString of decimal bytes,
     *              {@code o} OID, {@code u} Unsigned32 (Gauge32, same encoding), {@code x} OctetString of hex bytes
     * @param value the value, a template over the alert's template data
     */
    public record Data(
            @Key(description = "OID of the varbind.") String oid,
            @Key(description = "Type letter: c i n s t a d o u x.") String type,
            @Key(description = "Value; a template over the alert data.") String value) {
    }
}
