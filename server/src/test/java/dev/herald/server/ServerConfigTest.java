package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading kapacitor.conf as kapacitord does: honoured sections, env overrides, ignored sections, bad values. */
class ServerConfigTest {
    @TempDir
    Path dir;

    /** Parts of Kapacitor's sample etc/kapacitor/kapacitor.conf, unchanged apart from paths and ports. */
    String sample() {
        return """
                hostname = "localhost"
                data_dir = "%s"
                skip-config-overrides = false
                default-retention-policy = ""

                [auth]
                  enabled = false
                  cache-expiration = "10m"
                  bcrypt-cost = 10

                [http]
                  bind-address = ":9092"
                  auth-enabled = false
                  log-enabled = true
                  write-tracing = false
                  pprof-enabled = false
                  https-enabled = false
                  https-certificate = "/etc/ssl/kapacitor.pem"

                [config-override]
                  enabled = true

                [logging]
                    file = "STDERR"
                    level = "INFO"

                [load]
                  enabled = false
                  dir = "/etc/kapacitor/load"

                [replay]
                  dir = "/var/lib/kapacitor/replay"

                [task]
                  dir = "/var/lib/kapacitor/tasks"
                  snapshot-interval = "60s"

                [storage]
                  boltdb = "/var/lib/kapacitor/kapacitor.db"

                [deadman]
                  global = false
                  threshold = 0.0
                  interval = "10s"

                [[influxdb]]
                  enabled = true
                  default = true
                  name = "localhost"
                  urls = ["http://localhost:8086"]
                  timeout = 0
                  subscriptions-sync-interval = "1m0s"
                  [influxdb.subscriptions]
                  [influxdb.excluded-subscriptions]

                [smtp]
                  enabled = false
                  host = "localhost"
                  port = 25

                [hipchat]
                  enabled = false
                  room = ""
                  token = ""
                  global = false
                  state-changes-only = false

                [[slack]]
                  enabled = false
                  default = true
                  workspace = ""
                  url = ""
                  token = ""
                  channel = ""
                  global = false
                  state-changes-only = false

                [telegram]
                  enabled = false
                  url = "https://api.telegram.org/bot"
                  token = ""
                  chat-id = ""
                  disable-web-page-preview = false
                  disable-notification = false
                  global = false

                [[httppost]]
                  endpoint = "example"
                  url = "http://example.com"
                  headers = { Example = "your-key" }
                  basic-auth = { username = "my-user", password = "my-pass" }
                """.formatted(dir.resolve("data"));
    }

    @Test
    void sampleConfigWithEnvironmentOverrides() throws Exception {
        Path conf = dir.resolve("kapacitor.conf");
        Files.writeString(conf, sample());
        Map<String, String> env = Map.of(
                "KAPACITOR_HTTP_BIND_ADDRESS", "127.0.0.1:0",
                "KAPACITOR_SLACK_0_URL", "https://hooks.slack.test/x",
                "KAPACITOR_SLACK_0_ENABLED", "true",
                "KAPACITOR_TELEGRAM_CHAT_ID", "from-kapacitor",
                "HERALD_TELEGRAM_CHAT_ID", "from-herald",
                "KAPACITOR_HTTPPOST_0_HEADERS_Authorization", "Bearer abc",
                "KAPACITOR_PLUGINS_DIR", dir.resolve("plugins").toString(),
                "KAPACITOR_URL", "http://cli-only:9092");
        try (HeraldServer server = HeraldServer.start(Optional.of(conf), env, false)) {
            assertEquals(Set.of("auth", "config-override", "deadman", "replay", "storage", "task"), // [[influxdb]] is read (influxDBOut)
                    server.ignoredConfig());
            TestServer.Response slack = get(server, "/kapacitor/v1/config/slack");
            JsonNode options = slack.json().path("elements").get(0).path("options");
            assertEquals(true, options.path("enabled").asBoolean());
            assertEquals(true, options.path("url").asBoolean());
            JsonNode telegram = get(server, "/kapacitor/v1/config/telegram/").json().path("options");
            assertEquals("from-herald", telegram.path("chat-id").asText());
            assertEquals("https://api.telegram.org/bot", telegram.path("url").asText());
            JsonNode post = get(server, "/kapacitor/v1/config/httppost/example").json();
            assertEquals("Bearer abc", post.path("options").path("headers").path("Authorization").asText());
            assertEquals("your-key", post.path("options").path("headers").path("Example").asText());
            assertEquals(true, post.path("options").path("basic-auth").asBoolean());
            assertTrue(server.dataDir().endsWith("data"));
        }
    }

    private static TestServer.Response get(HeraldServer server, String path) throws Exception {
        java.net.http.HttpResponse<String> r = TestServer.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.url() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new TestServer.Response(r.statusCode(), r.body(), r.headers());
    }

