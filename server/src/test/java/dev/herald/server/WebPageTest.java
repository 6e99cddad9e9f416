package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page and the endpoint it builds its forms from: {@code GET /kapacitor/v1/handlers} lists every handler
 * kind with the JSON Schema of its config and options, plugin kinds included; the page and its assets are served
 * from the jar with the right content types and nothing from elsewhere.
 */
class WebPageTest {
    @TempDir
    Path dir;

    static final String PAGER = """
            package webplugin;

            import dev.herald.core.config.Key;
            import dev.herald.core.config.Schema;
            import dev.herald.core.config.Secret;
            import dev.herald.core.handler.Handler;
            import dev.herald.core.handler.HandlerContext;
            import dev.herald.core.handler.HandlerFactory;
            import dev.herald.core.handler.HandlerResult;
            import dev.herald.core.handler.ServiceConfig;
            import dev.herald.core.handler.ServiceTest;
            import java.util.Optional;
            import java.util.concurrent.CompletableFuture;

            public final class PagerFactory implements HandlerFactory<PagerFactory.Config, PagerFactory.Options> {
                public enum Priority { LOW, HIGH }

                @Schema(elementKey = "team", description = "Pager teams.")
                public record Config(@Key(description = "Team name.") String team,
                        @Key(description = "On.") boolean enabled,
                        @Key(description = "API key.") Secret apiKey,
                        @Key(defaultValue = "LOW", description = "Default priority.") Priority priority) {
                }

                @Schema(entryArgs = {"target"})
                public record Options(@Key(required = true, description = "Who to page.") String target,
                        @Key(description = "Wake them up.") boolean urgent) {
                }

                public record TestOptions(String target) {
                }

                public String kind() { return "pagerbell"; }
                public String tickName() { return "pagerBell"; }
                public String section() { return "pager_bell"; }
                public String description() { return "Rings a pager."; }
                public Class<Config> configType() { return Config.class; }
                public Class<Options> optionsType() { return Options.class; }

                public Handler create(Options options, ServiceConfig<Config> config, HandlerContext context) {
                    return event -> CompletableFuture.completedFuture(HandlerResult.delivered());
                }

                public Optional<ServiceTest<?>> serviceTest(ServiceConfig<Config> config, HandlerContext context) {
                    return Optional.of(ServiceTest.of(TestOptions.class, new TestOptions("ops"),
                            o -> CompletableFuture.completedFuture(HandlerResult.delivered())));
                }
            }
            """;

