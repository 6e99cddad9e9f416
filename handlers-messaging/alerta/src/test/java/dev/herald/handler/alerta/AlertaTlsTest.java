package dev.herald.handler.alerta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.testkit.SampleEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code insecure-skip-verify} against WireMock serving HTTPS on loopback with its self-signed certificate. */
class AlertaTlsTest {
    private final AlertaHandlerFactory factory = new AlertaHandlerFactory();
    private WireMockServer alerta;

    @BeforeEach
    void start() {
        alerta = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
        alerta.start();
        alerta.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201)));
    }

    @AfterEach
    void stop() {
        alerta.stop();
    }

    private HandlerResult send(boolean insecure) throws Exception {
        ServiceConfig<AlertaConfig> config = ServiceConfig.bind(factory, List.of(Map.of("enabled", true,
                "url", "https://127.0.0.1:" + alerta.httpsPort(), "token", "tls-token",
                "insecure-skip-verify", insecure)));
        try (Handler handler = factory.create(factory.optionsSchema().defaults(), config,
                HandlerContext.standalone())) {
            return handler.handle(SampleEvents.critical()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void untrustedCertificateFailsWithoutInsecureSkipVerify() throws Exception {
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, send(false));
        assertTrue(failed.reason().contains("Alerta"), failed.reason());
        assertEquals(0, alerta.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void insecureSkipVerifyTrustsTheSelfSignedCertificate() throws Exception {
        HandlerResult result = send(true);
        assertTrue(result.isDelivered(), result::toString);
        assertEquals("/alert", alerta.findAll(anyRequestedFor(anyUrl())).get(0).getUrl());
    }
}
