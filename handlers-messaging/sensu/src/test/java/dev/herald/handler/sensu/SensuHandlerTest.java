package dev.herald.handler.sensu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact check results of the spec's worked examples (section 13.6) on a real loopback socket. */
class SensuHandlerTest {
    private final SensuHandlerFactory factory = new SensuHandlerFactory();
    private SensuClientStub sensu;

    @BeforeEach
    void start() throws Exception {
        sensu = new SensuClientStub();
    }

    @AfterEach
    void stop() throws Exception {
        sensu.close();
    }

    private ServiceConfig<SensuConfig> config(Map<String, Object> extra) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("enabled", true);
        keys.put("addr", sensu.addr());
        keys.putAll(extra);
        return ServiceConfig.bind(factory, List.of(keys));
    }

    private HandlerResult send(ServiceConfig<SensuConfig> config, Map<String, Object> options, AlertEvent event,
            Duration timeout) throws Exception {
        try (Handler handler = factory.create(factory.optionsSchema().bind(options), config,
                HandlerContext.standalone().withRequestTimeout(timeout))) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
    }

    private HandlerResult send(ServiceConfig<SensuConfig> config, Map<String, Object> options, AlertEvent event)
            throws Exception {
        return send(config, options, event, HandlerContext.DEFAULT_REQUEST_TIMEOUT);
    }

    /** TestStream_AlertSensu's event. */
    private static AlertEvent cpu(Level level, String message) {
        SeriesRow row = new SeriesRow("cpu", Map.of("host", "serverA"), List.of("time", "count"),
                List.of(List.of(Instant.parse("1971-01-01T00:00:10Z"), 10L)));
        EventData data = new EventData("cpu", "TestStream_Alert", "", "host=serverA", Map.of("host", "serverA"),
                Map.of("count", 10L), true, List.of(row));
        return new AlertEvent("t", "kapacitor.cpu.serverA", message, "", Instant.parse("1971-01-01T00:00:10Z"),
                Duration.ZERO, level, Level.OK, data);
    }

    @Test
    void serverTestExampleIsWrittenExactly() throws Exception {
        HandlerResult result = send(config(Map.of("source", "Kapacitor")),
                Map.of("source", "Kapacitor", "metadata", Map.of("k1", "v1", "k2", "5")), SampleEvents.critical());
        assertTrue(result.isDelivered(), result::toString);
        assertEquals("{\"handlers\":null,\"k1\":\"v1\",\"k2\":\"5\",\"name\":\"id\",\"output\":\"message\","
                + "\"source\":\"Kapacitor\",\"status\":2}\n", sensu.nextLine());
    }

    @Test
    void streamExampleUsesConfigSourceAndHandlers() throws Exception {
        assertTrue(send(config(Map.of("handlers", List.of("pagerduty", "mail"))), Map.of(),
                cpu(Level.CRITICAL, "kapacitor.cpu.serverA is CRITICAL")).isDelivered());
        assertEquals("{\"handlers\":[\"pagerduty\",\"mail\"],\"name\":\"kapacitor.cpu.serverA\","
                + "\"output\":\"kapacitor.cpu.serverA is CRITICAL\",\"source\":\"Kapacitor\",\"status\":2}\n",
                sensu.nextLine());
    }

    @Test
    void optionsOverrideConfigAndSourceIsATemplate() throws Exception {
        assertTrue(send(config(Map.of("source", "cfg", "handlers", List.of("mail"))),
                Map.of("source", "{{ index .Tags \"host\" }}-{{ .Name }}", "handlers", List.of("slack"),
                        "metadata", Map.of("name", "dropped", "team", "ops")),
                cpu(Level.WARNING, "warn")).isDelivered());
        assertEquals("{\"handlers\":[\"slack\"],\"name\":\"kapacitor.cpu.serverA\",\"output\":\"warn\","
                + "\"source\":\"serverA-cpu\",\"status\":1,\"team\":\"ops\"}\n", sensu.nextLine());
    }

    @Test
    void recoveryIsStatusZeroAndAnEmptyRenderedSourceFallsBack() throws Exception {
        assertTrue(send(config(Map.of("source", "cfg")), Map.of("source", "{{ index .Tags \"missing\" }}"),
                cpu(Level.OK, "back to normal")).isDelivered());
        assertEquals("{\"handlers\":null,\"name\":\"kapacitor.cpu.serverA\",\"output\":\"back to normal\","
                + "\"source\":\"cfg\",\"status\":0}\n", sensu.nextLine());
    }

    @Test
    void levelsMapToSensuStatuses() {
        assertEquals(0, SensuCheck.status(Level.OK));
        assertEquals(0, SensuCheck.status(Level.INFO));
        assertEquals(1, SensuCheck.status(Level.WARNING));
        assertEquals(2, SensuCheck.status(Level.CRITICAL));
    }

    @Test
    void idThatSensuRejectsFailsPermanentlyWithoutConnecting() throws Exception {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of(), SampleEvents.cpuCritical()));
        assertEquals("invalid name \"kapacitor/cpu/serverA\" for sensu alert. Must match ^[\\w\\.-]+$",
                failed.reason());
        assertFalse(failed.retryable());
        assertEquals(0, sensu.pending());
    }

    @Test
    void aReplyOtherThanOkIsAPermanentSocketError() throws Exception {
        sensu.reply = "invalid";
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of(), SampleEvents.critical()));
        assertEquals("sensu socket error: invalid", failed.reason());
        assertFalse(failed.retryable());
        sensu.nextLine();
    }

    @Test
    void refusedConnectionIsRetryable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("addr", "127.0.0.1:" + closed)), Map.of(), SampleEvents.critical()));
        assertTrue(failed.retryable(), failed::toString);
        assertTrue(failed.reason().contains("connection refused"), failed.reason());
    }

    @Test
    void silentClientTimesOutRetryably() throws Exception {
        sensu.reply = null;
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of(), SampleEvents.critical(), Duration.ofMillis(300)));
        assertTrue(failed.retryable(), failed::toString);
        assertTrue(failed.reason().startsWith("timed out waiting for Sensu"), failed.reason());
    }

    @Test
    void disabledServiceFailsWithoutConnecting() throws Exception {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("enabled", false)), Map.of(), SampleEvents.critical()));
        assertEquals("service is not enabled", failed.reason());
        assertFalse(failed.retryable());
        assertEquals(0, sensu.pending());
    }

    @Test
    void serviceTestWritesKapacitorsDefaultsWithConfigHandlers() throws Exception {
        @SuppressWarnings("unchecked")
        ServiceTest<SensuHandlerFactory.TestOptions> test = (ServiceTest<SensuHandlerFactory.TestOptions>)
                factory.serviceTest(config(Map.of("handlers", List.of("h1"))), HandlerContext.standalone())
                        .orElseThrow();
        assertEquals(List.of("name", "source", "output", "handlers", "metadata", "level"),
                List.copyOf(test.optionsSchema().revealedValues(test.defaultOptions()).keySet()));
        assertTrue(test.run(test.defaultOptions()).toCompletableFuture().get(15, TimeUnit.SECONDS).isDelivered());
        assertEquals("{\"handlers\":[\"h1\"],\"name\":\"testName\",\"output\":\"testOutput\","
                + "\"source\":\"Kapacitor\",\"status\":2}\n", sensu.nextLine());
    }

    @Test
    void enabledWithoutAddressIsRejectedAndDefaultsAreKapacitors() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServiceConfig.bind(factory, List.of(Map.of("enabled", true))));
        assertTrue(e.getMessage().contains("must specify client address"), e.getMessage());
        assertEquals(new SensuConfig(false, "", "Kapacitor", List.of()), factory.configSchema().defaults());
        assertEquals(List.of("enabled", "addr", "source", "handlers"),
                factory.configSchema().keys().stream().map(k -> k.name()).toList());
        assertEquals(List.of("source", "handlers", "metadata"),
                factory.optionsSchema().keys().stream().map(k -> k.property().orElseThrow()).toList());
    }

    @Test
    void badSourceTemplateIsRejectedWhenTheHandlerIsCreated() {
        assertThrows(ConfigException.class, () -> factory.create(
                factory.optionsSchema().bind(Map.of("source", "{{ .Name")), config(Map.of()),
                HandlerContext.standalone()));
    }
}
