package dev.herald.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the SDK small on purpose: every public type of core states its stability, and the stable set, the one
 * third parties compile against, changes only when this list (and core/README.md) is changed with it.
 */
class ApiSurfaceTest {

    /** What a handler author learns (README "The SDK a handler author learns"), plus the optional helpers. */
    private static final List<String> STABLE = List.of(
            "Api",
            "config.ConfigException", "config.Key", "config.NoConfig", "config.Schema", "config.Secret",
            "config.ValueType",
            "event.AlertEvent", "event.AlertEventJson", "event.EventData", "event.Level", "event.SeriesRow",
            "handler.Handler", "handler.HandlerContext", "handler.HandlerException", "handler.HandlerFactory",
            "handler.HandlerResult", "handler.HttpDelivery", "handler.ServiceConfig", "handler.ServiceElement",
            "handler.ServiceTest", "handler.TlsSettings",
            "template.MessageTemplate", "template.TemplateException", "template.TemplateFunction");

    private static final List<String> EXPERIMENTAL = List.of("handler.BatchHandler", "topic.EventPublisher");

    /** Kapacitor/Go compatibility helpers and engine-facing types: public only for Herald's own modules. */
    private static final List<String> INTERNAL = List.of(
            "config.ConfigKey", "config.ConfigSchema", "handler.GoUrls", "json.GoJson", "template.GoFormat",
            "template.TemplateFunctions", "topic.Topic");

    @Test
    void everyPublicTypeStatesItsStatusAndTheStableSetIsTheDocumentedOne() throws Exception {
        Map<String, String> byStatus = new TreeMap<>();
        for (Class<?> type : publicTopLevelTypes()) {
            String name = type.getName().substring("dev.herald.core.".length());
            Api api = type.getAnnotation(Api.class);
            byStatus.put(name, api == null ? "MISSING" : api.status().name());
        }
        if (byStatus.containsKey("Api")) {
            byStatus.put("Api", "STABLE"); // the annotation itself carries none
        }
        assertEquals(new TreeSet<>(STABLE), names(byStatus, "STABLE"));
        assertEquals(new TreeSet<>(EXPERIMENTAL), names(byStatus, "EXPERIMENTAL"));
        assertEquals(new TreeSet<>(INTERNAL), names(byStatus, "INTERNAL"));
        assertEquals(new TreeSet<>(), names(byStatus, "MISSING"));
    }

    private static TreeSet<String> names(Map<String, String> byStatus, String status) {
        return byStatus.entrySet().stream().filter(e -> e.getValue().equals(status)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Class<?>> publicTopLevelTypes() throws IOException, URISyntaxException {
        Path root = Path.of(Api.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                    .filter(p -> p.endsWith(".class") && !p.contains("$") && p.startsWith("dev/herald/core/"))
                    .filter(p -> !p.contains("/testkit/") && !p.contains("module-info"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .map(ApiSurfaceTest::load)
                    .filter(c -> Modifier.isPublic(c.getModifiers()))
                    .collect(Collectors.toList());
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
