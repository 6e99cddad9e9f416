package dev.herald.core.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * A service's HTTP endpoint for a handler's request tests: WireMock on a loopback port answering every request the
 * same way until told otherwise, and the requests it received.
 */
public final class StubService implements AutoCloseable {
    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    /** Starts the service answering {@code answer}. */
    public StubService(ResponseDefinitionBuilder answer) {
        server.start();
        answer(answer);
    }

    /** From now on, answers every request with {@code response}. */
    public void answer(ResponseDefinitionBuilder response) {
        server.resetMappings();
        server.stubFor(any(anyUrl()).willReturn(response));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The WireMock server itself, for scenarios and resets. */
    public WireMockServer server() {
        return server;
    }

    /** Every request received so far. */
    public List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    /** The one request received so far (fails if there were more or none). */
    public LoggedRequest only() {
        List<LoggedRequest> all = requests();
        assertEquals(1, all.size(), all::toString);
        return all.get(0);
    }

    @Override
    public void close() {
        server.stop();
    }
}
