package dev.herald.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.HeraldServer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * The snmptrap handler through the server's HTTP API against a real SNMP4J trap receiver on loopback UDP: a
 * TICKscript {@code .snmpTrap().data()} chain and an {@code snmptrap} topic handler send Kapacitor's trap, the
 * config API redacts the community, the {@code snmptrap} service test sends, and {@code /kapacitor/v1/handlers}
 * lists the kind.
 */
class SnmpTrapEndToEndTest {
    private static final String COMMUNITY = "e2e-c0mmunity";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One received trap. */
    record Trap(String community, PDU pdu) {
    }

    private static final BlockingQueue<Trap> TRAPS = new LinkedBlockingQueue<>();

    @TempDir
    static Path dir;
    private static Snmp receiver;
    private static HeraldServer server;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        receiver = new Snmp(new DefaultUdpTransportMapping(new UdpAddress("127.0.0.1/" + port)));
        receiver.addCommandResponder(new CommandResponder() {
            @Override
            public <A extends Address> void processPdu(CommandResponderEvent<A> event) {
                TRAPS.add(new Trap(new String(event.getSecurityName(), StandardCharsets.UTF_8), event.getPDU()));
                event.setProcessed(true);
            }
        });
        receiver.listen();
        Path config = dir.resolve("herald.conf");
        Files.writeString(config, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[plugins]\n  dir = \"" + dir.resolve("plugins") + "\"\n"
                + "[alert]\n  shutdown-grace = \"2s\"\n"
                + "[http]\n  bind-address = \"127.0.0.1:0\"\n"
                + "[snmptrap]\n  enabled = true\n  addr = \"127.0.0.1:" + port + "\"\n"
                + "  community = \"" + COMMUNITY + "\"\n  retries = 3\n");
        server = HeraldServer.start(Optional.of(config), Map.of(), false);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        receiver.close();
    }

    @BeforeEach
    void drain() {
        TRAPS.clear();
    }

    private static HttpResponse<String> send(String method, String path, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body, "application/json");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static void write(String lines) throws Exception {
        HttpResponse<String> r = send("POST", "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s", lines,
                "text/plain");
        assertEquals(204, r.statusCode(), r.body());
    }

    private static void defineTask(String id, String script) throws Exception {
        JsonNode task = ok("POST", "/kapacitor/v1/tasks", JSON.writeValueAsString(Map.of("id", id, "type", "stream",
                "dbrps", List.of(Map.of("db", "telegraf", "rp", "autogen")), "script", script,
                "status", "enabled")));
        assertTrue(task.path("executing").asBoolean(), task.toString());
    }

    private static Trap nextTrap() throws InterruptedException {
        Trap trap = TRAPS.poll(20, TimeUnit.SECONDS);
        assertNotNull(trap, "no trap within 20s");
        return trap;
    }

    private static void assertTrap(Trap trap, String trapOid, VariableBinding... data) {
        assertEquals(COMMUNITY, trap.community());
        assertEquals(PDU.TRAP, trap.pdu().getType());
        List<? extends VariableBinding> got = trap.pdu().getVariableBindings();
        assertEquals(2 + data.length, got.size(), got::toString);
        assertEquals(new VariableBinding(new OID("1.3.6.1.2.1.1.3.0"), new TimeTicks(1000)), got.get(0));
        assertEquals(new VariableBinding(new OID("1.3.6.1.6.3.1.1.4.1.0"), new OID(trapOid)), got.get(1));
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], got.get(2 + i));
            assertEquals(data[i].getVariable().getClass(), got.get(2 + i).getVariable().getClass());
        }
    }

    @Test
    void tickScriptSnmpTrapChainSendsTheTrap() throws Exception {
        defineTask("trap_alert", "stream\n    |from()\n        .measurement('trap_cpu')\n    |alert()\n"
                + "        .id('{{ .Name }}:{{ index .Tags \"host\" }}')\n        .message('{{ .ID }} is {{ .Level }}')\n"
                + "        .crit(lambda: \"value\" > 5)\n"
                + "        .snmpTrap('1.3.6.1.4.1.1')\n"
                + "            .data('1.3.6.1.4.1.1.1', 's', '{{ .Message }}')\n"
                + "            .data('1.3.6.1.4.1.1.2', 'i', '{{ index .Fields \"value\" }}')\n");
        write("trap_cpu,host=serverA value=10i 10");
        assertTrap(nextTrap(), "1.3.6.1.4.1.1",
                new VariableBinding(new OID("1.3.6.1.4.1.1.1"), new OctetString("trap_cpu:serverA is CRITICAL")),
                new VariableBinding(new OID("1.3.6.1.4.1.1.2"), new Integer32(10)));
    }

    @Test
    void topicHandlerOfKindSnmptrapSendsTheTrap() throws Exception {
        defineTask("trap_topic", "stream\n    |from()\n        .measurement('trap_mem')\n    |alert()\n"
                + "        .id('id')\n        .message('message')\n        .crit(lambda: TRUE)\n"
                + "        .topic('traptopic')\n");
        JsonNode handler = ok("POST", "/kapacitor/v1/alerts/topics/traptopic/handlers",
                "{\"id\":\"trapper\",\"kind\":\"snmptrap\",\"options\":{\"trap-oid\":\"1.1.2\",\"data-list\":["
                        + "{\"oid\":\"1.1.2.1\",\"type\":\"s\",\"value\":\"{{.Message}}\"},"
                        + "{\"oid\":\"1.1.2.2\",\"type\":\"s\",\"value\":\"{{.Level}}\"}]}}");
        assertEquals("snmptrap", handler.path("kind").asText());
        write("trap_mem value=1 20");
        assertTrap(nextTrap(), "1.1.2", new VariableBinding(new OID("1.1.2.1"), new OctetString("message")),
                new VariableBinding(new OID("1.1.2.2"), new OctetString("CRITICAL")));
    }

    @Test
    void configApiRedactsTheCommunity() throws Exception {
        HttpResponse<String> r = send("GET", "/kapacitor/v1/config/snmptrap", null, null);
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains(COMMUNITY), r.body());
        JsonNode element = JSON.readTree(r.body()).path("elements").get(0);
        assertTrue(element.path("options").path("community").asBoolean());
        assertEquals(3, element.path("options").path("retries").asInt());
        assertEquals("[\"community\"]", element.path("redacted").toString());
    }

    @Test
    void serviceTestSendsTheTestTrap() throws Exception {
        JsonNode defaults = ok("GET", "/kapacitor/v1/service-tests/snmptrap", null);
        assertEquals("{\"trap-oid\":\"1.1.1.1\",\"data-list\":[{\"oid\":\"1.1.1.1.2\",\"type\":\"s\","
                + "\"value\":\"test snmptrap message\"}]}", defaults.path("options").toString());
        JsonNode result = ok("POST", "/kapacitor/v1/service-tests/snmptrap", "{}");
        assertEquals("{\"success\":true,\"message\":\"\"}", result.toString());
        assertTrap(nextTrap(), "1.1.1.1",
                new VariableBinding(new OID("1.1.1.1.2"), new OctetString("test snmptrap message")));
    }

    @Test
    void handlersEndpointListsTheKind() throws Exception {
        JsonNode body = ok("GET", "/kapacitor/v1/handlers", null);
        JsonNode snmp = null;
        for (JsonNode h : body.path("handlers")) {
            if (h.path("kind").asText().equals("snmptrap")) {
                snmp = h;
            }
        }
        assertTrue(snmp != null, body.toString());
        assertEquals("snmpTrap", snmp.path("tickName").asText());
        assertTrue(snmp.path("config").path("properties").path("community").path("writeOnly").asBoolean());
    }
}
