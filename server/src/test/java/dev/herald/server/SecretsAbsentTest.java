package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.config.ConfigKey;
import dev.herald.core.config.ValueType;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.engine.handler.HandlerRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bundled handler kind configured with distinctive secret values; the server is driven through config
 * listing, failing service tests, failing deliveries, debug logging, /metrics and the web page, and no secret
 * appears in any response body or log record.
 */
class SecretsAbsentTest {
    private static final String MARK = "Zq9sEcReT";

    @TempDir
    Path dir;

    private final StringBuilder logs = new StringBuilder();

    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logs) {
                logs.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(' ')
                        .append(new java.util.logging.SimpleFormatter().formatMessage(r)).append('\n');
                if (r.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    logs.append(w).append('\n');
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static String secretValue(HandlerFactory<?, ?> f, ConfigKey k) {
        String v = "s-" + f.kind() + "-" + k.name() + "-" + MARK;
        return k.type() == ValueType.URL ? "http://127.0.0.1:1/hook/" + v : v;
    }

    @Test
    void noSecretInAnyResponseOrLog() throws Exception {
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        Level heraldBefore = Logger.getLogger("dev.herald").getLevel();
        Logs.applyLevels(Logs.parse("DEBUG"));
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        List<String> bodies = new ArrayList<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        try (TestServer s = TestServer.start(dir, "[logging]\n  level = \"DEBUG\"\n")) {
            List<HandlerFactory<?, ?>> factories = HandlerRegistry.discover(getClass().getClassLoader());
            for (HandlerFactory<?, ?> f : factories) {
                if (!f.hasConfigSection()) {
                    continue;
                }
                ObjectNode values = Json.MAPPER.createObjectNode().put("enabled", true);
                for (ConfigKey k : f.configSchema().keys()) {
                    if (k.secret() && (k.type() == ValueType.STRING || k.type() == ValueType.URL)) {
                        String v = secretValue(f, k);
                        values.put(k.name(), v);
                        secrets.put(f.kind() + "." + k.name(), v);
                    }
                }
                String section = f.section();
                if (f.configSchema().elementKey().isPresent()) {
                    values.put(f.configSchema().elementKey().get(), "w");
                    ObjectNode add = Json.MAPPER.createObjectNode();
                    add.set("add", values);
                    bodies.add(s.post("/kapacitor/v1/config/" + section, add.toString()).body());
                    ObjectNode set = Json.MAPPER.createObjectNode();
                    set.set("set", values.deepCopy().without(f.configSchema().elementKey().get()));
                    bodies.add(s.post("/kapacitor/v1/config/" + section + "/w", set.toString()).body());
                } else {
                    ObjectNode set = Json.MAPPER.createObjectNode();
                    set.set("set", values);
                    bodies.add(s.post("/kapacitor/v1/config/" + section + "/", set.toString()).body());
                    bodies.add(s.post("/kapacitor/v1/config/" + section, set.toString()).body());
                }
                bodies.add(s.get("/kapacitor/v1/config/" + section).body());
                bodies.add(s.post("/kapacitor/v1/service-tests/" + section, "{}").body());
                // a handler of this kind whose deliveries fail against the unreachable endpoints
                bodies.add(s.post("/kapacitor/v1/alerts/topics/sec/handlers", "{\"id\":\"h-" + f.kind()
                        + "\",\"kind\":\"" + f.kind() + "\"}").body());
            }
            // every bundled kind with a text secret
            assertTrue(secrets.keySet().containsAll(List.of("hipchat.token", "slack.url", "slack.token",
                    "telegram.token", "alerta.token", "bigpanda.token", "opsgenie.api-key", "opsgenie2.api-key",
                    "pagerduty.service-key", "pagerduty2.routing-key", "pushover.token", "servicenow.password",
                    "victorops.api-key", "zenoss.password", "smtp.password", "snmptrap.community",
                    "kafka.sasl-password", "mqtt.password")), "secret keys found: " + secrets.keySet());
            bodies.add(s.post("/kapacitor/v1/tasks", "{\"id\":\"sec\",\"dbrps\":[{\"db\":\"d\",\"rp\":\"r\"}],"
                    + "\"script\":\"stream|from().measurement('m')|alert().id('a').crit(lambda: TRUE).topic('sec')\","
                    + "\"status\":\"enabled\"}").body());
            bodies.add(s.write("d", "r", "m v=1").body());
            String metrics = "";
            for (int i = 0; i < 200 && !metrics.contains("herald_delivery_retries_total{")
                    && !metrics.contains("herald_delivery_failures_total{"); i++) {
                metrics = s.get("/metrics").body();
            }
            bodies.add(metrics);
            bodies.add(s.get("/kapacitor/v1/config").body());
            bodies.add(s.get("/kapacitor/v1/handlers").body());
            bodies.add(s.get("/kapacitor/v1/service-tests").body());
            bodies.add(s.get("/kapacitor/v1/alerts/topics/sec/handlers").body());
            bodies.add(s.get("/kapacitor/v1/alerts/topics/sec/events").body());
            bodies.add(s.get("/").body());
            for (String asset : List.of("/ui/app.js", "/ui/index.html")) {
                bodies.add(s.get(asset).body());
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
            Logger.getLogger("dev.herald").setLevel(heraldBefore);
        }
        String all = String.join("\n", bodies);
        assertTrue(all.contains("\"redacted\""), "config listing was not exercised");
        String logText;
        synchronized (logs) {
            logText = logs.toString();
        }
        assertFalse(logText.isEmpty());
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            assertFalse(all.contains(e.getValue()), e.getKey() + " appears in a response: " + excerpt(all,
                    e.getValue()));
            assertFalse(logText.contains(e.getValue()), e.getKey() + " appears in the logs: " + excerpt(logText,
                    e.getValue()));
        }
        assertEquals(-1, all.indexOf(MARK), () -> "a secret fragment appears in a response: " + excerpt(all, MARK));
        assertEquals(-1, logText.indexOf(MARK), () -> "a secret fragment appears in the logs: "
                + excerpt(logText, MARK));
    }

    private static String excerpt(String text, String needle) {
        int i = text.indexOf(needle);
        return i < 0 ? "" : text.substring(Math.max(0, i - 300), Math.min(text.length(), i + needle.length() + 100));
    }
}
