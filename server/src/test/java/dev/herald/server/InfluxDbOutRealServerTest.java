package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * influxDBOut against a real InfluxDB 1.x ({@code influxd} from Debian's {@code influxdb} package, which .ci/run
 * installs when missing), started here on loopback with its data in a temporary directory: the task creates the
 * database, writes the alert points, and a query reads them back.
 */
class InfluxDbOutRealServerTest {
    @TempDir
    static Path dir;
    private static Process influxd;
    private static String influxUrl;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void startInflux() throws Exception {
        Path binary = Path.of("/usr/bin/influxd");
        assertTrue(Files.isExecutable(binary), "influxd is missing: apt-get install -y influxdb (.ci/run does)");
        int http = freePort();
        int rpc = freePort();
        Path conf = dir.resolve("influxdb.conf");
        Files.writeString(conf, "reporting-disabled = true\nbind-address = \"127.0.0.1:" + rpc + "\"\n"
                + "[meta]\n  dir = \"" + dir.resolve("meta") + "\"\n"
                + "[data]\n  dir = \"" + dir.resolve("data") + "\"\n  wal-dir = \"" + dir.resolve("wal") + "\"\n"
                + "  query-log-enabled = false\n"
                + "[http]\n  enabled = true\n  bind-address = \"127.0.0.1:" + http + "\"\n  log-enabled = false\n"
                + "[monitor]\n  store-enabled = false\n[subscriber]\n  enabled = false\n"
                + "[continuous_queries]\n  enabled = false\n");
        influxd = new ProcessBuilder(binary.toString(), "-config", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("influxd.log").toFile()).start();
        influxUrl = "http://127.0.0.1:" + http;
        TestServer.await("influxd to answer /ping", () -> {
            try {
                HttpResponse<Void> r = TestServer.CLIENT.send(HttpRequest.newBuilder(URI.create(influxUrl + "/ping"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 204 ? true : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
    }

    @AfterAll
    static void stopInflux() throws Exception {
        influxd.destroy();
        influxd.waitFor();
    }

    private static String query(String q) throws Exception {
        HttpResponse<String> r = TestServer.CLIENT.send(HttpRequest.newBuilder(URI.create(influxUrl + "/query?db=alerts&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Test
    void theTaskCreatesTheDatabaseAndItsPointsCanBeQueried() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("herald"), "[[influxdb]]\n  name = \"real\"\n"
                + "  urls = [\"" + influxUrl + "\"]\n  subscription-protocol = \"http\"\n")) {
            server.defineTask("to_influx", "stream\n  |from().measurement('cpu')\n"
                    + "  |influxDBOut().database('alerts').retentionPolicy('autogen').measurement('cpu_copy')"
                    + ".tag('via', 'herald').precision('s').buffer(2).create()\n");
            TestServer.await("the database", () -> {
                try {
                    return query("SHOW DATABASES").contains("\"alerts\"") ? true : null;
                } catch (Exception e) {
                    return null;
                }
            });
            server.write("cpu,host=a usage_idle=3.5 10\ncpu,host=b usage_idle=42 20");
            String rows = TestServer.await("the points", () -> {
                try {
                    String body = query("SELECT host, usage_idle, via FROM cpu_copy");
                    return body.contains("\"b\"") ? body : null;
                } catch (Exception e) {
                    return null;
                }
            });
            assertEquals("{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"cpu_copy\",\"columns\":[\"time\","
                    + "\"host\",\"usage_idle\",\"via\"],\"values\":[[\"1970-01-01T00:00:10Z\",\"a\",3.5,\"herald\"],"
                    + "[\"1970-01-01T00:00:20Z\",\"b\",42,\"herald\"]]}]}]}\n", rows);
        }
    }
}
