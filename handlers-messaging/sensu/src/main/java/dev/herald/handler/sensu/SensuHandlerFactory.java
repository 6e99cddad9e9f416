package dev.herald.handler.sensu;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code sensu} handler: writes each alert as a check result to the Sensu client socket (raw TCP, not HTTP),
 * exactly as Kapacitor does.
 */
public final class SensuHandlerFactory implements HandlerFactory<SensuConfig, SensuOptions> {

    /** Socket I/O blocks, so it runs here rather than on the engine's threads. */
    private static final ExecutorService IO = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "herald-sensu");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Options of the {@code sensu} service test.
     *
     * @param name     the check name
     * @param source   the source (sent as given)
     * @param output   the check output
     * @param handlers Sensu handlers; none = the config's handlers
     * @param metadata extra keys
     * @param level    the level, which gives the status
     */
    @Schema(description = "Sends a test check result to Sensu.")
    public record TestOptions(
            @Key(defaultValue = "testName") String name,
            @Key(defaultValue = "Kapacitor") String source,
            @Key(defaultValue = "testOutput") String output,
            List<String> handlers,
            Map<String, String> metadata,
            @Key(defaultValue = "CRITICAL") Level level) {
    }

    @Override
    public String kind() {
        return "sensu";
    }

    @Override
    public String description() {
        return "Sends alerts as check results to a Sensu client socket.";
    }

    @Override
    public Class<SensuConfig> configType() {
        return SensuConfig.class;
    }

    @Override
    public Class<SensuOptions> optionsType() {
        return SensuOptions.class;
    }

    @Override
    public void validateConfig(List<ServiceElement<SensuConfig>> elements) {
        for (ServiceElement<SensuConfig> element : elements) {
            if (element.enabled() && element.config().addr().isEmpty()) {
                throw new ConfigException(section(), "addr", "must specify client address");
            }
        }
    }

    @Override
    public Handler create(SensuOptions options, ServiceConfig<SensuConfig> config, HandlerContext context) {
        MessageTemplate source;
        try {
            source = context.template(options.source());
        } catch (TemplateException e) {
            throw new ConfigException(kind(), "source", "invalid template for \"source\": " + e.getMessage());
        }
        return event -> {
            String renderedSource;
            try {
                renderedSource = source.render(event.templateData());
            } catch (TemplateException e) {
                return CompletableFuture.completedFuture(
                        HandlerResult.permanent("failed to evaluate Sensu template: " + e.getMessage()));
            }
            return send(context, config, event.id(), event.message(), renderedSource, event.level(),
                    options.handlers(), options.metadata());
        };
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<SensuConfig> config, HandlerContext context) {
        TestOptions defaults = new TestOptions("testName", "Kapacitor", "testOutput", List.of(), Map.of(),
                Level.CRITICAL);
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(context, config, test.name(),
                test.output(), test.source(), test.level(), test.handlers(), test.metadata())));
    }

    private static CompletionStage<HandlerResult> send(HandlerContext context, ServiceConfig<SensuConfig> config,
            String name, String output, String source, Level level, List<String> handlers,
            Map<String, String> metadata) {
        String invalid = SensuCheck.invalidName(name);
        if (invalid != null) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(invalid));
        }
        SensuConfig c;
        try {
            c = config.require("");
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        String line = SensuCheck.line(name, output, source.isEmpty() ? c.source() : source, SensuCheck.status(level),
                handlers.isEmpty() ? c.handlers() : handlers, metadata);
        return CompletableFuture.supplyAsync(() -> SensuSocket.send(c.addr(), line, context.requestTimeout()), IO);
    }

}
