package dev.herald.handler.snmptrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * The snmptrap handler against a real SNMP4J trap receiver on loopback UDP (one for the class): PDU type, version,
 * community, the two fixed varbinds and every data type with its encoded value.
 */
class SnmpTrapDeliveryTest {
    /** What the receiver got: community, message processing model, PDU. */
    record Trap(String community, int model, PDU pdu) {
    }

    private static final BlockingQueue<Trap> TRAPS = new LinkedBlockingQueue<>();
    private static int port;
    private static Snmp receiver;

    private final HandlerContext context = HandlerContext.standalone().withRequestTimeout(Duration.ofSeconds(5));

    @BeforeAll
    static void startReceiver() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        receiver = startReceiverOn(port);
    }

    static Snmp startReceiverOn(int udpPort) throws IOException {
        Snmp snmp = new Snmp(new DefaultUdpTransportMapping(new UdpAddress("127.0.0.1/" + udpPort)));
        snmp.addCommandResponder(new org.snmp4j.CommandResponder() {
            @Override
            public <A extends org.snmp4j.smi.Address> void processPdu(CommandResponderEvent<A> event) {
                TRAPS.add(new Trap(new String(event.getSecurityName(), StandardCharsets.UTF_8),
                        event.getMessageProcessingModel(), event.getPDU()));
                event.setProcessed(true);
            }
        });
        snmp.listen();
        return snmp;
    }

    @AfterAll
    static void stopReceiver() throws IOException {
        receiver.close();
    }

    @BeforeEach
    void drain() {
        TRAPS.clear();
    }

    @SuppressWarnings("unchecked")
    static HandlerFactory<SnmpTrapConfig, SnmpTrapOptions> factory() {
        for (HandlerFactory<?, ?> f : ServiceLoader.load(HandlerFactory.class)) {
            if (f.kind().equals("snmptrap")) {
                return (HandlerFactory<SnmpTrapConfig, SnmpTrapOptions>) f;
            }
        }
        throw new AssertionError("no snmptrap factory");
    }

    private static ServiceConfig<SnmpTrapConfig> config(Map<String, Object> overrides) {
        Map<String, Object> raw = new HashMap<>(Map.of("enabled", true, "addr", "127.0.0.1:" + port,
                "community", "c0mmun1ty", "retries", 3));
        raw.putAll(overrides);
        return ServiceConfig.bind(factory(), List.of(raw));
    }

    private static Map<String, Object> data(String oid, String type, String value) {
        return Map.of("oid", oid, "type", type, "value", value);
    }

    private HandlerResult send(ServiceConfig<SnmpTrapConfig> config, Map<String, Object> options, AlertEvent event)
            throws Exception {
        SnmpTrapOptions bound = ConfigSchema.of(SnmpTrapOptions.class).bind(options);
        try (Handler handler = factory().create(bound, config, context)) {
            return handler.handle(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static Trap nextTrap() throws InterruptedException {
        Trap trap = TRAPS.poll(10, TimeUnit.SECONDS);
        assertNotNull(trap, "no trap received within 10s");
        return trap;
    }

    private static void assertVarbinds(PDU pdu, OID trapOid, VariableBinding... data) {
        assertEquals(PDU.TRAP, pdu.getType(), "SNMPv2-Trap PDU");
        List<? extends VariableBinding> got = pdu.getVariableBindings();
        assertEquals(2 + data.length, got.size(), got::toString);
        assertEquals(new VariableBinding(new OID("1.3.6.1.2.1.1.3.0"), new TimeTicks(1000)), got.get(0));
        assertEquals(new VariableBinding(new OID("1.3.6.1.6.3.1.1.4.1.0"), trapOid), got.get(1));
        for (int i = 0; i < data.length; i++) {
            VariableBinding actual = got.get(2 + i);
            assertEquals(data[i].getOid(), actual.getOid());
            Variable expected = data[i].getVariable();
            assertEquals(expected.getClass(), actual.getVariable().getClass(), actual::toString);
            assertEquals(expected, actual.getVariable(), actual::toString);
        }
    }

    private static VariableBinding vb(String oid, Variable value) {
        return new VariableBinding(new OID(oid), value);
    }

    private static AlertEvent cpuEvent(String details) {
        EventData data = new EventData("cpu", "testStreamAlert", "", "host=serverA", Map.of("host", "serverA"),
                Map.of("count", 10L), true, List.of());
        return new AlertEvent("cpu", "kapacitor/cpu/serverA", "message", details,
                Instant.parse("1971-01-01T00:00:10Z"), Duration.ZERO, Level.CRITICAL, Level.OK, data);
    }

    @Test
    void alertHandlersServerTest() throws Exception {
        HandlerResult result = send(config(Map.of()), Map.of("trap-oid", "1.1.2", "data-list", List.of(
                data("1.1.2.1", "s", "{{.Message}}"), data("1.1.2.2", "s", "{{.Level}}"))), cpuEvent(""));
        assertTrue(result.isDelivered(), result::toString);
        Trap trap = nextTrap();
        assertEquals("c0mmun1ty", trap.community());
        assertEquals(MessageProcessingModel.MPv2c, trap.model());
        assertVarbinds(trap.pdu(), new OID("1.1.2"), vb("1.1.2.1", new OctetString("message")),
                vb("1.1.2.2", new OctetString("CRITICAL")));
    }

    @Test
    void streamAlertSnmpTrapTypes() throws Exception {
        HandlerResult result = send(config(Map.of()), Map.of("trap-oid", "1.1.1.1", "data-list", List.of(
                data("1.1.1.2", "c", "1"), data("1.1.2.3", "i", "10"), data("1.1.2.4", "n", ""),
                data("1.1.2.5", "t", "20000"), data("1.1.2.6", "s", "{{ .Details }}"))),
                cpuEvent("here/cpu"));
        assertTrue(result.isDelivered(), result::toString);
        assertVarbinds(nextTrap().pdu(), new OID("1.1.1.1"), vb("1.1.1.2", new Counter64(1)),
                vb("1.1.2.3", new Integer32(10)), vb("1.1.2.4", Null.instance), vb("1.1.2.5", new TimeTicks(20000)),
                vb("1.1.2.6", new OctetString("here/cpu")));
    }

    @Test
    void typesKapacitorDocumentsButNeverImplemented() throws Exception {
        HandlerResult result = send(config(Map.of()), Map.of("trap-oid", ".1.3.6.1.4.1.99", "data-list", List.of(
                data("1.3.6.1.4.1.99.1", "a", "10.0.0.1"), data("1.3.6.1.4.1.99.2", "d", "1.2.255"),
                data("1.3.6.1.4.1.99.3", "o", "1.3.6.1.4.1.{{ index .Tags \"host\" | len }}"),
                data("1.3.6.1.4.1.99.4", "u", "4294967295"), data("1.3.6.1.4.1.99.5", "x", "0a ff 10"),
                data("1.3.6.1.4.1.99.6", "i", "4294967297"), data("1.3.6.1.4.1.99.7", "s", "{{ index .Tags \"host\" }}"))),
                cpuEvent(""));
        assertTrue(result.isDelivered(), result::toString);
        assertVarbinds(nextTrap().pdu(), new OID("1.3.6.1.4.1.99"),
                vb("1.3.6.1.4.1.99.1", new IpAddress("10.0.0.1")),
                vb("1.3.6.1.4.1.99.2", new OctetString(new byte[] {1, 2, (byte) 255})),
                vb("1.3.6.1.4.1.99.3", new OID("1.3.6.1.4.1.7")),
                vb("1.3.6.1.4.1.99.4", new Gauge32(4294967295L)),
                vb("1.3.6.1.4.1.99.5", new OctetString(new byte[] {0x0a, (byte) 0xff, 0x10})),
                vb("1.3.6.1.4.1.99.6", new Integer32(1)), // truncated to 32 bits, as Kapacitor's int32 conversion
                vb("1.3.6.1.4.1.99.7", new OctetString("serverA")));
    }

    @Test
    void valueThatDoesNotFitItsTypeIsPermanentAndSendsNothing() throws Exception {
        HandlerResult result = send(config(Map.of()), Map.of("trap-oid", "1.1.2", "data-list", List.of(
                data("1.1.2.1", "i", "{{ .Message }}"))), cpuEvent(""));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
        assertFalse(failed.retryable());
        assertEquals("invalid value \"message\" of type i for data entry \"1.1.2.1\": not a base-10 integer",
                failed.reason());
        assertEquals("invalid value \"300.1\" of type a for data entry \"1.9\": not an IPv4 address",
                ((HandlerResult.Failed) send(config(Map.of()), Map.of("trap-oid", "1.1.2", "data-list",
                        List.of(data("1.9", "a", "300.1"))), cpuEvent(""))).reason());
        // the next good trap is the first one the receiver sees
        assertTrue(send(config(Map.of()), Map.of("trap-oid", "1.1.3"), cpuEvent("")).isDelivered());
        assertVarbinds(nextTrap().pdu(), new OID("1.1.3"));
    }

    @Test
    void optionsAreCheckedWhenTheHandlerIsCreated() {
        assertEquals("snmptrap: you must supply a trap Oid", createError(Map.of()));
        assertEquals("snmptrap: invalid trap Oid \"1.x\"", createError(Map.of("trap-oid", "1.x")));
        assertEquals("snmptrap: invalid data Oid \"abc\"", createError(Map.of("trap-oid", "1.1",
                "data-list", List.of(data("abc", "s", "v")))));
        assertEquals("snmptrap: unsupported data type \"z\" for data entry \"1.1.1\"", createError(Map.of(
                "trap-oid", "1.1", "data-list", List.of(data("1.1.1", "z", "v")))));
        assertTrue(createError(Map.of("trap-oid", "1.1", "data-list", List.of(data("1.1.1", "s", "{{ .Message "))))
                .startsWith("snmptrap: invalid template for data entry \"1.1.1\": "));
    }

    private String createError(Map<String, Object> options) {
        SnmpTrapOptions bound = ConfigSchema.of(SnmpTrapOptions.class).bind(options);
        return assertThrows(ConfigException.class, () -> factory().create(bound, config(Map.of()), context))
                .getMessage();
    }

    @Test
    void disabledServiceSendsNothing() throws Exception {
        HandlerResult result = send(config(Map.of("enabled", false)), Map.of("trap-oid", "1.1.4"), cpuEvent(""));
        assertEquals(HandlerResult.permanent("service is not enabled"), result);
        assertTrue(send(config(Map.of()), Map.of("trap-oid", "1.1.5"), cpuEvent("")).isDelivered());
        assertVarbinds(nextTrap().pdu(), new OID("1.1.5"));
    }

    @Test
    void receiverStoppedAndBackReceivesTheNextTrap() throws Exception {
        ServiceConfig<SnmpTrapConfig> config = config(Map.of());
        SnmpTrapOptions options = ConfigSchema.of(SnmpTrapOptions.class).bind(Map.of("trap-oid", "1.1.6",
                "data-list", List.of(data("1.1.6.1", "s", "{{ .ID }}"))));
        try (Handler handler = factory().create(options, config, context)) {
            receiver.close();
            // UDP traps are unconfirmed: with no receiver the datagram is still sent, and lost.
            assertTrue(handler.handle(cpuEvent("")).toCompletableFuture().get(30, TimeUnit.SECONDS).isDelivered());
            receiver = startReceiverOn(port);
            assertTrue(handler.handle(cpuEvent("")).toCompletableFuture().get(30, TimeUnit.SECONDS).isDelivered());
            assertVarbinds(nextTrap().pdu(), new OID("1.1.6"), vb("1.1.6.1", new OctetString("kapacitor/cpu/serverA")));
        }
    }

    @Test
    void serviceTestSendsKapacitorsDefaultTrapUntemplated() throws Exception {
        @SuppressWarnings("unchecked")
        ServiceTest<Record> test = (ServiceTest<Record>) factory().serviceTest(config(Map.of()), context)
                .orElseThrow();
        Map<String, Object> defaults = test.optionsSchema().redactedValues(test.defaultOptions());
        assertEquals(Map.of("trap-oid", "1.1.1.1", "data-list", List.of(Map.of("oid", "1.1.1.1.2", "type", "s",
                "value", "test snmptrap message"))), defaults);
        Record options = test.optionsSchema().bind(Map.of("data-list", List.of(data("1.1.1.1.3", "s",
                "{{ .Message }}"))), test.optionsSchema().revealedValues(test.defaultOptions()));
        assertTrue(test.run(options).toCompletableFuture().get(30, TimeUnit.SECONDS).isDelivered());
        Trap trap = nextTrap();
        assertEquals("c0mmun1ty", trap.community());
        assertVarbinds(trap.pdu(), new OID("1.1.1.1"), vb("1.1.1.1.3", new OctetString("{{ .Message }}")));
        @SuppressWarnings("unchecked")
        ServiceTest<Record> disabled = (ServiceTest<Record>) factory().serviceTest(
                config(Map.of("enabled", false)), context).orElseThrow();
        assertEquals(HandlerResult.permanent("service is not enabled"),
                disabled.run(disabled.defaultOptions()).toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    @Test
    void configDefaultsAndValidation() {
        SnmpTrapConfig defaults = ServiceConfig.bind(factory(), List.of()).elements().get(0).config();
        assertEquals("localhost:162", defaults.addr());
        assertEquals("kapacitor", defaults.community().reveal());
        assertEquals(1, defaults.retries());
        assertFalse(defaults.enabled());
        assertEquals("snmptrap: must specify addr", assertThrows(ConfigException.class,
                () -> config(Map.of("addr", ""))).getMessage());
        assertEquals("snmptrap: invalid addr \"nohostport\": expected host:port", assertThrows(ConfigException.class,
                () -> config(Map.of("addr", "nohostport"))).getMessage());
        Map<String, Object> view = ConfigSchema.of(SnmpTrapConfig.class).redactedValues(config(Map.of()).require(""));
        assertEquals(Boolean.TRUE, view.get("community"));
        assertFalse(config(Map.of()).require("").toString().contains("c0mmun1ty"));
    }
}
