package dev.herald.handler.opsgenie;

import static dev.herald.core.testkit.ServiceTestRunner.run;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.testkit.SampleEvents;
import dev.herald.core.testkit.HandlerRunner;
import dev.herald.core.testkit.StubService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opsgenie v2: the spec's worked examples (section 9), recovery notes and close, targets, replies. */
class OpsGenie2RequestTest {
    private final OpsGenie2HandlerFactory factory = new OpsGenie2HandlerFactory();
    private final StubService og = new StubService(aResponse().withStatus(202)
            .withBody("{\"result\":\"Request will be processed\",\"took\":0.1,\"requestId\":\"43a29c5c\"}"));

    @AfterEach
    void stop() {
        og.close();
    }

    private ServiceConfig<OpsGenie2Config> config(Map<String, Object> keys) {
        return OpsGenieTestSupport.config(factory, og.url(), keys);
    }

    private HandlerResult send(ServiceConfig<OpsGenie2Config> config, Map<String, Object> options, AlertEvent event)
            throws Exception {
        return HandlerRunner.send(factory, config, options, event, HandlerContext.standalone());
    }

    @Test
    void criticalEventIsTheSpecsWorkedExampleWithTheTaskNameAsTaskName() throws Exception {
        HandlerResult r = send(config(Map.of()), Map.of("teams-list", List.of("A team", "B team"),
                "recipients-list", List.of("test_recipient1", "test_recipient2")), SampleEvents.critical());
        assertTrue(r.isDelivered(), r::toString);
        LoggedRequest request = og.only();
        assertEquals("/", request.getUrl());
        assertEquals("GenieKey api_key", request.getHeader("Authorization"));
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("{\"alias\":\"aWQ=\",\"description\":\"" + OpsGenieTestSupport.R_AS_STRING + "\",\"details\":"
                + "{\"Kapacitor Task Name\":\"testAlertHandlers\",\"Level\":\"CRITICAL\",\"Monitoring Tool\":"
                + "\"Kapacitor\"},\"entity\":\"id\",\"message\":\"message\",\"note\":\"\",\"priority\":\"P1\","
                + "\"responders\":[{\"name\":\"A team\",\"type\":\"team\"},{\"name\":\"B team\",\"type\":\"team\"},"
                + "{\"type\":\"user\",\"username\":\"test_recipient1\"},{\"type\":\"user\",\"username\":"
                + "\"test_recipient2\"}]}\n", request.getBodyAsString());
    }

    @Test
    void recoveryAddsANoteByAliasAndCloseClosesIt() throws Exception {
        AlertEvent cpu = SampleEvents.cpuCritical();
        AlertEvent ok = new AlertEvent(cpu.topic(), cpu.id(), "kapacitor/cpu/serverA is OK", "", cpu.time(),
                cpu.duration(), Level.OK, Level.CRITICAL, cpu.data());
        assertTrue(send(config(Map.of("url", og.url() + "/v2/alerts")), Map.of(), ok).isDelivered());
        LoggedRequest note = og.only();
        assertEquals("/v2/alerts/a2FwYWNpdG9yL2NwdS9zZXJ2ZXJB/notes?identifierType=alias", note.getUrl());
        assertEquals("{\"note\":\"kapacitor/cpu/serverA is OK\"}\n", note.getBodyAsString());
        og.server().resetRequests();
        assertTrue(send(config(Map.of("url", og.url() + "/v2/alerts")),
                Map.of("recovery_action", "close"), ok).isDelivered());
        assertEquals("/v2/alerts/a2FwYWNpdG9yL2NwdS9zZXJ2ZXJB/close?identifierType=alias", og.only().getUrl());
    }

    @Test
    void tagsGoIntoDetailsWarningIsP3AndTheDetailsOptionWorks() throws Exception {
        AlertEvent cpu = SampleEvents.cpuCritical();
        AlertEvent warn = new AlertEvent(cpu.topic(), cpu.id(), cpu.message(), "<b>high</b>", cpu.time(),
                cpu.duration(), Level.WARNING, Level.OK, cpu.data());
        assertTrue(send(config(Map.of()), Map.of("details", true), warn).isDelivered());
        String body = og.only().getBodyAsString();
        assertTrue(body.startsWith("{\"alias\":\"a2FwYWNpdG9yL2NwdS9zZXJ2ZXJB\",\"description\":"
                + "\"\\u003cb\\u003ehigh\\u003c/b\\u003e\",\"details\":{\"Kapacitor Task Name\":\"testStreamAlert\","
                + "\"Level\":\"WARNING\",\"Monitoring Tool\":\"Kapacitor\",\"host\":\"serverA\"},"), body);
        assertTrue(body.contains("\"priority\":\"P3\""), body);
    }

    @Test
    void targetsChooseTheEndpointWhenTheUrlIsTheDefault() {
        OpsGenie2Config c = new OpsGenie2Config(true, null, List.of(), List.of(), OpsGenie2Config.DEFAULT_URL,
                "notes", false, false, "jsm");
        assertEquals("https://api.atlassian.com/jsm/ops/integration/v2/alerts", c.endpoint());
        assertEquals("https://api.eu.opsgenie.com/v2/alerts", new OpsGenie2Config(true, null, List.of(), List.of(),
                OpsGenie2Config.DEFAULT_URL, "notes", false, false, "opsgenie-eu").endpoint());
        assertEquals("http://x/y", new OpsGenie2Config(true, null, List.of(), List.of(), "http://x/y", "notes",
                false, false, "jsm").endpoint());
    }

    @Test
    void onlyAcceptedIsSuccessAndErrorsSayOpsgenieError() throws Exception {
        og.answer(aResponse().withStatus(200).withBody("{}"));
        assertFalse(send(config(Map.of()), Map.of(), SampleEvents.critical()).isDelivered(),
                "Kapacitor accepts 202 only");
        og.answer(aResponse().withStatus(401).withBody("{\"message\":\"Could not authenticate\",\"took\":0.0}"));
        HandlerResult.Failed bad = assertInstanceOf(HandlerResult.Failed.class, send(
                config(Map.of("api-key", "s3cr3t-genie")), Map.of(), SampleEvents.critical()));
        assertFalse(bad.retryable());
        assertTrue(bad.reason().contains("opsgenie error: Could not authenticate"), bad.reason());
        assertFalse(bad.reason().contains("s3cr3t-genie"), bad.reason());
        og.answer(aResponse().withStatus(429).withHeader("Retry-After", "3"));
        assertTrue(assertInstanceOf(HandlerResult.Failed.class, send(config(Map.of()), Map.of(),
                SampleEvents.critical())).retryable());
    }

    @Test
    void serviceTestSendsKapacitorsDefaultBodyAndARecovery() throws Exception {
        var test = factory.serviceTest(config(Map.of()), HandlerContext.standalone()).orElseThrow();
        assertTrue(run(test, Map.of()).isDelivered());
        assertEquals("{\"alias\":\"dGVzdEVudGl0eUlE\",\"description\":\"{\\\"series\\\":null}\",\"details\":"
                + "{\"Level\":\"CRITICAL\",\"Monitoring Tool\":\"Kapacitor\"},\"entity\":\"testEntityID\","
                + "\"message\":\"test opsgenie message\",\"note\":\"\",\"priority\":\"P1\"}\n",
                og.only().getBodyAsString());
        og.server().resetRequests();
        assertTrue(run(test, Map.of("message-type", "RECOVERY", "recovery_action", "close"))
                .isDelivered());
        assertEquals("/dGVzdEVudGl0eUlE/close?identifierType=alias", og.only().getUrl());
    }
}