    @Test
    void handlersEndpointListsTheBundledKindsWithTheirSchemas() {
        try (TestServer s = TestServer.start(dir, "")) {
            TestServer.Response r = s.get("/kapacitor/v1/handlers");
            assertEquals(200, r.status(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode body = r.json();
            assertEquals("/kapacitor/v1/handlers", body.path("link").path("href").asText());
            List<String> kinds = new ArrayList<>();
            body.path("handlers").forEach(h -> kinds.add(h.path("kind").asText()));
            assertTrue(kinds.containsAll(List.of("hipchat", "log", "post", "slack", "telegram")), kinds.toString());
            assertEquals(kinds.stream().sorted().toList(), kinds, "sorted by kind");

            JsonNode slack = kind(body, "slack");
            assertEquals("slack", slack.path("tickName").asText());
            assertEquals("slack", slack.path("section").asText());
            assertFalse(slack.path("description").asText().isEmpty());
            assertTrue(slack.path("hasConfigSection").asBoolean());
            assertTrue(slack.path("hasServiceTest").asBoolean());
            assertEquals("/kapacitor/v1/handlers/slack", slack.path("link").path("href").asText());
            JsonNode slackConfig = slack.path("config");
            assertEquals("object", slackConfig.path("type").asText());
            assertTrue(slackConfig.path("properties").path("url").path("writeOnly").asBoolean(), slackConfig.toString());
            assertTrue(slackConfig.path("properties").path("token").path("writeOnly").asBoolean());
            assertFalse(slackConfig.path("properties").path("channel").has("writeOnly"));
            assertEquals("boolean", slackConfig.path("properties").path("enabled").path("type").asText());
            assertEquals("workspace", slackConfig.path("x-herald-element-key").asText());
            assertEquals("channel", slack.path("options").path("properties").path("channel")
                    .path("x-herald-property").asText());

            JsonNode telegram = kind(body, "telegram");
            JsonNode chatId = telegram.path("options").path("properties").path("chat-id");
            assertEquals("chatId", chatId.path("x-herald-property").asText(), telegram.toString());
            assertEquals(1, chatId.path("x-herald-arity").asInt());
            assertEquals(0, telegram.path("options").path("properties").path("disable-notification")
                    .path("x-herald-arity").asInt());

            JsonNode hipchat = kind(body, "hipchat");
            assertEquals("hipChat", hipchat.path("tickName").asText());

            JsonNode post = kind(body, "post");
            assertEquals("httppost", post.path("section").asText());
            assertEquals("endpoint", post.path("config").path("x-herald-element-key").asText());

            JsonNode log = kind(body, "log");
            assertFalse(log.path("hasConfigSection").asBoolean());
            assertFalse(log.path("hasServiceTest").asBoolean());
            assertEquals("[\"path\"]", log.path("options").path("x-herald-entry-args").toString());
            assertTrue(log.path("options").path("required").toString().contains("path"));

            TestServer.Response one = s.get("/kapacitor/v1/handlers/slack");
            assertEquals(200, one.status(), one.body());
            assertEquals(slack, one.json());
        }
    }

    @Test
    void unknownKindIs404ListingTheKnownOnes() {
        try (TestServer s = TestServer.start(dir, "")) {
            TestServer.Response r = s.get("/kapacitor/v1/handlers/nope");
            assertEquals(404, r.status(), r.body());
            assertTrue(r.error().startsWith("unknown handler kind \"nope\"; known kinds: "), r.body());
            assertTrue(r.error().contains("slack") && r.error().contains("telegram"), r.body());
            assertEquals(405, s.post("/kapacitor/v1/handlers", "{}").status());
        }
    }

    @Test
    void thePageAndItsAssetsAreServedFromTheJar() {
        try (TestServer s = TestServer.start(dir, "")) {
            TestServer.Response page = s.get("/");
            assertEquals(200, page.status());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
            for (String heading : List.of(">Handlers</h2>", ">Topics</h2>", ">Tasks</h2>")) {
                assertTrue(page.body().contains(heading), heading);
            }
            assertTrue(page.body().contains("src=\"/ui/app.js\""));
            assertTrue(page.body().contains("href=\"/ui/style.css\""));
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));

            assertEquals(page.body(), s.get("/ui/").body());
            TestServer.Response ui = s.get("/ui");
            assertEquals(301, ui.status());
            assertEquals("/ui/", ui.headers().firstValue("Location").orElse(""));

            Map<String, String> assets = Map.of(
                    "/ui/app.js", "text/javascript; charset=utf-8",
                    "/ui/style.css", "text/css; charset=utf-8",
                    "/ui/favicon.svg", "image/svg+xml");
            assets.forEach((path, type) -> {
                TestServer.Response a = s.get(path);
                assertEquals(200, a.status(), path);
                assertEquals(type, a.headers().firstValue("Content-Type").orElse(""), path);
                assertFalse(a.body().isBlank(), path);
            });

            // Nothing from elsewhere: no external scripts, styles, fonts or images.
            Pattern external = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//|@import|url\\(",
                    Pattern.CASE_INSENSITIVE);
            assertFalse(external.matcher(page.body()).find(), "page loads something from elsewhere");
            assertFalse(external.matcher(s.get("/ui/style.css").body()).find(), "stylesheet loads from elsewhere");
            // Values from the server go into the DOM as text only.
            String js = s.get("/ui/app.js").body();
            for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
                assertFalse(js.contains(sink), "app.js uses " + sink);
            }
            assertTrue(js.contains("/kapacitor/v1"));

