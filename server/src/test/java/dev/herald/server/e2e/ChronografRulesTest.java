package dev.herald.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert rules exactly as Chronograf's rule builder writes them (Chronograf {@code kapacitor/tickscripts_test.go}:
 * threshold rules with and without a window, relative, relative change and deadman), defined through the API: the alert fires and recovers, the rule's
 * {@code |httpOut('output')} shows the alert points, and {@code |influxDBOut()} writes the alert history (with
 * Chronograf's idTag, levelTag, messageField and durationField) to InfluxDB (WireMock here; a real InfluxDB is
 * tested in InfluxDbOutRealServerTest).
 */
class ChronografRulesTest {
    private static final String HEADER = """
            var db = 'telegraf'

            var rp = 'autogen'

            var measurement = 'cpu'

            var groupBy = ['host', 'cluster_id']

            var whereFilter = lambda: ("cpu" == 'cpu_total') AND ("host" == 'acc-0eabc309-eu-west-1-data-3' OR "host" == 'prod') AND isPresent("usage_user")
            """;
    private static final String NAMES = """
            var name = 'name'

            var idVar = name + '-{{.Group}}'

            var message = 'message'

            var idTag = 'alertID'

            var levelTag = 'level'

            var messageField = 'message'

            var durationField = 'duration'

            var outputDB = 'chronograf'

            var outputRP = 'autogen'

            var outputMeasurement = 'alerts'

            var triggerType = 'threshold'

            var crit = 90

            """;
    private static final String TRIGGER = """

            var trigger = data
                |alert()
                    .crit(lambda: "value" > crit)
                    .stateChangesOnly()
                    .message(message)
                    .id(idVar)
                    .idTag(idTag)
                    .levelTag(levelTag)
                    .messageField(messageField)
                    .durationField(durationField)
                    .email()
                    .victorOps()
                    .slack()

            trigger
                |eval(lambda: float("value"))
                    .as('value')
                    .keep()
                |influxDBOut()
                    .create()
                    .database(outputDB)
                    .retentionPolicy(outputRP)
                    .measurement(outputMeasurement)
                    .tag('alertName', name)
                    .tag('triggerType', triggerType)

            trigger
                |httpOut('output')
            """;
    /** TestThresholdNoAggregate. */
    static final String NO_AGGREGATE = HEADER + "\n" + NAMES + """
            var data = stream
                |from()
                    .database(db)
                    .retentionPolicy(rp)
                    .measurement(measurement)
                    .groupBy(groupBy)
                    .where(whereFilter)
                |eval(lambda: "usage_user")
                    .as('value')
            """ + TRIGGER;
    /** The windowed rules' data: a 10m window every 30s, aligned, and the mean. */
    private static final String WINDOWED_DATA = """
            var data = stream
                |from()
                    .database(db)
                    .retentionPolicy(rp)
                    .measurement(measurement)
                    .groupBy(groupBy)
                    .where(whereFilter)
                |window()
                    .period(period)
                    .every(every)
                    .align()
                |mean('usage_user')
                    .as('value')
            """;
    /** TestThreshold: a 10m window every 30s, aligned, and the mean. */
    static final String WINDOWED = HEADER + "\nvar period = 10m\n\nvar every = 30s\n\n" + NAMES + WINDOWED_DATA
            + TRIGGER;

    /** TestRelative: the window's mean against itself a minute earlier, in percent; the same alert and outputs. */
    static final String RELATIVE = HEADER + "\nvar period = 10m\n\nvar every = 30s\n\n"
            + NAMES.replace("var triggerType = 'threshold'", "var triggerType = 'relative'\n\nvar shift = 1m")
            + WINDOWED_DATA + """

            var past = data
                |shift(shift)

            var current = data
            """ + TRIGGER.replace("var trigger = data\n", """
            var trigger = past
                |join(current)
                    .as('past', 'current')
                |eval(lambda: abs(float("current.value" - "past.value")) / float("past.value") * 100.0)
                    .keep()
                    .as('value')
            """);