    @Test
    void badValueStopsStartUpNamingFileKeyAndReason() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, TestServer.baseToml(dir) + "[telegram]\n  enabled = \"yes\"\n");
        StartupException e = assertThrows(StartupException.class,
                () -> HeraldServer.start(Optional.of(conf), Map.of(), false));
        assertTrue(e.getMessage().startsWith(conf.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("[telegram] key \"enabled\""), e.getMessage());
        assertTrue(e.getMessage().contains("yes"), e.getMessage());
    }

    @Test
    void clusterSectionIsCheckedAndItsSecretsNeverShown() throws Exception {
        Path conf = dir.resolve("cluster.conf");
        java.util.function.Function<String, String> refused = cluster -> {
            try {
                Files.writeString(conf, TestServer.baseToml(dir) + "[cluster]\n" + cluster);
                return assertThrows(StartupException.class, () -> ServerConfig.load(Optional.of(conf), Map.of())
                        .cluster(ServerConfig.load(Optional.of(conf), Map.of()).settings())).getMessage();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertEquals(conf + ": [cluster] bootstrap-servers: required when the cluster is enabled (Kafka's host:port "
                + "list, e.g. \"localhost:9092\")", refused.apply("  enabled = true\n"));
        assertEquals(conf + ": [cluster] application-id: \"my app\" must be letters, digits, '.', '_' or '-' (it "
                + "names Kafka topics)", refused.apply("  bootstrap-servers = \"k:9092\"\n"
                + "  application-id = \"my app\"\n"));
        assertEquals(conf + ": [cluster] replication-factor: 0 is not a replication factor (at least 1; leave it out "
                + "for the brokers' default)", refused.apply("  bootstrap-servers = \"k:9092\"\n"
                + "  replication-factor = 0\n"));

        Files.writeString(conf, TestServer.baseToml(dir));
        assertTrue(ServerConfig.load(Optional.of(conf), Map.of()).cluster(ServerConfig.load(Optional.of(conf),
                Map.of()).settings()).isEmpty(), "no [cluster]: a node alone");
        Files.writeString(conf, TestServer.baseToml(dir) + "[cluster]\n  bootstrap-servers = \"k1:9092,k2:9092\"\n"
                + "[cluster.kafka]\n  \"security.protocol\" = \"SASL_SSL\"\n"
                + "  \"sasl.jaas.config\" = \"PlainLoginModule required password='s3cret';\"\n");
        ServerConfig config = ServerConfig.load(Optional.of(conf), Map.of());
        ClusterSettings cluster = config.cluster(config.settings()).orElseThrow();
        assertEquals("k1:9092,k2:9092", cluster.bootstrapServers());
        assertEquals("herald-definitions", cluster.definitionsTopic());
        assertEquals("localhost:0", cluster.nodeId());
        assertEquals("SASL_SSL", cluster.clientProperties().get("security.protocol"));
        assertTrue(cluster.clientProperties().get("sasl.jaas.config").contains("s3cret"));
        assertTrue(!cluster.toString().contains("s3cret") && cluster.toString().contains("sasl.jaas.config"),
                cluster.toString());
    }

    @Test
    void badEnvironmentValueNamesTheVariable() throws Exception {
        Path conf = dir.resolve("ok.conf");
        Files.writeString(conf, TestServer.baseToml(dir));
        StartupException e = assertThrows(StartupException.class,
                () -> HeraldServer.start(Optional.of(conf), Map.of("KAPACITOR_SLACK_0_ENABLED", "maybe"), false));
        assertTrue(e.getMessage().contains("KAPACITOR_SLACK_0_ENABLED") && e.getMessage().contains("maybe"),
                e.getMessage());
    }

    @Test
    void badTomlAndBadServerKeys() throws Exception {
        Path toml = dir.resolve("broken.conf");
        Files.writeString(toml, "[http\nbind-address = 1\n");
        StartupException syntax = assertThrows(StartupException.class,
                () -> HeraldServer.start(Optional.of(toml), Map.of(), false));
        assertTrue(syntax.getMessage().startsWith(toml + ": line 1"), syntax.getMessage());

        Path bind = dir.resolve("bind.conf");
        Files.writeString(bind, "[http]\n  bind-address = 9092\n");
        StartupException type = assertThrows(StartupException.class,
                () -> HeraldServer.start(Optional.of(bind), Map.of(), false));
        assertTrue(type.getMessage().contains("[http] bind-address") && type.getMessage().contains("9092"),
                type.getMessage());

        StartupException missing = assertThrows(StartupException.class,
                () -> HeraldServer.start(Optional.of(dir.resolve("nope.conf")), Map.of(), false));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }

    @Test
    void listSectionAcceptsASingleTableAndRejectsManyForSingleSections() throws Exception {
        Path one = dir.resolve("one.conf");
        Files.writeString(one, TestServer.baseToml(dir) + "[slack]\n  enabled = true\n  channel = \"#a\"\n"
                + "  url = \"https://hooks.slack.test/a\"\n");
        try (HeraldServer server = HeraldServer.start(Optional.of(one), Map.of(), false)) {
            assertEquals("#a", get(server, "/kapacitor/v1/config/slack").json().path("elements").get(0)
                    .path("options").path("channel").asText());
        }
        Path many = dir.resolve("many.conf");
        Files.writeString(many, TestServer.baseToml(dir) + "[[telegram]]\n  enabled = true\n[[telegram]]\n"
                + "  enabled = false\n");
        StartupException e = assertThrows(StartupException.class,
                () -> HeraldServer.start(Optional.of(many), Map.of(), false));
        assertTrue(e.getMessage().contains("[telegram] is a single section"), e.getMessage());
    }
}
