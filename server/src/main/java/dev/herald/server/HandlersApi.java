package dev.herald.server;

import dev.herald.core.handler.HandlerFactory;
import dev.herald.engine.handler.HandlerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /kapacitor/v1/handlers} (a Herald extension): every installed handler kind, bundled or from a plugin jar,
 * with its TICKscript method, config section and the JSON Schema of its config and options, so that clients (the
 * web page) can build forms for kinds they have never heard of.
 */
final class HandlersApi {
    static final String HANDLERS = Paths.BASE + "/handlers";

    private final HandlerRegistry registry;

    HandlersApi(HandlerRegistry registry) {
        this.registry = registry;
    }

    void register(Router router) {
        router.add("GET", HANDLERS, r -> Reply.ok(all()))
                .add("GET", HANDLERS + "/{kind}", r -> Reply.ok(view(factory(r.param("kind")))));
    }

    private HandlerFactory<?, ?> factory(String kind) {
        return registry.byKind(kind).orElseThrow(() -> ApiException.notFound("unknown handler kind \"" + kind
                + "\"; known kinds: " + String.join(", ", registry.factories().stream()
                        .map(HandlerFactory::kind).toList())));
    }

    private Map<String, Object> all() {
        List<Object> handlers = new ArrayList<>();
        for (HandlerFactory<?, ?> f : registry.factories()) { // sorted by kind
            handlers.add(view(f));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(HANDLERS));
        body.put("handlers", handlers);
        return body;
    }

    private Map<String, Object> view(HandlerFactory<?, ?> f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(HANDLERS + "/" + f.kind()));
        m.put("kind", f.kind());
        m.put("tickName", f.tickName());
        m.put("section", f.section());
        m.put("description", f.description());
        m.put("hasConfigSection", f.hasConfigSection());
        m.put("hasServiceTest", registry.serviceTest(f.section()).isPresent());
        m.put("config", f.configSchema().toJsonSchema());
        m.put("options", f.optionsSchema().toJsonSchema());
        return m;
    }
}
