package dev.herald.engine.handlers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code post} handler and {@code [[httppost]]} endpoints against a WireMock server (section 1). */
class PostHandlerTest {
    private final PostHandlerFactory factory = new PostHandlerFactory();
    private WireMockServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Endpoints bound from raw {@code [[httppost]]} sections, as the engine binds them. */
    private ServiceConfig<HttpPostConfig> endpoints(Map<?, ?>... sections) {
        List<Map<String, Object>> raw = new ArrayList<>();
        for (Map<?, ?> section : sections) {
            Map<String, Object> copy = new LinkedHashMap<>();
            section.forEach((k, v) -> copy.put((String) k, v));
            raw.add(copy);
        }
        return ServiceConfig.bind(factory, raw);
    }

    private HandlerResult post(Map<String, Object> options, ServiceConfig<HttpPostConfig> config, AlertEvent event)
            throws Exception {
        try (Handler handler = factory.create(factory.optionsSchema().bind(options), config,
                HandlerContext.standalone())) {
            return Fixtures.await(handler.handle(event));
        }
    }

    private HandlerResult post(Map<String, Object> options, ServiceConfig<HttpPostConfig> config) throws Exception {
        return post(options, config, Fixtures.critical());
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = server.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(anyUrl()));
        assertEquals(1, requests.size(), "requests");
        return requests.get(0);
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    @Test
    void urlOptionPostsTheAlertJsonLineAsApplicationJson() throws Exception {
        HandlerResult result = post(Map.of("url", url() + "/alert"), endpoints());
        assertTrue(result.isDelivered(), result::toString);
        LoggedRequest request = onlyRequest();
        assertEquals("/alert", request.getUrl());
        assertEquals(Fixtures.A + "\n", new String(request.getBody(), StandardCharsets.UTF_8));
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertFalse(request.containsHeader("Authorization"));
    }

    @Test
    void endpointAlertTemplateIsTheRawBodyWithoutContentType() throws Exception {
        ServiceConfig<HttpPostConfig> config = endpoints(map("endpoint", "test", "url", url(),
                "alert-template", "{{.Message}}"));
        assertTrue(post(Map.of("endpoint", "test"), config).isDelivered());
        LoggedRequest request = onlyRequest();
        assertEquals("message", new String(request.getBody(), StandardCharsets.UTF_8));
        assertFalse(request.containsHeader("Content-Type"));
    }

