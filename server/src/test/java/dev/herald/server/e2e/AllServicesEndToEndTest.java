package dev.herald.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closing check: one TICKscript alert node chaining every bundled service handler of the service issue,
 * points written through the server, and every service receiving the CRITICAL event and its recovery. The exact
 * bytes per service are each module's and each service's own end-to-end test's business; here each request is
 * checked for its service's path, method and the alert it is about.
 */
class AllServicesEndToEndTest {
    @RegisterExtension
    static WireMockExtension services = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    /** Where a service is posted (recoveries may go below this path) and how it answers success. */
    private record Service(String path, int status, String body) {
    }

    private static final Map<String, Service> HTTP = new LinkedHashMap<>();

    static {
        HTTP.put("alerta", new Service("/alerta/api/alert", 201, "{\"status\":\"ok\"}"));
        HTTP.put("bigpanda", new Service("/bigpanda/data/v2/alerts", 201, "{\"status\":\"created\"}"));
        HTTP.put("discord", new Service("/api/webhooks/1/discordS3cret", 204, ""));
        HTTP.put("opsgenie", new Service("/v1/json/alert/", 200, "{\"code\":200}"));
        HTTP.put("opsgenie2", new Service("/v2/alerts", 202, "{\"requestId\":\"r1\"}"));
        HTTP.put("pagerduty", new Service("/generic/2010-04-15/create_event.json", 200, "{\"status\":\"success\"}"));
        HTTP.put("pagerduty2", new Service("/v2/enqueue", 202, "{\"status\":\"success\"}"));
        HTTP.put("pushover", new Service("/pushover/1/messages.json", 200, "{\"status\":1}"));
        HTTP.put("servicenow", new Service("/api/global/em/jsonv2", 200,
            "{\"result\":{\"Default Bulk Endpoint\":\"1 events were inserted\"}}"));
        HTTP.put("talk", new Service("/v2/services/webhook/talkS3cret", 200, ""));
        HTTP.put("teams", new Service("/workflows/abc/triggers/manual/paths/invoke", 202, ""));
        HTTP.put("victorops", new Service("/integrations/generic/20131114/alert/vo-key/rk", 200,
            "{\"result\":\"success\"}"));
        HTTP.put("zenoss", new Service("/zport/dmd/evconsole_router", 200,
            "{\"uuid\":\"5d1\",\"action\":\"EventsRouter\",\"result\":{\"success\":true},\"tid\":1,"
                + "\"type\":\"rpc\",\"method\":\"add_event\"}"));
    }

    @TempDir
    Path dir;
    private SensuClientStub sensu;
    private TestServer server;

