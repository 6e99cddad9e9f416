package dev.herald.handler.opsgenie;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A WireMock Opsgenie and the calls both kinds' tests make. */
final class OpsGenieTestSupport implements AutoCloseable {
    static final String R = "{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
            + "\"values\":[[\"1970-01-01T00:00:00Z\",1]]}]}";
    static final String R_AS_STRING = R.replace("\"", "\\\"");

    final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    OpsGenieTestSupport(ResponseDefinitionBuilder answer) {
        server.start();
        answer(answer);
    }

    void answer(ResponseDefinitionBuilder response) {
        server.resetMappings();
        server.stubFor(any(anyUrl()).willReturn(response));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    <C extends Record> ServiceConfig<C> config(HandlerFactory<C, ?> factory, Map<String, Object> keys) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("enabled", true);
        all.put("api-key", "api_key");
        all.put("url", url());
        all.putAll(keys);
        return ServiceConfig.bind(factory, List.of(all));
    }

    <C extends Record, O extends Record> HandlerResult send(HandlerFactory<C, O> factory, ServiceConfig<C> config,
            Map<String, Object> options, AlertEvent event) throws Exception {
        try (Handler handler = factory.create(factory.optionsSchema().bind(options), config,
                HandlerContext.standalone())) {
            return handler.handle(event).toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
    }


    List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    LoggedRequest only() {
        List<LoggedRequest> all = requests();
        assertEquals(1, all.size(), all::toString);
        return all.get(0);
    }

    @Override
    public void close() {
        server.stop();
    }
}