    @Test
    void jsonAndJsonCompactTemplateFunctionsGiveTheAlertJson() throws Exception {
        ServiceConfig<HttpPostConfig> config = endpoints(
                map("endpoint", "json", "url", url() + "/json", "alert-template", "{{ json . }}"),
                map("endpoint", "compact", "url", url() + "/compact", "alert-template", "{{ jsonCompact . }}"));
        assertTrue(post(Map.of("endpoint", "json"), config).isDelivered());
        assertTrue(post(Map.of("endpoint", "compact"), config).isDelivered());
        List<LoggedRequest> requests = new ArrayList<>(server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl())));
        requests.sort(java.util.Comparator.comparing(LoggedRequest::getUrl));
        assertEquals("/compact", requests.get(0).getUrl());
        assertEquals(Fixtures.A, requests.get(0).getBodyAsString());
        assertEquals(Fixtures.A + "\n", requests.get(1).getBodyAsString());
    }

    @Test
    void templatesSeeTheAlertDataFields() throws Exception {
        ServiceConfig<HttpPostConfig> config = endpoints(map("endpoint", "t", "url", url(),
                "alert-template", "{{.ID}}|{{.Level}}|{{.PreviousLevel}}|{{.Time}}|{{.Duration}}|{{.Recoverable}}"
                        + "|{{ (index .Data.Series 0).Name }}|{{ jsonCompact .Data }}"));
        assertTrue(post(Map.of("endpoint", "t"), config).isDelivered());
        assertEquals("id|CRITICAL|OK|1970-01-01 00:00:00 +0000 UTC|0s|true|alert|{\"series\":[{\"name\":\"alert\","
                + "\"columns\":[\"time\",\"value\"],\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]}",
                onlyRequest().getBodyAsString());
    }

    @Test
    void urlTemplateIsRenderedWithTheAlertData() throws Exception {
        assertTrue(post(Map.of("url", url() + "/alerts/{{.ID}}/{{.Level}}?prev={{.PreviousLevel}}"), endpoints())
                .isDelivered());
        assertEquals("/alerts/id/CRITICAL?prev=OK", onlyRequest().getUrl());
    }

    @Test
    void endpointHeadersThenHandlerHeadersThenForcedContentType() throws Exception {
        ServiceConfig<HttpPostConfig> config = endpoints(map("endpoint", "test", "url", url(),
                "headers", Map.of("Authorization", "works", "X-Shared", "endpoint", "Content-Type", "text/plain")));
        assertTrue(post(Map.of("endpoint", "test", "headers", Map.of("x-shared", "handler", "X-Own", "1")), config)
                .isDelivered());
        LoggedRequest request = onlyRequest();
        assertEquals("works", request.getHeader("Authorization"));
        assertEquals(List.of("handler"), request.getHeaders().getHeader("X-Shared").values());
        assertEquals("1", request.getHeader("X-Own"));
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals(Fixtures.A + "\n", request.getBodyAsString());
    }

    @Test
    void configuredContentTypeIsKeptWithAnAlertTemplate() throws Exception {
        ServiceConfig<HttpPostConfig> config = endpoints(map("endpoint", "test", "url", url(),
                "headers", Map.of("Content-Type", "text/plain"), "alert-template", "{{.ID}} is {{.Level}}"));
        assertTrue(post(Map.of("endpoint", "test"), config).isDelivered());
        assertEquals("text/plain", onlyRequest().getHeader("Content-Type"));
        assertEquals("id is CRITICAL", onlyRequest().getBodyAsString());
    }

    @Test
    void basicAuthIsSentWhenUsernameAndPasswordAreBothSet() throws Exception {
        ServiceConfig<HttpPostConfig> config = endpoints(
                map("endpoint", "both", "url", url() + "/both",
                        "basic-auth", Map.of("username", "herald", "password", "p4ss")),
                map("endpoint", "half", "url", url() + "/half", "basic-auth", Map.of("username", "herald")));
        assertTrue(post(Map.of("endpoint", "both"), config).isDelivered());
        assertTrue(post(Map.of("endpoint", "half"), config).isDelivered());
        for (LoggedRequest request : server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl()))) {
            if (request.getUrl().equals("/both")) {
                assertEquals("Basic " + Base64.getEncoder().encodeToString(
                        "herald:p4ss".getBytes(StandardCharsets.UTF_8)), request.getHeader("Authorization"));
            } else {
                assertFalse(request.containsHeader("Authorization"));
            }
        }
        HttpPostConfig bound = config.elements().get(0).config();
        assertFalse(bound.toString().contains("p4ss"), bound::toString);
        assertEquals(Boolean.TRUE, factory.configSchema().redactedValues(bound).get("basic-auth"));
    }

    @Test
    void anyTwoHundredIsDeliveredAndOtherStatusesCarryTheCapturedBody() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        assertTrue(post(Map.of("url", url()), endpoints()).isDelivered());
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withBody("bad alert")));
        HandlerResult.Failed captured = assertInstanceOf(HandlerResult.Failed.class,
                post(Map.of("url", url(), "capture-response", true), endpoints()));
        assertEquals("POST returned non 2xx status code 400: bad alert", captured.reason());
        assertFalse(captured.retryable());
        HandlerResult.Failed uncaptured = assertInstanceOf(HandlerResult.Failed.class,
                post(Map.of("url", url()), endpoints()));
        assertEquals("POST returned non 2xx status code 400: unknown error, use .captureResponse() to capture "
                + "the HTTP response", uncaptured.reason());
    }

    @Test
    void timeoutOptionBoundsTheRequest() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                post(Map.of("url", url(), "timeout", 200_000_000L), endpoints()));
        assertTrue(failed.retryable(), failed::toString);
        assertTrue(failed.reason().startsWith("timed out"), failed.reason());
    }

    @Test
    void skipSslVerificationAcceptsASelfSignedServer() throws Exception {
        String https = "https://localhost:" + server.httpsPort() + "/secure";
        HandlerResult.Failed verified = assertInstanceOf(HandlerResult.Failed.class,
                post(Map.of("url", https), endpoints()));
        assertTrue(verified.retryable(), verified::toString);
        assertTrue(post(Map.of("url", https, "skip-ssl-verification", true), endpoints()).isDelivered());
        assertEquals("/secure", onlyRequest().getUrl());
    }

    @Test
    void theEndpointIsReadAtSendTime() throws Exception {
        AtomicReference<ServiceConfig<HttpPostConfig>> current = new AtomicReference<>(
                endpoints(map("endpoint", "test", "url", url() + "/first")));
        ServiceConfig<HttpPostConfig> live = () -> current.get().elements();
        try (Handler withFallback = factory.create(factory.optionsSchema().bind(
                Map.of("endpoint", "test", "url", url() + "/fallback")), live, HandlerContext.standalone());
                Handler endpointOnly = factory.create(factory.optionsSchema().bind(Map.of("endpoint", "test")),
                        live, HandlerContext.standalone())) {
            assertTrue(Fixtures.await(withFallback.handle(Fixtures.critical())).isDelivered());
            current.set(endpoints(map("endpoint", "test", "url", url() + "/second")));
            assertTrue(Fixtures.await(endpointOnly.handle(Fixtures.critical())).isDelivered());
            current.set(endpoints(map("endpoint", "other", "url", url() + "/other")));
            assertTrue(Fixtures.await(withFallback.handle(Fixtures.critical())).isDelivered());
            HandlerResult.Failed closed = assertInstanceOf(HandlerResult.Failed.class,
                    Fixtures.await(endpointOnly.handle(Fixtures.critical())));
            assertFalse(closed.retryable());
            assertTrue(closed.reason().startsWith("endpoint was closed"), closed.reason());
        }
        List<String> urls = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl()))
                .stream().map(LoggedRequest::getUrl).sorted().toList();
        assertEquals(List.of("/fallback", "/first", "/second"), urls);
    }

    @Test
    void alertTemplateFileIsReadAndGetsTheJsonFunctions() throws Exception {
        Path template = dir.resolve("alert.tmpl");
        Files.writeString(template, "{{ .ID }}:{{ jsonCompact .Level }}");
        ServiceConfig<HttpPostConfig> config = endpoints(map("endpoint", "file", "url", url(),
                "alert-template-file", template.toString()));
        assertTrue(post(Map.of("endpoint", "file"), config).isDelivered());
        assertEquals("id:\"CRITICAL\"", onlyRequest().getBodyAsString());
    }

    @Test
    void handlerCreationRejectsWhatKapacitorRejects() {
        HandlerContext context = HandlerContext.standalone();
        ServiceConfig<HttpPostConfig> none = endpoints();
        ConfigException noUrl = assertThrows(ConfigException.class,
                () -> factory.create(factory.optionsSchema().bind(Map.of()), none, context));
        assertTrue(noUrl.getMessage().contains("An appropriately formatted url must be specified if an endpoint is "
                + "not specified"), noUrl.getMessage());
        assertThrows(ConfigException.class,
                () -> factory.create(factory.optionsSchema().bind(Map.of("endpoint", "missing")), none, context));
        ConfigException authenticate = assertThrows(ConfigException.class, () -> factory.create(
                factory.optionsSchema().bind(Map.of("url", url(), "headers", Map.of("Authenticate", "x"))), none,
                context));
        assertTrue(authenticate.getMessage().contains("cannot set 'authenticate' header"));
        assertThrows(ConfigException.class, () -> factory.create(
                factory.optionsSchema().bind(Map.of("url", "{{ .ID ")), none, context));
        assertThrows(ConfigException.class, () -> factory.create(
                factory.optionsSchema().bind(Map.of("url", "not a url")), none, context));
        // Authorization is not blocked.
        factory.create(factory.optionsSchema().bind(Map.of("url", url(), "headers",
                Map.of("Authorization", "Bearer x"))), none, context).close();
    }

    @Test
    void configValidationFollowsKapacitor() {
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "", "url", url())));
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "a", "url", "")));
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "a", "url", url(),
                "alert-template", "x", "alert-template-file", "/abs/file")));
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "a", "url", url(),
                "row-template", "x", "row-template-file", "/abs/file")));
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "a", "url", url(),
                "alert-template-file", "relative.tmpl")));
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "a", "url", url(),
                "alert-template-file", dir.resolve("missing.tmpl").toString())));
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "a", "url", url(),
                "alert-template", "{{ .Message")));
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "a", "url", url(),
                "basic-auth", Map.of("user", "x"))));
        assertThrows(ConfigException.class, () -> endpoints(map("endpoint", "a", "url", url()),
                map("endpoint", "a", "url", url())));
        // The built-in section: one element "example" pointing at http://example.com.
        ServiceConfig<HttpPostConfig> builtIn = endpoints();
        assertEquals("example", builtIn.elements().get(0).name());
        assertEquals("http://example.com", builtIn.elements().get(0).config().url());
    }

    @Test
    void serviceTestPostsTheEmptyEventToTheConfiguredUrl() throws Exception {
        ServiceConfig<HttpPostConfig> config = endpoints(map("endpoint", "example", "url", url() + "/test",
                "headers", Map.of("Auth", "secret")));
        @SuppressWarnings("unchecked")
        ServiceTest<HttpPostTestOptions> test = (ServiceTest<HttpPostTestOptions>) factory
                .serviceTest(config, HandlerContext.standalone()).orElseThrow();
        assertEquals(new HttpPostTestOptions("example", url() + "/test", Map.of("Auth", "secret"), Duration.ZERO),
                test.defaultOptions());
        assertTrue(Fixtures.await(test.run(test.defaultOptions())).isDelivered());
        LoggedRequest request = onlyRequest();
        assertEquals("{\"id\":\"\",\"message\":\"\",\"details\":\"\",\"time\":\"0001-01-01T00:00:00Z\","
                + "\"duration\":0,\"level\":\"OK\",\"data\":{\"series\":null},\"previousLevel\":\"OK\","
                + "\"recoverable\":false}\n", request.getBodyAsString());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("secret", request.getHeader("Auth"));
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        assertFalse(Fixtures.await(test.run(test.defaultOptions())).isDelivered());
        HttpPostTestOptions other = test.optionsSchema().bind(Map.of("url", url() + "/{{ .Level }}"),
                test.optionsSchema().revealedValues(test.defaultOptions()));
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        assertTrue(Fixtures.await(test.run(other)).isDelivered());
    }

    @Test
    void optionNamesAndTickProperties() {
        var schema = factory.optionsSchema();
        assertEquals(List.of("url"), schema.entryArgs());
        assertEquals(List.of("url", "endpoint", "headers", "capture-response", "timeout", "skip-ssl-verification"),
                schema.keys().stream().map(k -> k.name()).toList());
        assertEquals("headers", schema.keyForProperty("header").orElseThrow().name());
        assertEquals("capture-response", schema.keyForProperty("captureResponse").orElseThrow().name());
        assertEquals("skip-ssl-verification", schema.keyForProperty("skipSSLVerification").orElseThrow().name());
        assertEquals("httppost", factory.section());
        assertEquals("endpoint", factory.configSchema().elementKey().orElseThrow());
        assertEquals(List.of("basic-auth"), factory.configSchema().secretKeys());
    }
}
