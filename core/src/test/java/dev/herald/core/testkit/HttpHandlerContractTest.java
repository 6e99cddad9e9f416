package dev.herald.core.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler contract kit, part two, for handlers that talk HTTP: everything in {@link HandlerContractTest}, plus
 * delivery of a sample event to a real HTTP server (WireMock on loopback) and the mapping of every failure to a
 * {@link HandlerResult}: a 500 and a 429 are retryable (the latter with its {@code Retry-After}), a 400 is
 * permanent, a timeout and a refused connection are retryable, a disabled service fails permanently without a
 * request, and no failure reason shows a secret. Nothing may escape as an exception.
 */
public abstract class HttpHandlerContractTest extends HandlerContractTest {
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

    private WireMockServer service;

    /** The status the service answers a good request with; 200 unless the service says otherwise. */
    protected int successStatus() {
        return 200;
    }

    /** Whether the plugin has a service test; if so it must reach the service with its default options. */
    protected boolean supportsServiceTest() {
        return true;
    }

    /** The event the delivery tests send. */
    protected AlertEvent sampleEvent() {
        return SampleEvents.critical();
    }

    @BeforeEach
    void startService() {
        service = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
    }

    @AfterEach
    void stopService() {
        service.stop();
    }

    /** The base URL of the WireMock service the handler is pointed at, ending without a slash. */
    protected final String serviceUrl() {
        return "http://127.0.0.1:" + service.port();
    }

    private void answer(ResponseDefinitionBuilder response) {
        service.stubFor(any(anyUrl()).willReturn(response));
    }

    private HandlerResult deliver(String url, boolean enabled, Duration timeout) {
        HandlerFactory<Record, Record> factory = factory();
        ServiceConfig<Record> config = serviceConfig(factory, url, enabled);
        HandlerContext context = HandlerContext.standalone().withRequestTimeout(timeout);
        try (Handler handler = factory.create(factory.optionsSchema().bind(sampleOptions()), config, context)) {
            CompletionStage<HandlerResult> stage = handler.handle(sampleEvent());
            return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            return fail("an exception escaped the handler: " + e, e);
        }
    }

    /** The service config built from {@link #sampleConfig(String)}, as the engine builds it from a section. */
    protected final ServiceConfig<Record> serviceConfig(HandlerFactory<Record, Record> factory, String url,
            boolean enabled) {
        ConfigSchema<Record> schema = factory.configSchema();
        Map<String, Object> raw = new LinkedHashMap<>(sampleConfig(url));
        if (schema.key("enabled").isPresent()) {
            raw.put("enabled", enabled);
        }
        Record bound = schema.bind(raw);
        String name = schema.elementKey().map(k -> String.valueOf(raw.getOrDefault(k, ""))).orElse("");
        return ServiceConfig.of(List.of(new ServiceElement<>(name, true, enabled, bound)));
    }

    private List<String> secretValues() {
        HandlerFactory<Record, Record> factory = factory();
        List<String> secrets = new ArrayList<>();
        Map<String, Object> config = sampleConfig(serviceUrl());
        factory.configSchema().secretKeys().forEach(k -> secrets.add(String.valueOf(config.get(k))));
        Map<String, Object> options = sampleOptions();
        factory.optionsSchema().secretKeys().forEach(k -> secrets.add(String.valueOf(options.get(k))));
        return secrets;
    }

    private HandlerResult.Failed failed(HandlerResult result) {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
        for (String secret : secretValues()) {
            assertFalse(failed.reason().contains(secret), () -> "failure reason shows a secret: " + failed.reason());
        }
        return failed;
    }

    @Test
    void sampleEventReachesTheService() {
        answer(aResponse().withStatus(successStatus()));
        HandlerResult result = deliver(serviceUrl(), true, HandlerContext.DEFAULT_REQUEST_TIMEOUT);
        assertTrue(result.isDelivered(), () -> "expected delivery, got " + result);
        assertEquals(1, service.getAllServeEvents().size());
    }

    @Test
    void serverErrorIsRetryable() {
        answer(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}"));
        HandlerResult.Failed failed = failed(deliver(serviceUrl(), true, HandlerContext.DEFAULT_REQUEST_TIMEOUT));
        assertTrue(failed.retryable(), failed::toString);
    }

    @Test
    void tooManyRequestsIsRetryableAfterTheDelayTheServiceAsks() {
        answer(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("slow down"));
        HandlerResult.Failed failed = failed(deliver(serviceUrl(), true, HandlerContext.DEFAULT_REQUEST_TIMEOUT));
        assertTrue(failed.retryable(), failed::toString);
        assertEquals(Optional.of(Duration.ofSeconds(7)), failed.retryAfter());
    }

    @Test
    void badRequestIsPermanent() {
        answer(aResponse().withStatus(400).withBody("not json"));
        HandlerResult.Failed failed = failed(deliver(serviceUrl(), true, HandlerContext.DEFAULT_REQUEST_TIMEOUT));
        assertFalse(failed.retryable(), failed::toString);
    }

    @Test
    void timeoutIsRetryable() {
        answer(aResponse().withStatus(successStatus()).withFixedDelay(3_000));
        HandlerResult.Failed failed = failed(deliver(serviceUrl(), true, SHORT_TIMEOUT));
        assertTrue(failed.retryable(), failed::toString);
    }

    @Test
    void refusedConnectionIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HandlerResult.Failed failed = failed(deliver("http://127.0.0.1:" + closedPort, true,
                HandlerContext.DEFAULT_REQUEST_TIMEOUT));
        assertTrue(failed.retryable(), failed::toString);
    }

    @Test
    void disabledServiceFailsWithoutARequest() {
        if (factory().configSchema().key("enabled").isEmpty()) {
            return; // no enabled switch: nothing to check
        }
        answer(aResponse().withStatus(successStatus()));
        HandlerResult.Failed failed = failed(deliver(serviceUrl(), false, HandlerContext.DEFAULT_REQUEST_TIMEOUT));
        assertFalse(failed.retryable(), failed::toString);
        assertEquals("service is not enabled", failed.reason());
        assertEquals(0, service.getAllServeEvents().size());
    }

    @Test
    void serviceTestSendsWithDefaultOptions() throws Exception {
        HandlerFactory<Record, Record> factory = factory();
        Optional<ServiceTest<?>> test = factory.serviceTest(serviceConfig(factory, serviceUrl(), true),
                HandlerContext.standalone());
        assertEquals(supportsServiceTest(), test.isPresent(), "service test presence");
        if (test.isEmpty()) {
            return;
        }
        answer(aResponse().withStatus(successStatus()));
        HandlerResult result = runDefaults(test.get());
        assertTrue(result.isDelivered(), () -> "service test failed: " + result);
        assertEquals(1, service.getAllServeEvents().size());
        // The defaults list through the options schema and bind back unchanged (the API's "decode on top").
        assertDefaultsRoundTrip(test.get());
    }

    private static <T extends Record> HandlerResult runDefaults(ServiceTest<T> test) throws Exception {
        return test.run(test.defaultOptions()).toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static <T extends Record> void assertDefaultsRoundTrip(ServiceTest<T> test) {
        ConfigSchema<T> schema = test.optionsSchema();
        T defaults = test.defaultOptions();
        assertEquals(defaults, schema.bind(Map.of(), schema.revealedValues(defaults)));
    }
}
