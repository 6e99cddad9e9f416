package dev.herald.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceTest;
import dev.herald.engine.handler.HandlerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code /kapacitor/v1/service-tests}: list, show and run the plugins' service tests. */
final class ServiceTestsApi {
    static final String TESTS = Paths.BASE + "/service-tests";
    private static final long RUN_TIMEOUT_SECONDS = 60;

    private final HandlerRegistry registry;

    ServiceTestsApi(HandlerRegistry registry) {
        this.registry = registry;
    }

    void register(Router router) {
        router.add("GET", TESTS, this::list)
                .add("GET", TESTS + "/{name}", r -> Reply.ok(view(r.param("name"), test(r.param("name")))))
                .add("POST", TESTS + "/{name}", this::run);
    }

    private ServiceTest<?> test(String name) {
        return registry.serviceTest(name).orElseThrow(() -> ApiException.notFound("service \"" + name
                + "\" not found; GET " + TESTS + " lists the services that have a test"));
    }

    private Reply list(Request r) {
        String pattern = r.query("pattern");
        Glob.compile(pattern.isEmpty() ? "*" : pattern);
        List<Object> services = new ArrayList<>();
        for (HandlerFactory<?, ?> f : registry.factories()) {
            if (!Glob.matches(pattern, f.section())) {
                continue;
            }
            Optional<ServiceTest<?>> t = registry.serviceTest(f.section());
            t.ifPresent(test -> services.add(view(f.section(), test)));
        }
        services.sort((a, b) -> String.valueOf(((Map<?, ?>) a).get("name"))
                .compareTo(String.valueOf(((Map<?, ?>) b).get("name"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(TESTS));
        body.put("services", services);
        return Reply.ok(body);
    }

    private static Map<String, Object> view(String name, ServiceTest<?> test) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(TESTS + "/" + name));
        m.put("name", name);
        m.put("options", defaults(test));
        return m;
    }

    private static <T extends Record> Map<String, Object> defaults(ServiceTest<T> test) {
        return test.optionsSchema().redactedValues(test.defaultOptions());
    }

    private Reply run(Request r) {
        ServiceTest<?> test = test(r.param("name"));
        ObjectNode body = r.jsonObject();
        HandlerResult result = runWith(test, Json.toMap(body));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", result.isDelivered());
        out.put("message", result instanceof HandlerResult.Failed f ? f.reason() : "");
        return Reply.ok(out);
    }

    private static <T extends Record> HandlerResult runWith(ServiceTest<T> test, Map<String, Object> body) {
        ConfigSchema<T> schema = test.optionsSchema();
        T options;
        try {
            options = schema.bind(body, schema.revealedValues(test.defaultOptions()));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("failed to decode JSON body: " + e.getMessage());
        }
        try {
            return test.run(options).toCompletableFuture().get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return HandlerResult.permanent("service test timed out after " + RUN_TIMEOUT_SECONDS + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HandlerResult.permanent("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return HandlerResult.permanent(String.valueOf(e.getCause().getMessage()));
        } catch (RuntimeException e) {
            return HandlerResult.permanent(String.valueOf(e.getMessage()));
        }
    }
}
