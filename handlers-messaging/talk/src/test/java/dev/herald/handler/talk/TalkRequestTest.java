package dev.herald.handler.talk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.config.ConfigException;
import dev.herald.core.config.NoConfig;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exact requests of spec section 6 (Kapacitor's Talk service), sent to WireMock on loopback. */
class TalkRequestTest {
    @RegisterExtension
    static WireMockExtension talk = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final TalkHandlerFactory FACTORY = new TalkHandlerFactory();
    private static final String UUID = "hookS3cretUuid";

    private static String url(String path) {
        return "http://127.0.0.1:" + talk.getPort() + path;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        talk.stubFor(any(anyUrl()).willReturn(response));
    }

    private static ServiceConfig<TalkConfig> bind(Object... keyValues) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ServiceConfig.bind(FACTORY, List.of(raw));
    }

    private static HandlerResult deliver(ServiceConfig<TalkConfig> config, AlertEvent event) {
        try (Handler handler = FACTORY.create(new NoConfig(), config, HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not complete: " + e, e);
        }
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = talk.findAll(postRequestedFor(anyUrl()));
        assertEquals(1, all.size(), "requests received");
        return all.get(0);
    }

    @Test
    void serverTestTopicHandler() {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(bind("enabled", true, "url", url("/"), "author_name", "Kapacitor"),
                SampleEvents.critical()).isDelivered());
        talk.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo("{\"authorName\":\"Kapacitor\",\"text\":\"message\",\"title\":\"id\"}\n")));
        assertEquals(1, talk.getAllServeEvents().size());
    }

    @Test
    void streamerTestAndRecovery() {
        answer(aResponse().withStatus(200));
        ServiceConfig<TalkConfig> config = bind("enabled", true, "url", url("/v2/services/webhook/" + UUID),
                "author_name", "Kapacitor");
        AlertEvent critical = SampleEvents.cpuCritical();
        AlertEvent ok = new AlertEvent(critical.topic(), critical.id(), "kapacitor/cpu/serverA is OK <&>", "",
                critical.time(), critical.duration(), Level.OK, Level.CRITICAL, critical.data());

        assertTrue(deliver(config, critical).isDelivered());
        assertTrue(deliver(config, ok).isDelivered());

        List<LoggedRequest> all = talk.findAll(postRequestedFor(urlEqualTo("/v2/services/webhook/" + UUID)));
        assertEquals(2, all.size());
        assertEquals("{\"authorName\":\"Kapacitor\",\"text\":\"kapacitor/cpu/serverA is CRITICAL\","
                + "\"title\":\"kapacitor/cpu/serverA\"}\n", all.get(0).getBodyAsString());
        assertEquals("{\"authorName\":\"Kapacitor\",\"text\":\"kapacitor/cpu/serverA is OK \\u003c\\u0026\\u003e\","
                + "\"title\":\"kapacitor/cpu/serverA\"}\n", all.get(1).getBodyAsString());
    }

    @Test
    void unsetAuthorNameIsAnEmptyString() {
        answer(aResponse().withStatus(200));
        assertTrue(deliver(bind("enabled", true, "url", url("/h")), SampleEvents.critical()).isDelivered());
        assertEquals("{\"authorName\":\"\",\"text\":\"message\",\"title\":\"id\"}\n", onlyRequest().getBodyAsString());
    }

    @Test
    void failuresReadTheJsonErrorAndKeepTheUrlSecret() {
        ServiceConfig<TalkConfig> config = bind("enabled", true, "url", url("/v2/services/webhook/" + UUID));
        answer(aResponse().withStatus(400).withBody("{\"error\":\"invalid webhook\"}"));
        HandlerResult.Failed bad = assertInstanceOf(HandlerResult.Failed.class, deliver(config,
                SampleEvents.critical()));
        assertEquals("invalid webhook", bad.reason());
        assertFalse(bad.retryable());

        talk.resetAll();
        answer(aResponse().withStatus(503).withBody("down"));
        HandlerResult.Failed down = assertInstanceOf(HandlerResult.Failed.class, deliver(config,
                SampleEvents.critical()));
        assertEquals("failed to understand Talk response. code: 503 content: down", down.reason());
        assertTrue(down.retryable());

        talk.resetAll();
        answer(aResponse().withStatus(204));
        HandlerResult.Failed noContent = assertInstanceOf(HandlerResult.Failed.class, deliver(config,
                SampleEvents.critical()));
        assertEquals("failed to understand Talk response. code: 204 content: ", noContent.reason());
        assertFalse(noContent.reason().contains(UUID));
    }

    @Test
    void validationAndRedaction() {
        ConfigException missing = assertThrows(ConfigException.class, () -> bind("enabled", true));
        assertTrue(missing.getMessage().contains("must specify url"), missing::getMessage);
        assertEquals(List.of("url"), FACTORY.configSchema().secretKeys());
        Map<String, Object> shown = FACTORY.configSchema().redactedValues(
                bind("url", url("/v2/services/webhook/" + UUID), "author_name", "k").elements().get(0).config());
        assertEquals(Map.of("enabled", false, "url", true, "author_name", "k"), shown);
        assertTrue(FACTORY.optionsSchema().keys().isEmpty());
        assertThrows(ConfigException.class, () -> FACTORY.optionsSchema().bind(Map.of("title", "x")));
    }

    @Test
    void serviceTestSendsKapacitorsDefaults() throws Exception {
        answer(aResponse().withStatus(200));
        ServiceTest<?> test = FACTORY.serviceTest(bind("enabled", true, "url", url("/t"), "author_name", "Kapacitor"),
                HandlerContext.standalone()).orElseThrow();
        assertEquals(new TalkHandlerFactory.TestOptions("testTitle", "test talk text"), test.defaultOptions());
        assertTrue(run(test).isDelivered());
        assertEquals("{\"authorName\":\"Kapacitor\",\"text\":\"test talk text\",\"title\":\"testTitle\"}\n",
                onlyRequest().getBodyAsString());
    }

    private static <T extends Record> HandlerResult run(ServiceTest<T> test) throws Exception {
        return test.run(test.defaultOptions()).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}
