package dev.herald.handler.pagerduty;

import static dev.herald.core.testkit.ServiceTestRunner.run;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import dev.herald.core.testkit.HandlerRunner;
import dev.herald.core.testkit.StubService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PagerDuty v1: the spec's worked example (section 10), recovery, fallbacks, INFO, replies and config rules. */
class PagerDutyRequestTest {
    static final String API = "http://127.0.0.1:9092/kapacitor/v1";
    private final PagerDutyHandlerFactory factory = new PagerDutyHandlerFactory();
    private final HandlerContext context = HandlerContext.standalone().withApiUrl(API);
    private final StubService pagerduty = new StubService(aResponse().withStatus(200)
            .withBody("{\"status\":\"success\",\"message\":\"Event processed\","
                + "\"incident_key\":\"id\"}"));

    @AfterEach
    void stop() {
        pagerduty.close();
    }

    private ServiceConfig<PagerDutyConfig> config(Map<String, Object> extra) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("enabled", true);
        keys.put("url", pagerduty.url() + "/generic/2010-04-15/create_event.json");
        keys.putAll(extra);
        return ServiceConfig.bind(factory, List.of(keys));
    }

    private HandlerResult send(ServiceConfig<PagerDutyConfig> config, Map<String, Object> options, AlertEvent event)
            throws Exception {
        return HandlerRunner.send(factory, config, options, event, context);
    }

    @Test
    void criticalEventIsTheSpecsWorkedExample() throws Exception {
        HandlerResult r = send(config(Map.of()), Map.of("service-key", "service_key"), SampleEvents.critical());
        assertTrue(r.isDelivered(), r::toString);
        LoggedRequest request = pagerduty.only();
        assertEquals("POST", request.getMethod().getName());
        assertEquals("/generic/2010-04-15/create_event.json", request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("{\"client\":\"kapacitor\",\"client_url\":\"" + API + "\",\"description\":\"message\","
                + "\"details\":\"details\",\"event_type\":\"trigger\",\"incident_key\":\"id\","
                + "\"service_key\":\"service_key\"}\n", request.getBodyAsString());
    }

    @Test
    void recoveryResolvesTheIncidentWithTheConfigServiceKey() throws Exception {
        assertTrue(send(config(Map.of("service-key", "cfg-key")), Map.of(),
                SampleEvents.event(Level.OK, "all good")).isDelivered());
        assertEquals("{\"client\":\"kapacitor\",\"client_url\":\"" + API + "\",\"description\":\"all good\","
                + "\"details\":\"details\",\"event_type\":\"resolve\",\"incident_key\":\"id\","
                + "\"service_key\":\"cfg-key\"}\n", pagerduty.only().getBodyAsString());
    }

    @Test
    void infoEventsAreNotSentAsInKapacitor() throws Exception {
        assertTrue(send(config(Map.of("service-key", "k")), Map.of(), SampleEvents.event(Level.INFO, "fyi"))
                .isDelivered());
        assertEquals(List.of(), pagerduty.requests());
    }

    @Test
    void noServiceKeyAnywhereIsAClearPermanentFailureWithoutARequest() throws Exception {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of()), Map.of(), SampleEvents.critical()));
        assertFalse(failed.retryable());
        assertTrue(failed.reason().contains("no service key"), failed.reason());
        assertEquals(List.of(), pagerduty.requests());
    }

    @Test
    void badRequestIsPermanentWithPagerDutysMessageAndServerErrorsRetryable() throws Exception {
        pagerduty.answer(aResponse().withStatus(400).withBody("{\"status\":\"invalid event\",\"message\":"
                + "\"Event object is "
                + "invalid\",\"errors\":[\"Service key is the wrong length (should be 32 characters)\"]}"));
        HandlerResult.Failed bad = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("service-key", "s3cr3t-service-key")), Map.of(), SampleEvents.critical()));
        assertFalse(bad.retryable());
        assertTrue(bad.reason().contains("Event object is invalid"), bad.reason());
        assertFalse(bad.reason().contains("s3cr3t-service-key"), bad.reason());
        pagerduty.answer(aResponse().withStatus(503).withHeader("Retry-After", "7"));
        HandlerResult.Failed down = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("service-key", "k")), Map.of(), SampleEvents.critical()));
        assertTrue(down.retryable());
        assertEquals(java.time.Duration.ofSeconds(7), down.retryAfter().orElseThrow());
        pagerduty.answer(aResponse().withStatus(429));
        assertTrue(assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("service-key", "k")), Map.of(), SampleEvents.critical())).retryable());
    }

    @Test
    void serviceTestSendsKapacitorsDefaults() throws Exception {
        ServiceTest<?> test = factory.serviceTest(config(Map.of("service-key", "cfg-key")), context).orElseThrow();
        HandlerResult r = run(test, Map.of());
        assertTrue(r.isDelivered(), r::toString);
        assertEquals("{\"client\":\"kapacitor\",\"client_url\":\"" + API + "\",\"description\":\"test pagerduty "
                + "message\",\"details\":\"\",\"event_type\":\"trigger\",\"incident_key\":\"testIncidentKey\","
                + "\"service_key\":\"cfg-key\"}\n", pagerduty.only().getBodyAsString());
    }

    @Test
    void urlIsCheckedEvenWhenDisabledAndTheKeyIsRedacted() {
        ConfigException empty = assertThrows(ConfigException.class, () -> ServiceConfig.bind(factory,
                List.of(Map.of("enabled", false, "url", ""))));
        assertTrue(empty.getMessage().contains("url cannot be empty"), empty.getMessage());
        assertThrows(ConfigException.class, () -> ServiceConfig.bind(factory,
                List.of(Map.of("url", "not a url"))));
        String shown = config(Map.of("service-key", "s3cr3t-service-key")).require("").toString();
        assertFalse(shown.contains("s3cr3t-service-key"), shown);
    }
}