    /** TestRelativeChange: the same, as an absolute change. */
    static final String RELATIVE_CHANGE = RELATIVE.replace(
            "|eval(lambda: abs(float(\"current.value\" - \"past.value\")) / float(\"past.value\") * 100.0)",
            "|eval(lambda: float(\"current.value\" - \"past.value\"))");

    /**
     * TestDeadman, verbatim but for its period: Chronograf writes the period the user picked (10m in its test); 1s
     * keeps this test short, as the deadman's ticks run on the wall clock. Its alert and outputs are the threshold
     * rules' with {@code |deadman(threshold, period)} for the alert and the emitted count as the value.
     */
    static final String DEADMAN = HEADER + "\nvar period = 1s\n\n" + NAMES.replace("var triggerType = 'threshold'",
            "var triggerType = 'deadman'\n\nvar threshold = 0.0").replace("var crit = 90\n\n", "")
            + NO_AGGREGATE.substring(NO_AGGREGATE.indexOf("var data = stream"), NO_AGGREGATE.indexOf("    |eval("))
            + TRIGGER.replace("|alert()\n        .crit(lambda: \"value\" > crit)\n", "|deadman(threshold, period)\n")
                    .replace("trigger\n    |eval(lambda: float(\"value\"))", """
                            trigger
                                |eval(lambda: "emitted")
                                    .as('value')
                                    .keep('value', messageField, durationField)
                                |eval(lambda: float("value"))""");

    @TempDir
    Path dir;
    private WireMockServer influx;
    private TestServer server;

    @BeforeEach
    void start() {
        influx = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        influx.start();
        influx.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        server = TestServer.start(dir, "[[influxdb]]\n  name = \"chronograf\"\n  urls = [\"http://127.0.0.1:"
                + influx.port() + "\"]\n");
    }

    @AfterEach
    void stop() {
        server.close();
        influx.stop();
    }

    /** Disables the rule (flushing its influxDBOut) and returns the lines written once {@code done} holds. */
    private String historyWritten(java.util.function.Predicate<String> done) {
        // influxDBOut writes a batch after each /write and when the task stops: disabling it flushes the rest
        assertEquals(200, server.patch("/kapacitor/v1/tasks/chronograf_rule", "{\"status\":\"disabled\"}").status());
        return TestServer.await("the alert history write", () -> {
            List<LoggedRequest> writes = influx.findAll(postRequestedFor(urlPathEqualTo("/write")));
            if (writes.isEmpty()) {
                return null;
            }
            assertEquals("/write?consistency=&db=chronograf&precision=&rp=autogen", writes.get(0).getUrl());
            StringBuilder lines = new StringBuilder();
            writes.forEach(w -> lines.append(w.getBodyAsString()));
            return done.test(lines.toString()) ? lines.toString() : null;
        });
    }

    /** The lines written, once there are at least {@code count}. */
    private String historyWritten(int count) {
        return historyWritten(lines -> lines.lines().count() >= count);
    }

    @Test
    void thresholdWithoutAggregateFiresRecoversAndWritesItsHistory() {
        server.defineTask("chronograf_rule", NO_AGGREGATE);
        assertEquals("/query?db=&q=CREATE+DATABASE+chronograf+WITH+NAME+autogen", TestServer.await(
                "CREATE DATABASE", () -> influx.findAll(postRequestedFor(urlPathEqualTo("/query"))).stream()
                        .findFirst().orElse(null)).getUrl());
        server.write("cpu,cpu=cpu_total,host=prod,cluster_id=c1 usage_user=95 10\n"
                + "cpu,cpu=cpu0,host=prod,cluster_id=c1 usage_user=99 11\n"
                + "cpu,cpu=cpu_total,host=other,cluster_id=c1 usage_user=99 12\n"
                + "cpu,cpu=cpu_total,host=prod,cluster_id=c1 usage_user=97 13\n"
                + "cpu,cpu=cpu_total,host=prod,cluster_id=c1 usage_user=50 20");
        String output = TestServer.await("httpOut('output')", () -> {
            String body = server.get("/kapacitor/v1/tasks/chronograf_rule/output").body();
            return body.contains("\"OK\"") ? body : null;
        });
        assertTrue(output.contains("\"alertID\":\"name-cluster_id=c1,host=prod\""), output);
        assertTrue(output.contains("\"level\":\"OK\""), output);
        String lines = historyWritten(2);
        String tags = "alertID=name-cluster_id\\=c1\\,host\\=prod,alertName=name,cluster_id=c1,cpu=cpu_total,host=prod";
        assertEquals("alerts," + tags + ",level=CRITICAL,triggerType=threshold duration=0i,message=\"message\","
                + "value=95 10000000000\n"
                + "alerts," + tags + ",level=OK,triggerType=threshold duration=10000000000i,message=\"message\","
                + "value=50 20000000000\n", lines, "stateChangesOnly: one line per change; the where "
                + "filter kept the other cpu and host out");
    }

