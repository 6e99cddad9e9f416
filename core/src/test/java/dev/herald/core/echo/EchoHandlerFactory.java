package dev.herald.core.echo;

import dev.herald.core.event.AlertEventJson;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import dev.herald.core.event.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/** A test-only handler that posts the event JSON, used to prove the contract kit on a real plugin. */
public final class EchoHandlerFactory implements HandlerFactory<EchoConfig, EchoOptions> {

    /** Options of the echo service test. */
    public record TestOptions(String path, String message) {
    }

    @Override
    public String kind() {
        return "echo";
    }

    @Override
    public Class<EchoConfig> configType() {
        return EchoConfig.class;
    }

    @Override
    public Class<EchoOptions> optionsType() {
        return EchoOptions.class;
    }

    @Override
    public Handler create(EchoOptions options, ServiceConfig<EchoConfig> config, HandlerContext context) {
        return event -> HttpDelivery.send(context, () -> {
            EchoConfig c = config.require("");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(c.url() + "/" + options.path()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AlertEventJson.toJsonLine(event)));
            if (!c.token().isEmpty()) {
                request.header("Authorization", "Bearer " + c.token().reveal());
            }
            options.headers().forEach(request::header);
            return request.build();
        }, "Echo", status -> status == 200, HttpDelivery.ErrorDecoder.jsonField("error"));
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<EchoConfig> config, HandlerContext context) {
        Handler handler = create(optionsSchema().bind(java.util.Map.of("path", "test")), config, context);
        return Optional.of(ServiceTest.of(TestOptions.class, new TestOptions("test", "test echo message"),
                options -> handler.handle(SampleEvents.event(Level.CRITICAL, options.message()))));
    }

}
