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

/** PagerDuty v2: the spec's worked examples (section 11), recovery, links, replies and config rules. */
class PagerDuty2RequestTest {
    private static final String API = PagerDutyRequestTest.API;
    private static final String R = "{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
            + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]}";
    private final PagerDuty2HandlerFactory factory = new PagerDuty2HandlerFactory();
    private final HandlerContext context = HandlerContext.standalone().withApiUrl(API);
    private final StubService pagerduty = new StubService(aResponse().withStatus(202)
            .withBody("{\"status\":\"success\",\"message\":\"Event processed\","
                + "\"dedup_key\":\"id\"}"));

    @AfterEach
    void stop() {
        pagerduty.close();
    }

    private ServiceConfig<PagerDuty2Config> config(Map<String, Object> extra) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("enabled", true);
        keys.put("url", pagerduty.url() + "/v2/enqueue");
        keys.putAll(extra);
        return ServiceConfig.bind(factory, List.of(keys));
    }

    private HandlerResult send(ServiceConfig<PagerDuty2Config> config, Map<String, Object> options, AlertEvent event)
            throws Exception {
        return HandlerRunner.send(factory, config, options, event, context);
    }

    @Test
    void criticalEventWithTemplatedLinksIsTheSpecsWorkedExample() throws Exception {
        HandlerResult r = send(config(Map.of()), Map.of("routing-key", "rkey", "links", List.of(
                Map.of("href", "http://example.com", "text", "t1"),
                Map.of("href", "http://example.com/{{.TaskName}}", "text", "t2"))), SampleEvents.critical());
        assertTrue(r.isDelivered(), r::toString);
        LoggedRequest request = pagerduty.only();
        assertEquals("POST", request.getMethod().getName());
        assertEquals("/v2/enqueue", request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("application/vnd.pagerduty+json;version=2", request.getHeader("Accept"));
        assertEquals("{\"routing_key\":\"rkey\",\"event_action\":\"trigger\",\"dedup_key\":\"id\",\"payload\":"
                + "{\"summary\":\"message\",\"source\":\"unknown\",\"severity\":\"critical\",\"timestamp\":"
                + "\"1970-01-01T00:00:00.000000000Z\",\"class\":\"testAlertHandlers\",\"component\":\"\",\"group\":"
                + "\"\",\"custom_details\":{\"result\":" + R + "}},\"images\":null,\"links\":[{\"href\":"
                + "\"http://example.com\",\"text\":\"t1\"},{\"href\":\"http://example.com/testAlertHandlers\","
                + "\"text\":\"t2\"}],\"client\":\"kapacitor\",\"client_url\":\"" + API + "\"}\n",
                request.getBodyAsString());
    }

    @Test
    void recoveryResolvesWithTheHostAsSourceConfigKeyAndNoLinks() throws Exception {
        AlertEvent cpu = SampleEvents.cpuCritical();
        AlertEvent ok = new AlertEvent(cpu.topic(), cpu.id(), "kapacitor/cpu/serverA is OK", "", cpu.time(),
                cpu.duration(), Level.OK, Level.CRITICAL, cpu.data());
        assertTrue(send(config(Map.of("routing-key", "cfg-key")), Map.of(), ok).isDelivered());
        assertEquals("{\"routing_key\":\"cfg-key\",\"event_action\":\"resolve\",\"dedup_key\":"
                + "\"kapacitor/cpu/serverA\",\"payload\":{\"summary\":\"kapacitor/cpu/serverA is OK\",\"source\":"
                + "\"serverA\",\"severity\":\"info\",\"timestamp\":\"1971-01-01T00:00:10.000000000Z\",\"class\":"
                + "\"testStreamAlert\",\"component\":\"\",\"group\":\"\",\"custom_details\":{\"result\":"
                + "{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"serverA\"},\"columns\":[\"time\",\"count\"],"
                + "\"values\":[[\"1971-01-01T00:00:10Z\",10]]}]}}},\"images\":null,\"links\":null,\"client\":"
                + "\"kapacitor\",\"client_url\":\"" + API + "\"}\n", pagerduty.only().getBodyAsString());
    }

    @Test
    void serviceKeyIsAnAliasAndALinkWithoutTextShowsItsHref() throws Exception {
        assertTrue(send(config(Map.of("routing-key", "cfg")), Map.of("service-key", "alias-key", "links",
                List.of(Map.of("href", "http://example.com"))), SampleEvents.event(Level.WARNING, "w")).isDelivered());
        String body = pagerduty.only().getBodyAsString();
        assertTrue(body.startsWith("{\"routing_key\":\"alias-key\",\"event_action\":\"trigger\""), body);
        assertTrue(body.contains("\"severity\":\"warning\""), body);
        assertTrue(body.contains("\"links\":[{\"href\":\"http://example.com\",\"text\":\"http://example.com\"}]"),
                body);
    }

    @Test
    void badRequestIsPermanentInKapacitorsWordsAndThrottlingRetryable() throws Exception {
        pagerduty.answer(aResponse().withStatus(400).withBody("{\"status\":\"invalid event\",\"message\":"
                + "\"Event object is "
                + "invalid\",\"errors\":[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}"));
        HandlerResult.Failed bad = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("routing-key", "s3cr3t-routing-key")), Map.of(), SampleEvents.critical()));
        assertFalse(bad.retryable());
        assertTrue(bad.reason().contains("Status: invalid event, Message: Event object is invalid Errors: [Length "
                + "of 'routing_key' is incorrect (should be 32 characters)]"), bad.reason());
        assertFalse(bad.reason().contains("s3cr3t-routing-key"), bad.reason());
        pagerduty.answer(aResponse().withStatus(429).withHeader("Retry-After", "60"));
        HandlerResult.Failed throttled = assertInstanceOf(HandlerResult.Failed.class,
                send(config(Map.of("routing-key", "k")), Map.of(), SampleEvents.critical()));
        assertTrue(throttled.retryable());
        pagerduty.answer(aResponse().withStatus(200).withBody("{\"status\":\"success\"}"));
        assertTrue(send(config(Map.of("routing-key", "k")), Map.of(), SampleEvents.critical()).isDelivered(),
                "200 is success as well as 202");
    }

    @Test
    void serviceTestSendsKapacitorsDefaultsWithTheLinksVerbatim() throws Exception {
        ServiceTest<?> test = factory.serviceTest(config(Map.of("routing-key", "cfg-key")), context).orElseThrow();
        HandlerResult r = run(test, Map.of());
        assertTrue(r.isDelivered(), r::toString);
        assertEquals("{\"routing_key\":\"cfg-key\",\"event_action\":\"trigger\",\"dedup_key\":\"testAlertID\","
                + "\"payload\":{\"summary\":\"test pagerduty2 message\",\"source\":\"unknown\",\"severity\":"
                + "\"critical\",\"timestamp\":\"2014-11-12T11:45:26.371000000Z\",\"class\":\"\",\"component\":\"\","
                + "\"group\":\"\",\"custom_details\":{\"result\":{\"series\":null}}},\"images\":null,\"links\":"
                + "[{\"href\":\"https://example.com/a\",\"text\":\"a\"},{\"href\":\"https://example.com/b\",\"text\":"
                + "\"b\"}],\"client\":\"kapacitor\",\"client_url\":\"" + API + "\"}\n",
                pagerduty.only().getBodyAsString());
    }

    @Test
    void aBadLinkTemplateIsRefusedWhenTheHandlerIsCreated() {
        ConfigException e = assertThrows(ConfigException.class, () -> factory.create(factory.optionsSchema().bind(
                Map.of("links", List.of(Map.of("href", "{{ .Nope")))), config(Map.of()), context));
        assertTrue(e.getMessage().contains("invalid link template"), e.getMessage());
    }
}