    @BeforeEach
    void start() {
        HTTP.values().forEach(s -> services.stubFor(post(urlPathMatching(Pattern.quote(s.path()) + ".*"))
                .willReturn(aResponse().withStatus(s.status()).withBody(s.body()))));
        sensu = new SensuClientStub();
        String base = services.baseUrl();
        server = TestServer.start(dir, ""
                + "[alerta]\n  enabled = true\n  url = \"" + base + "/alerta/api\"\n  token = \"alerta-t0ken\"\n"
                + "  environment = \"Production\"\n  origin = \"kapacitor\"\n"
                + "[bigpanda]\n  enabled = true\n  url = \"" + base + "/bigpanda/data/v2/alerts\"\n"
                + "  app-key = \"app-key\"\n  token = \"bp-t0ken\"\n"
                + "[[discord]]\n  enabled = true\n  default = true\n  workspace = \"main\"\n"
                + "  url = \"" + base + "/api/webhooks/1/discordS3cret\"\n"
                + "[opsgenie]\n  enabled = true\n  api-key = \"og-key\"\n  url = \"" + base + "/v1/json/alert\"\n"
                + "  recovery_url = \"" + base + "/v1/json/alert/note\"\n"
                + "[opsgenie2]\n  enabled = true\n  api-key = \"og2-key\"\n  url = \"" + base + "/v2/alerts\"\n"
                + "[pagerduty]\n  enabled = true\n  url = \"" + base + "/generic/2010-04-15/create_event.json\"\n"
                + "  service-key = \"pd-key\"\n"
                + "[pagerduty2]\n  enabled = true\n  url = \"" + base + "/v2/enqueue\"\n  routing-key = \"pd2-key\"\n"
                + "[pushover]\n  enabled = true\n  token = \"pushover-t0ken\"\n  user-key = \"user-key\"\n"
                + "  url = \"" + base + "/pushover/1/messages.json\"\n"
                + "[sensu]\n  enabled = true\n  addr = \"" + sensu.addr() + "\"\n"
                + "  source = \"Kapacitor\"\n"
                + "[servicenow]\n  enabled = true\n  url = \"" + base + "/api/global/em/jsonv2\"\n"
                + "  source = \"Kapacitor\"\n  username = \"kapacitor\"\n  password = \"sn0w\"\n"
                + "[talk]\n  enabled = true\n  url = \"" + base + "/v2/services/webhook/talkS3cret\"\n"
                + "  author_name = \"Kapacitor\"\n"
                + "[teams]\n  enabled = true\n  channel-url = \"" + base
                + "/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01\"\n"
                + "[victorops]\n  enabled = true\n  url = \"" + base + "/integrations/generic/20131114/alert\"\n"
                + "  api-key = \"vo-key\"\n  routing-key = \"cfg-rk\"\n"
                + "[zenoss]\n  enabled = true\n  url = \"" + base + "/zport/dmd/evconsole_router\"\n"
                + "  username = \"admin\"\n  password = \"z3n0ss\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
        sensu.close();
    }

    @Test
    void oneAlertNodeChainingEveryServiceReachesEachOfThemForTheAlertAndItsRecovery() {
        server.defineTask("cpu_everywhere", "stream\n  |from().measurement('cpu')\n  |alert()\n"
                + "    .id('cpu.{{ index .Tags \"host\" }}')\n    .message('{{ .ID }} is {{ .Level }}')\n"
                + "    .crit(lambda: \"usage_idle\" < 10)\n"
                + "    .alerta().resource('{{ index .Tags \"host\" }}').event('cpu').environment('prod')\n"
                + "    .bigPanda().host('{{ index .Tags \"host\" }}')\n"
                + "    .discord().workspace('main')\n"
                + "    .opsGenie().teams('ops')\n"
                + "    .opsGenie2().teams('ops')\n"
                + "    .pagerDuty()\n"
                + "    .pagerDuty2().link('http://wiki/{{ .TaskName }}', 'runbook')\n"
                + "    .pushover().device('phone').sound('siren')\n"
                + "    .sensu().handlers('h1')\n"
                + "    .serviceNow().node('{{ index .Tags \"host\" }}').type('CPU')\n"
                + "    .talk()\n"
                + "    .teams()\n"
                + "    .victorOps().routingKey('rk')\n"
                + "    .zenoss().device('{{ index .Tags \"host\" }}')\n");
        server.write("cpu,host=web01 usage_idle=3 10\ncpu,host=web01 usage_idle=50 20");

        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Service> service : HTTP.entrySet()) {
            String path = service.getValue().path();
            List<LoggedRequest> got = TestServer.await("2 requests for " + service.getKey(), () -> {
                // a path prefix: recoveries may go below it (Opsgenie's notes, by alias)
                List<LoggedRequest> all = services.findAll(WireMock.postRequestedFor(
                        urlPathMatching(Pattern.quote(path) + ".*")));
                return all.size() >= 2 ? all : null;
            });
            assertEquals(2, got.size(), service.getKey() + ": one request per event, no more");
            for (LoggedRequest r : got) {
                String body = r.getBodyAsString();
                if (!body.contains("web01")) {
                    missing.add(service.getKey() + " request without the alert: " + body);
                }
            }
            String first = got.get(0).getBodyAsString() + got.get(0).getUrl();
            String second = got.get(1).getBodyAsString() + got.get(1).getUrl();
            assertTrue(!first.equals(second), service.getKey() + ": the recovery differs from the alert");
        }
        assertEquals(List.of(), missing);
        String critical = sensu.nextLine();
        String ok = sensu.nextLine();
        assertTrue(critical.contains("\"status\":2") && critical.contains("cpu.web01 is CRITICAL"), critical);
        assertTrue(ok.contains("\"status\":0") && ok.contains("cpu.web01 is OK"), ok);
        assertEquals(List.of(), services.findAllUnmatchedRequests().stream().map(LoggedRequest::getUrl).toList());
    }
}
