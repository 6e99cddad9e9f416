package dev.herald.handler.snmptrap;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snmp4j.PDU;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * The SNMPv2-Trap PDU Kapacitor sends for one event: {@code sysUpTime.0} = TimeTicks 1000 (a constant),
 * {@code snmpTrapOID.0} = the trap OID, then one varbind per data entry with its value template rendered against
 * the event's template data.
 */
final class TrapPdu {
    /** Kapacitor sends a constant uptime. */
    static final long SYS_UP_TIME = 1000;

    private static final Pattern OID_TEXT = Pattern.compile("\\.?[0-9]+(\\.[0-9]+)*");
    private static final Pattern DECIMAL_BYTES = Pattern.compile("[0-9]{1,3}([. ][0-9]{1,3})*");
    private static final String TYPES = "acdinostux";

    /** One compiled data entry. */
    record Entry(OID oid, char type, String oidText, Function<Map<String, Object>, String> value) {
    }

    private final OID trapOid;
    private final List<Entry> entries;

    private TrapPdu(OID trapOid, List<Entry> entries) {
        this.trapOid = trapOid;
        this.entries = entries;
    }

    /**
     * Checks and compiles {@code options}, with Kapacitor's messages.
     *
     * @param compile compiles a value template
     * @throws ConfigException naming {@code trap-oid} or {@code data-list}
     */
    static TrapPdu compile(String kind, SnmpTrapOptions options,
            Function<String, Function<Map<String, Object>, String>> compile) {
        if (options.trapOid().isEmpty()) {
            throw new ConfigException(kind, "trap-oid", "you must supply a trap Oid");
        }
        if (!OID_TEXT.matcher(options.trapOid()).matches()) {
            throw new ConfigException(kind, "trap-oid", "invalid trap Oid \"" + options.trapOid() + "\"");
        }
        List<Entry> entries = new ArrayList<>(options.dataList().size());
        for (SnmpTrapOptions.Data data : options.dataList()) {
            if (!OID_TEXT.matcher(data.oid()).matches()) {
                throw new ConfigException(kind, "data-list", "invalid data Oid \"" + data.oid() + "\"");
            }
            if (data.type().length() != 1 || TYPES.indexOf(data.type().charAt(0)) < 0) {
                throw new ConfigException(kind, "data-list", "unsupported data type \"" + data.type()
                        + "\" for data entry \"" + data.oid() + "\"");
            }
            Function<Map<String, Object>, String> value;
            try {
                value = compile.apply(data.value());
            } catch (TemplateException e) {
                throw new ConfigException(kind, "data-list", "invalid template for data entry \"" + data.oid()
                        + "\": " + e.getMessage());
            }
            entries.add(new Entry(new OID(strip(data.oid())), data.type().charAt(0), data.oid(), value));
        }
        return new TrapPdu(new OID(strip(options.trapOid())), List.copyOf(entries));
    }

    private static String strip(String oid) {
        return oid.startsWith(".") ? oid.substring(1) : oid;
    }

    /**
     * The PDU for one event whose template data is {@code data}.
     *
     * @throws HandlerException when a rendered value does not fit its type
     */
    PDU build(Map<String, Object> data) {
        PDU pdu = new PDU();
        pdu.setType(PDU.TRAP);
        pdu.add(new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(SYS_UP_TIME)));
        pdu.add(new VariableBinding(SnmpConstants.snmpTrapOID, trapOid));
        for (Entry entry : entries) {
            String text;
            try {
                text = entry.value().apply(data);
            } catch (TemplateException e) {
                throw new HandlerException("error rendering value of data entry \"" + entry.oidText() + "\": "
                        + e.getMessage());
            }
            pdu.add(new VariableBinding(entry.oid(), variable(entry, text)));
        }
        return pdu;
    }


    static Variable variable(Entry entry, String text) {
        try {
            return switch (entry.type()) {
                case 'c' -> new Counter64(Long.parseLong(text));
                case 'i' -> new Integer32((int) Long.parseLong(text));
                case 'n' -> Null.instance;
                case 's' -> new OctetString(text.getBytes(StandardCharsets.UTF_8));
                case 't' -> new TimeTicks(Long.parseLong(text) & 0xFFFF_FFFFL);
                case 'u' -> new Gauge32(unsigned32(text));
                case 'a' -> ipAddress(text);
                case 'o' -> oid(text);
                case 'd' -> decimalBytes(text);
                case 'x' -> new OctetString(HexFormat.of().parseHex(text.replaceAll("[\\s:]", "")));
                default -> throw new HandlerException("Snmptrap Datatype not known: " + entry.type());
            };
        } catch (NumberFormatException e) {
            throw invalid(entry, text, "not a base-10 integer");
        } catch (IllegalArgumentException e) {
            throw invalid(entry, text, expectation(entry.type()));
        }
    }

    private static long unsigned32(String text) {
        long value = Long.parseLong(text);
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new NumberFormatException("out of range");
        }
        return value;
    }

    private static IpAddress ipAddress(String text) {
        if (!text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw new IllegalArgumentException();
        }
        for (String part : text.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException();
            }
        }
        return new IpAddress(text);
    }

    private static OID oid(String text) {
        if (!OID_TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException();
        }
        return new OID(strip(text));
    }

    private static OctetString decimalBytes(String text) {
        if (!DECIMAL_BYTES.matcher(text).matches()) {
            throw new IllegalArgumentException();
        }
        String[] parts = text.split("[. ]");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int b = Integer.parseInt(parts[i]);
            if (b > 255) {
                throw new IllegalArgumentException();
            }
            bytes[i] = (byte) b;
        }
        return new OctetString(bytes);
    }

    private static String expectation(char type) {
        return switch (type) {
            case 'a' -> "not an IPv4 address";
            case 'o' -> "not an OID";
            case 'd' -> "not decimal bytes (0-255, separated by dots or spaces)";
            case 'x' -> "not hex bytes";
            default -> "invalid";
        };
    }

    private static HandlerException invalid(Entry entry, String text, String why) {
        return new HandlerException("invalid value \"" + text + "\" of type " + entry.type() + " for data entry \""
                + entry.oidText() + "\": " + why);
    }
}
