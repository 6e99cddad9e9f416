package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin jar dropped into the plugins folder is usable from TICKscript, topic handlers and the config API. */
class PluginFolderTest {
    @TempDir
    Path dir;

    static final String ECHO = """
            package testplugin;

            import dev.herald.core.config.Key;
            import dev.herald.core.config.Schema;
            import dev.herald.core.handler.Handler;
            import dev.herald.core.handler.HandlerContext;
            import dev.herald.core.handler.HandlerFactory;
            import dev.herald.core.handler.HandlerResult;
            import dev.herald.core.handler.ServiceConfig;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            import java.util.concurrent.CompletableFuture;

            public final class EchoFactory implements HandlerFactory<EchoFactory.Config, EchoFactory.Options> {
                public record Config(@Key(description = "on") boolean enabled,
                        @Key(description = "line prefix") String prefix) {
                }

                @Schema(entryArgs = {"path"})
                public record Options(@Key(required = true, description = "file") String path) {
                }

                public String kind() {
                    return "echofile";
                }

                public Class<Config> configType() {
                    return Config.class;
                }

                public Class<Options> optionsType() {
                    return Options.class;
                }

                public Handler create(Options options, ServiceConfig<Config> config, HandlerContext context) {
                    return event -> {
                        try {
                            String prefix = config.require("").prefix();
                            Files.writeString(Path.of(options.path()), prefix + event.id() + " " + event.level()
                                    + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                            return CompletableFuture.completedFuture(HandlerResult.delivered());
                        } catch (Exception e) {
                            return CompletableFuture.completedFuture(HandlerResult.permanent(e.toString()));
                        }
                    };
                }
            }
            """;

    static final String THROWING = """
            package testplugin;

            public final class ThrowingFactory extends Base {
                public ThrowingFactory() {
                    throw new IllegalStateException("boom in constructor");
                }
            }
            """;

    static final String BASE = """
            package testplugin;

            import dev.herald.core.config.NoConfig;
            import dev.herald.core.handler.Handler;
            import dev.herald.core.handler.HandlerContext;
            import dev.herald.core.handler.HandlerFactory;
            import dev.herald.core.handler.ServiceConfig;

            public abstract class Base implements HandlerFactory<NoConfig, NoConfig> {
                public String kind() {
                    return getClass().getSimpleName().toLowerCase();
                }

                public Class<NoConfig> configType() {
                    return NoConfig.class;
                }

                public Class<NoConfig> optionsType() {
                    return NoConfig.class;
                }

                public Handler create(NoConfig o, ServiceConfig<NoConfig> c, HandlerContext ctx) {
                    throw new UnsupportedOperationException();
                }
            }
            """;

    @Test
    void pluginKindWorksFromTickscriptAndTopicHandlersAndBrokenJarsAreSkipped() throws Exception {
        PluginJars.build(dir, "echo", Map.of("testplugin.EchoFactory", ECHO), List.of("testplugin.EchoFactory"));
        PluginJars.build(dir, "throwing", Map.of("testplugin.ThrowingFactory", THROWING, "testplugin.Base", BASE),
                List.of("testplugin.ThrowingFactory"));
        PluginJars.build(dir, "missing-class", Map.of("testplugin.Base", BASE), List.of("testplugin.Missing"));
        PluginJars.write(dir.resolve("plugins/garbage.jar"), "this is not a zip".getBytes(StandardCharsets.UTF_8));

        Path fromTick = dir.resolve("tick.out");
        Path fromHandler = dir.resolve("handler.out");
        try (TestServer s = TestServer.start(dir, "[echofile]\n  enabled = true\n  prefix = \"echo:\"\n")) {
            List<String> problems = s.server().pluginProblems();
            assertEquals(3, problems.size(), problems.toString());
            assertTrue(problems.stream().anyMatch(p -> p.contains("garbage.jar")), problems.toString());
            assertTrue(problems.stream().anyMatch(p -> p.contains("testplugin.Missing")), problems.toString());
            assertTrue(problems.stream().anyMatch(p -> p.contains("boom in constructor")), problems.toString());

            JsonNode section = s.get("/kapacitor/v1/config/echofile/").json();
            assertEquals("echo:", section.path("options").path("prefix").asText(), section.toString());

            String script = "stream|from().measurement('m')|alert().id('tick').crit(lambda: \"v\" > 1)"
                    + ".echofile(" + Json.compact(fromTick.toString()).replace('"', '\'') + ").topic('plug')";
            TestServer.Response task = s.post("/kapacitor/v1/tasks", "{\"id\":\"p\",\"dbrps\":[{\"db\":\"d\","
                    + "\"rp\":\"r\"}],\"status\":\"enabled\",\"script\":" + Json.compact(script) + "}");
            assertEquals(200, task.status(), task.body());
            TestServer.Response handler = s.post("/kapacitor/v1/alerts/topics/plug/handlers", "{\"id\":\"e\","
                    + "\"kind\":\"echofile\",\"options\":{\"path\":" + Json.compact(fromHandler.toString()) + "}}");
            assertEquals(200, handler.status(), handler.body());

            assertEquals(204, s.write("d", "r", "m v=2 1").status());
            Poll.until("plugin output from TICKscript", () -> read(fromTick).equals("echo:tick CRITICAL\n"));
            Poll.until("plugin output from topic handler", () -> read(fromHandler).equals("echo:tick CRITICAL\n"));

            assertEquals(204, s.post("/kapacitor/v1/config/echofile/", "{\"set\":{\"prefix\":\"live:\"}}").status());
            s.write("d", "r", "m v=0 2");
            Poll.until("live config in plugin", () -> read(fromHandler).contains("live:tick OK"));
        }
    }

    @Test
    void unknownKindListsTheInstalledOnes() {
        try (TestServer s = TestServer.start(dir, "")) {
            TestServer.Response r = s.post("/kapacitor/v1/alerts/topics/t/handlers",
                    "{\"id\":\"x\",\"kind\":\"echofile\",\"options\":{}}");
            assertEquals(400, r.status());
            assertTrue(r.error().contains("echofile") && r.error().contains("slack") && r.error().contains("log"),
                    r.body());
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
