package dev.herald.handler.opsgenie;

import static dev.herald.core.testkit.ServiceTestRunner.run;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.config.ConfigException;
import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.testkit.SampleEvents;
import dev.herald.core.testkit.HandlerRunner;
import dev.herald.core.testkit.StubService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opsgenie v1: the spec's worked example (section 8), recovery, fallbacks, replies and config rules. */
class OpsGenieRequestTest {
    private final OpsGenieHandlerFactory factory = new OpsGenieHandlerFactory();
    private final StubService og = new StubService(aResponse().withStatus(200)
            .withBody("{\"status\":\"successful\",\"code\":200}"));

    @AfterEach
    void stop() {
        og.close();
    }

    private ServiceConfig<OpsGenieConfig> config(Map<String, Object> keys) {
        Map<String, Object> all = new java.util.HashMap<>(keys);
        all.putIfAbsent("recovery_url", og.url() + "/note");
        return OpsGenieTestSupport.config(factory, og.url(), all);
    }

    private HandlerResult send(ServiceConfig<OpsGenieConfig> config, Map<String, Object> options, AlertEvent event)
            throws Exception {
        return HandlerRunner.send(factory, config, options, event, HandlerContext.standalone());
    }

    @Test
    void criticalEventIsTheSpecsWorkedExample() throws Exception {
        HandlerResult r = send(config(Map.of()), Map.of("teams-list", List.of("A team", "B team"),
                "recipients-list", List.of("test_recipient1", "test_recipient2")), SampleEvents.critical());
        assertTrue(r.isDelivered(), r::toString);
        LoggedRequest request = og.only();
        assertEquals("POST", request.getMethod().getName());
        assertEquals("/", request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("{\"alias\":\"id\",\"apiKey\":\"api_key\",\"description\":\"" + OpsGenieTestSupport.R_AS_STRING
                + "\",\"details\":{\"Level\":\"CRITICAL\",\"Monitoring Tool\":\"Kapacitor\"},\"entity\":\"id\","
                + "\"message\":\"message\",\"monitoring_tool\":\"kapacitor\",\"note\":\"\",\"recipients\":"
                + "[\"test_recipient1\",\"test_recipient2\"],\"teams\":[\"A team\",\"B team\"]}\n",
                request.getBodyAsString());
    }

    @Test
    void recoveryIsANoteAtTheRecoveryUrlWithTheConfigTeams() throws Exception {
        assertTrue(send(config(Map.of("teams", List.of("ops"))), Map.of(),
                SampleEvents.event(Level.OK, "all good")).isDelivered());
        LoggedRequest request = og.only();
        assertEquals("/note/", request.getUrl());
        assertEquals("{\"alias\":\"id\",\"apiKey\":\"api_key\",\"description\":\"" + OpsGenieTestSupport.R_AS_STRING
                + "\",\"details\":{\"Level\":\"RECOVERY\",\"Monitoring Tool\":\"Kapacitor\"},\"entity\":\"id\","
                + "\"message\":\"all good\",\"monitoring_tool\":\"kapacitor\",\"note\":\"all good\",\"teams\":"
                + "[\"ops\"]}\n", request.getBodyAsString());
    }

    @Test
    void errorsArePermanentWithOpsgeniesMessageOrRetryableAndNeverShowTheKey() throws Exception {
        og.answer(aResponse().withStatus(422).withBody("{\"message\":\"Key format is not valid!\"}"));
        HandlerResult.Failed bad = assertInstanceOf(HandlerResult.Failed.class, send(
                config(Map.of("api-key", "s3cr3t-og-key")), Map.of(), SampleEvents.critical()));
        assertFalse(bad.retryable());
        assertTrue(bad.reason().contains("Key format is not valid!"), bad.reason());
        assertFalse(bad.reason().contains("s3cr3t-og-key"), bad.reason());
        og.answer(aResponse().withStatus(500));
        assertTrue(assertInstanceOf(HandlerResult.Failed.class, send(config(Map.of()), Map.of(),
                SampleEvents.critical())).retryable());
    }

    @Test
    void serviceTestSendsKapacitorsDefaults() throws Exception {
        var test = factory.serviceTest(config(Map.of("recipients", List.of("me"))), HandlerContext.standalone())
                .orElseThrow();
        assertTrue(run(test, Map.of()).isDelivered());
        assertEquals("{\"alias\":\"testEntityID\",\"apiKey\":\"api_key\",\"description\":\"{\\\"series\\\":null}\","
                + "\"details\":{\"Level\":\"CRITICAL\",\"Monitoring Tool\":\"Kapacitor\"},\"entity\":"
                + "\"testEntityID\",\"message\":\"test opsgenie message\",\"monitoring_tool\":\"kapacitor\","
                + "\"note\":\"\",\"recipients\":[\"me\"]}\n", og.only().getBodyAsString());
    }

    @Test
    void kapacitorsConfigRules() {
        ConfigException noKey = assertThrows(ConfigException.class, () -> ServiceConfig.bind(factory,
                List.of(Map.of("enabled", true))));
        assertTrue(noKey.getMessage().contains("api-key cannot be empty"), noKey.getMessage());
        ConfigException noRecovery = assertThrows(ConfigException.class, () -> ServiceConfig.bind(factory,
                List.of(Map.of("recovery_url", ""))));
        assertTrue(noRecovery.getMessage().contains("recovery_url cannot be empty"), noRecovery.getMessage());
    }
}