            assertEquals(200, s.send("HEAD", "/", null).status());
            assertEquals(404, s.get("/ui/missing.js").status());
            assertEquals(404, s.get("/ui/..%2Fapp.js").status());
            assertEquals(404, s.get("/ui/app.class").status());
            assertEquals(404, s.get("/nope").status());
            assertEquals(405, s.post("/", "{}").status());
        }
    }

    @Test
    void theRequestsThePageSendsAreTheConfigAndTestApis() {
        try (TestServer s = TestServer.start(dir, "")) {
            // a single section: Save posts {"set": changed keys} to /config/<section>/
            assertEquals(204, s.post("/kapacitor/v1/config/telegram/",
                    "{\"set\":{\"chat-id\":\"-100\",\"token\":\"sekret\"}}").status());
            JsonNode telegram = s.get("/kapacitor/v1/config/telegram/").json().path("options");
            assertEquals("-100", telegram.path("chat-id").asText());
            assertTrue(telegram.path("token").asBoolean(), "the page shows a secret as set/not set");
            // a rejected update comes back as one message the page shows verbatim
            TestServer.Response bad = s.post("/kapacitor/v1/config/telegram/", "{\"set\":{\"enabled\":\"yes\"}}");
            assertEquals(400, bad.status());
            assertFalse(bad.error().isEmpty());
            // "Send test alert" posts the changed test options (none: {}) and gets {success, message}
            JsonNode test = s.post("/kapacitor/v1/service-tests/telegram", "{}").json();
            assertTrue(test.has("success") && test.has("message"), test.toString());
        }
    }

    @Test
    void aPluginJarInThePluginsFolderIsListedWithItsSchema() throws Exception {
        PluginJars.build(dir, "pager", Map.of("webplugin.PagerFactory", PAGER), List.of("webplugin.PagerFactory"));
        try (TestServer s = TestServer.start(dir, "")) {
            assertEquals(List.of(), s.server().pluginProblems());
            JsonNode pager = kind(s.get("/kapacitor/v1/handlers").json(), "pagerbell");
            assertEquals("pagerBell", pager.path("tickName").asText());
            assertEquals("pager_bell", pager.path("section").asText());
            assertEquals("Rings a pager.", pager.path("description").asText());
            assertTrue(pager.path("hasConfigSection").asBoolean());
            assertTrue(pager.path("hasServiceTest").asBoolean());
            JsonNode config = pager.path("config");
            assertEquals("team", config.path("x-herald-element-key").asText());
            assertTrue(config.path("properties").path("api-key").path("writeOnly").asBoolean(), config.toString());
            assertEquals("[\"LOW\",\"HIGH\"]", config.path("properties").path("priority").path("enum").toString());
            JsonNode options = pager.path("options");
            assertEquals("[\"target\"]", options.path("x-herald-entry-args").toString());
            assertEquals("urgent", options.path("properties").path("urgent").path("x-herald-property").asText());

            assertEquals(200, s.get("/kapacitor/v1/handlers/pagerbell").status());
            // the page's form for it reads and writes the plugin's section through the config API
            assertEquals(200, s.get("/kapacitor/v1/config/pager_bell").status());
            assertEquals(204, s.post("/kapacitor/v1/config/pager_bell/", "{\"set\":{\"priority\":\"HIGH\"}}")
                    .status());
            assertEquals("HIGH", s.get("/kapacitor/v1/config/pager_bell/").json().path("options")
                    .path("priority").asText());
        }
    }

    private static JsonNode kind(JsonNode body, String kind) {
        for (JsonNode h : body.path("handlers")) {
            if (h.path("kind").asText().equals(kind)) {
                return h;
            }
        }
        throw new AssertionError("no kind " + kind + " in " + body);
    }
}