    @Test
    void windowedThresholdAlertsOnTheMeanOfTheWindow() {
        server.defineTask("chronograf_rule", WINDOWED);
        StringBuilder points = new StringBuilder();
        for (int s = 0; s <= 60; s += 10) {
            points.append("cpu,cpu=cpu_total,host=prod,cluster_id=c1 usage_user=95 ").append(s).append('\n');
        }
        server.write(points.toString());
        String output = TestServer.await("httpOut('output')", () -> {
            String body = server.get("/kapacitor/v1/tasks/chronograf_rule/output").body();
            return body.contains("CRITICAL") ? body : null;
        });
        assertTrue(output.contains("\"alertID\":\"name-cluster_id=c1,host=prod\""), output);
        String lines = historyWritten(1);
        assertTrue(lines.startsWith("alerts,alertID=name-cluster_id\\=c1\\,host\\=prod,alertName=name,cluster_id=c1,"
                + "host=prod,level=CRITICAL,triggerType=threshold duration=0i,message=\"message\",value=95 "), lines);
    }

    @Test
    void relativeRuleComparesTheWindowWithAMinuteEarlierThroughShiftAndJoin() {
        server.defineTask("chronograf_rule", RELATIVE);
        StringBuilder points = new StringBuilder();
        for (int s = 0; s <= 200; s += 10) {
            // 10 for the first minute, then 30: the 10-minute mean doubles within a minute
            points.append("cpu,cpu=cpu_total,host=prod,cluster_id=c1 usage_user=").append(s < 60 ? 10 : 30).append(' ')
                    .append(s).append('\n');
        }
        server.write(points.toString());
        // windows end every 30 s: at 2:00 the mean (20) is twice the mean a minute earlier (10): CRITICAL; at 2:30
        // 22 against 16.67 is +32%: OK again
        String output = TestServer.await("httpOut('output')", () -> {
            String body = server.get("/kapacitor/v1/tasks/chronograf_rule/output").body();
            return body.contains("1970-01-01T00:02:30Z") ? body : null;
        });
        assertTrue(output.contains("\"alertID\":\"name-cluster_id=c1,host=prod\""), output);
        assertTrue(output.contains("\"level\":\"OK\""), output);
        String tags = "alerts,alertID=name-cluster_id\\=c1\\,host\\=prod,alertName=name,cluster_id=c1,host=prod,";
        assertEquals(tags + "level=CRITICAL,triggerType=relative current.value=20,duration=0i,message=\"message\","
                + "past.value=10,value=100 120000000000\n"
                + tags + "level=OK,triggerType=relative current.value=22,duration=30000000000i,message=\"message\","
                + "past.value=16.666666666666668,value=31.99999999999999 150000000000\n", historyWritten(2));
    }

