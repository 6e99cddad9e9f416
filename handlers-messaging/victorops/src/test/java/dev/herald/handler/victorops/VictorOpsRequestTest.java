package dev.herald.handler.victorops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests of the spec's worked examples (section 12), fallbacks, replies and config rules. */
class VictorOpsRequestTest {
    private static final String R = "{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
            + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]}";
    private static final String R_AS_STRING = "{\\\"series\\\":[{\\\"name\\\":\\\"alert\\\",\\\"columns\\\":"
            + "[\\\"time\\\",\\\"value\\\"],\\\"values\\\":[[\\\"1970-01-01T00:00:00Z\\\",1]]}]}";

    private final VictorOpsHandlerFactory factory = new VictorOpsHandlerFactory();
    private WireMockServer victorops;

    @BeforeEach
    void start() {
        victorops = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        victorops.start();
        answer(aResponse().withStatus(200).withBody("{\"result\":\"success\",\"entity_id\":\"id\"}"));
    }

    @AfterEach
    void stop() {
        victorops.stop();
    }

    private void answer(ResponseDefinitionBuilder response) {
        victorops.resetMappings();
        victorops.stubFor(any(anyUrl()).willReturn(response));
    }

    private String url() {
        return "http://127.0.0.1:" + victorops.port();
    }

    private ServiceConfig<VictorOpsConfig> config(Map<String, Object> extra) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("enabled", true);
        keys.put("url", url());
        keys.put("api-key", "api_key");
        keys.putAll(extra);
        return ServiceConfig.bind(factory, List.of(keys));
    }

    private HandlerResult send(ServiceConfig<VictorOpsConfig> config, Map<String, Object> options,
            AlertEvent event) throws Exception {
        try (Handler handler = factory.create(factory.optionsSchema().bind(options), config,
                HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
    }

    private LoggedRequest only() {
        List<LoggedRequest> all = victorops.findAll(anyRequestedFor(anyUrl()));
        assertEquals(1, all.size(), all::toString);
        return all.get(0);
    }

    @Test
    void criticalEventIsKapacitorsServerTestRequest() throws Exception {
        HandlerResult result = send(config(Map.of()), Map.of("routing-key", "key"), SampleEvents.critical());
        assertTrue(result.isDelivered(), result::toString);
        LoggedRequest request = only();
        assertEquals("POST", request.getMethod().getName());
        assertEquals("/api_key/key", request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("{\"data\":\"" + R_AS_STRING + "\",\"entity_id\":\"id\",\"message_type\":\"CRITICAL\","
                + "\"monitoring_tool\":\"kapacitor\",\"state_message\":\"message\",\"timestamp\":0}\n",
                request.getBodyAsString());
    }

    @Test
    void recoveryIsSentAsRecoveryWithTheConfigRoutingKey() throws Exception {
        AlertEvent ok = SampleEvents.event(Level.OK, "all good");
        assertTrue(send(config(Map.of("routing-key", "fallback")), Map.of(), ok).isDelivered());
        LoggedRequest request = only();
        assertEquals("/api_key/fallback", request.getUrl());
        assertEquals("{\"data\":\"" + R_AS_STRING + "\",\"entity_id\":\"id\",\"message_type\":\"RECOVERY\","
                + "\"monitoring_tool\":\"kapacitor\",\"state_message\":\"all good\",\"timestamp\":0}\n",
                request.getBodyAsString());
    }

    @Test
    void optionRoutingKeyOverridesConfigAndJsonDataEmbedsTheResult() throws Exception {
        AlertEvent cpu = SampleEvents.cpuCritical();
        assertTrue(send(config(Map.of("routing-key", "fallback", "json-data", true)),
                Map.of("routing-key", "db"), cpu).isDelivered());
        LoggedRequest request = only();
        assertEquals("/api_key/db", request.getUrl());
        assertEquals("{\"data\":{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"serverA\"},"
                + "\"columns\":[\"time\",\"count\"],\"values\":[[\"1971-01-01T00:00:10Z\",10]]}]},"
                + "\"entity_id\":\"kapacitor/cpu/serverA\",\"message_type\":\"CRITICAL\","
                + "\"monitoring_tool\":\"kapacitor\",\"state_message\":\"kapacitor/cpu/serverA is CRITICAL\","
                + "\"timestamp\":31536010}\n", request.getBodyAsString());
    }

    @Test
    void keysAreJoinedOntoTheUrlPathAndAnEmptyRoutingKeyDisappears() throws Exception {
        assertTrue(send(config(Map.of("url", url() + "/integrations/generic/20131114/alert/")), Map.of(),
                SampleEvents.event(Level.WARNING, "warn")).isDelivered());
        assertEquals("/integrations/generic/20131114/alert/api_key", only().getUrl());
    }

    @Test
    void notFoundSaysUrlOrApiKeyAndIsPermanent() throws Exception {
        answer(aResponse().withStatus(404).withBody("nope"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of("routing-key", "key"), SampleEvents.critical()));
        assertEquals("URL or API key not found: 404", failed.reason());
        assertFalse(failed.retryable());
    }

    @Test
    void badRequestReasonIsVictorOpsMessageAndPermanent() throws Exception {
        answer(aResponse().withStatus(400).withBody("{\"result\":\"failure\",\"message\":\"Missing fields: "
                + "message_type\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of(), SampleEvents.critical()));
        assertEquals("Missing fields: message_type", failed.reason());
        assertFalse(failed.retryable());
        assertFalse(failed.reason().contains("api_key"));
    }

    @Test
    void serviceUnavailableIsRetryableWithVictorOpsMessage() throws Exception {
        answer(aResponse().withStatus(503).withHeader("Retry-After", "30")
                .withBody("{\"result\":\"failure\",\"message\":\"try later\"}"));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of(), SampleEvents.critical()));
        assertEquals("try later", failed.reason());
        assertTrue(failed.retryable());
        assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(30)), failed.retryAfter());
    }

    @Test
    void serviceTestSendsKapacitorsDefaultsAtNow() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        HandlerContext context = new HandlerContext(HandlerContext.standalone().httpClient(), clock,
                System.getLogger("test"), HandlerContext.DEFAULT_REQUEST_TIMEOUT,
                dev.herald.core.topic.EventPublisher.none());
        @SuppressWarnings("unchecked")
        ServiceTest<VictorOpsHandlerFactory.TestOptions> test = (ServiceTest<VictorOpsHandlerFactory.TestOptions>)
                factory.serviceTest(config(Map.of("routing-key", "cfg")), context).orElseThrow();
        assertEquals(new VictorOpsHandlerFactory.TestOptions("cfg", "CRITICAL", "test victorops message",
                "testEntityID"), test.defaultOptions());
        Map<String, Object> listed = test.optionsSchema().revealedValues(test.defaultOptions());
        assertEquals(List.of("routingKey", "messageType", "message", "entityID"), List.copyOf(listed.keySet()));
        assertTrue(test.run(test.defaultOptions()).toCompletableFuture().get(15, TimeUnit.SECONDS).isDelivered());
        LoggedRequest request = only();
        assertEquals("/api_key/cfg", request.getUrl());
        assertEquals("{\"data\":\"{\\\"series\\\":null}\",\"entity_id\":\"testEntityID\","
                + "\"message_type\":\"CRITICAL\",\"monitoring_tool\":\"kapacitor\","
                + "\"state_message\":\"test victorops message\",\"timestamp\":1700000000}\n",
                request.getBodyAsString());
    }

    @Test
    void disabledServiceFailsWithoutARequest() throws Exception {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("enabled", false)), Map.of(), SampleEvents.critical()));
        assertEquals("service is not enabled", failed.reason());
        assertEquals(0, victorops.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void defaultsAreKapacitors() {
        VictorOpsConfig defaults = factory.configSchema().defaults();
        assertEquals(new VictorOpsConfig(false, dev.herald.core.config.Secret.EMPTY, "",
                "https://alert.victorops.com/integrations/generic/20131114/alert", false, false), defaults);
        assertEquals(List.of("enabled", "api-key", "routing-key", "url", "global", "json-data"),
                factory.configSchema().keys().stream().map(k -> k.name()).toList());
        assertEquals("routingKey", factory.optionsSchema().key("routing-key").orElseThrow().property().orElseThrow());
        assertEquals("victorOps", factory.tickName());
    }

    @Test
    void emptyOrBadUrlIsRejectedEvenWhenDisabled() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServiceConfig.bind(factory, List.of(Map.of("url", ""))));
        assertTrue(e.getMessage().contains("url cannot be empty"), e.getMessage());
        ConfigException bad = assertThrows(ConfigException.class,
                () -> ServiceConfig.bind(factory, List.of(Map.of("url", "ftp://host/x"))));
        assertTrue(bad.getMessage().contains("invalid URL \"ftp://host/x\""), bad.getMessage());
    }
}