    @Test
    void relativeChangeRuleAlertsOnTheAbsoluteChange() {
        assertTrue(RELATIVE_CHANGE.contains("|eval(lambda: float(\"current.value\" - \"past.value\"))"));
        server.defineTask("chronograf_rule", RELATIVE_CHANGE.replace("var crit = 90", "var crit = 8"));
        StringBuilder points = new StringBuilder();
        for (int s = 0; s <= 150; s += 10) {
            points.append("cpu,cpu=cpu_total,host=prod,cluster_id=c1 usage_user=").append(s < 60 ? 10 : 30).append(' ')
                    .append(s).append('\n');
        }
        server.write(points.toString());
        TestServer.await("httpOut('output')", () -> server.get("/kapacitor/v1/tasks/chronograf_rule/output").body()
                .contains("1970-01-01T00:02:30Z") ? true : null);
        String tags = "alerts,alertID=name-cluster_id\\=c1\\,host\\=prod,alertName=name,cluster_id=c1,host=prod,";
        // 1:30: 16.67 - 10 < 8: OK; 2:00: 20 - 10 = 10 > 8: CRITICAL; 2:30: 22 - 16.67 < 8: OK again
        String lines = historyWritten(2);
        assertTrue(lines.startsWith(tags + "level=CRITICAL,triggerType=relative current.value=20,duration=0i,"
                + "message=\"message\",past.value=10,value=10 120000000000\n"), lines);
        assertTrue(lines.contains(tags + "level=OK,triggerType=relative current.value=22,duration=30000000000i,"), lines);
    }

    @Test
    void deadmanRuleFiresWhenAHostFallsSilentAndRecoversWhenItSpeaksAgain() {
        assertTrue(DEADMAN.contains("var name = 'name'\n\nvar idVar = name + '-{{.Group}}'"), DEADMAN);
        server.defineTask("chronograf_rule", DEADMAN);
        String point = "cpu,cpu=cpu_total,host=prod,cluster_id=c1 usage_user=95";
        server.write(point);
        // the host's first interval counts the point; the next one is silent: emitted 0 <= threshold 0
        String silent = TestServer.await("CRITICAL in httpOut('output')", () -> {
            String body = server.get("/kapacitor/v1/tasks/chronograf_rule/output").body();
            return body.contains("name-cluster_id=c1,host=prod") && body.contains("CRITICAL") ? body : null;
        });
        assertTrue(silent.matches(java.util.regex.Pattern.quote("{\"series\":[{\"name\":\"stats\",\"tags\":{"
                + "\"alertID\":\"name-cluster_id=c1,host=prod\",\"cluster_id\":\"c1\",\"host\":\"prod\","
                + "\"level\":\"CRITICAL\"},\"columns\":[\"time\",\"duration\",\"emitted\",\"message\"],"
                + "\"values\":[[\"") + "[0-9T:-]+Z" + java.util.regex.Pattern.quote("\",0,0,\"message\"]]}]}")),
                silent);
        server.write(point);
        TestServer.await("OK in httpOut('output')", () -> server.get("/kapacitor/v1/tasks/chronograf_rule/output")
                .body().contains("\"OK\"") ? true : null);
        List<String> prod = historyWritten(l -> l.lines().filter(x -> x.contains("host=prod")).count() >= 2).lines()
                .filter(l -> l.contains("host=prod")).toList();
        String tags = "alerts,alertID=name-cluster_id\\=c1\\,host\\=prod,alertName=name,cluster_id=c1,host=prod,";
        assertEquals(2, prod.size(), String.join("\n", prod));
        assertTrue(prod.get(0).matches(java.util.regex.Pattern.quote(tags + "level=CRITICAL,triggerType=deadman "
                + "duration=0i,message=\"message\",value=0 ") + "\\d+000000000"), prod.get(0));
        assertTrue(prod.get(1).matches(java.util.regex.Pattern.quote(tags + "level=OK,triggerType=deadman ")
                + "duration=[1-9]\\d*000000000i," + java.util.regex.Pattern.quote("message=\"message\",value=1 ")
                + "\\d+000000000"), prod.get(1));
    }

    @Test
    void noOpPassesEverythingOn() {
        server.defineTask("noop", "stream|from().measurement('cpu')|noOp()|httpOut('out')");
        server.write("cpu,host=a v=1 10");
        assertEquals("{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},\"columns\":[\"time\",\"v\"],"
                + "\"values\":[[\"1970-01-01T00:00:10Z\",1]]}]}", server.get("/kapacitor/v1/tasks/noop/out").body());
    }
}
