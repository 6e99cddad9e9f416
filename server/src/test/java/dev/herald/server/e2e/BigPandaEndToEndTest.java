package dev.herald.server.e2e;

import dev.herald.server.TestServer;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BigPanda plugin through the whole server: {@code [bigpanda]} in the config file, a TICKscript task and a
 * topic handler over the HTTP API, points written to {@code /kapacitor/v1/write}, and the exact requests WireMock
 * (standing in for BigPanda) receives, with host and check the same for trigger and recovery; plus the config API,
 * the service test and the handler listing.
 */
class BigPandaEndToEndTest {
    @RegisterExtension
    static WireMockExtension bigpanda = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();

    private static final String PATH = "/data/v2/alerts";

    @TempDir
    Path dir;
    TestServer api;

    @BeforeEach
    void start() {
        bigpanda.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withBody("{\"status\":\"created\"}")));
        api = TestServer.start(dir, "[bigpanda]\n  enabled = true\n  url = \"" + bigpanda.baseUrl()
                + PATH + "\"\n  app-key = \"my-app-key\"\n  token = \"bp-t0ken\"\n");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void tickscriptTaskSendsTheAlertAndItsRecoveryWithTheSameIdentity() {
        api.defineTask("bp_cpu", "stream\n    |from()\n        .measurement('cpu')\n    |alert()\n"
                + "        .id('kapacitor/{{ .Name }}/{{ index .Tags \"host\" }}')\n"
                + "        .crit(lambda: \"usage_idle\" < 10)\n"
                + "        .bigPanda()\n            .appKey('task-app-key')\n"
                + "            .host('{{ index .Tags \"host\" }}')\n            .primaryProperty('host')\n"
                + "            .secondaryProperty('check')\n"
                + "            .attribute('runbook', 'http://wiki/{{ .Name }}')\n");
        api.write("cpu,host=serverA usage_idle=3 10\ncpu,host=serverA usage_idle=50 20");

        List<LoggedRequest> got = TestServer.awaitRequests(bigpanda, 2);
        assertRequest(got.get(0), "{\"app_key\":\"task-app-key\",\"check\":\"kapacitor/cpu/serverA\","
                + "\"description\":\"kapacitor/cpu/serverA is CRITICAL\",\"host\":\"serverA\","
                + "\"primary_property\":\"host\",\"runbook\":\"http://wiki/cpu\",\"secondary_property\":\"check\","
                + "\"status\":\"critical\",\"task\":\"bp_cpu:cpu\",\"timestamp\":10,\"usage_idle\":\"3\"}");
        assertRequest(got.get(1), "{\"app_key\":\"task-app-key\",\"check\":\"kapacitor/cpu/serverA\","
                + "\"description\":\"kapacitor/cpu/serverA is OK\",\"host\":\"serverA\","
                + "\"primary_property\":\"host\",\"runbook\":\"http://wiki/cpu\",\"secondary_property\":\"check\","
                + "\"status\":\"ok\",\"task\":\"bp_cpu:cpu\",\"timestamp\":20,\"usage_idle\":\"50\"}");
    }

    @Test
    void topicHandlerWithOptionsKeepsTheHostTagWithoutAHostOption() {
        api.defineTask("bp_topic", "stream|from().measurement('cpu')|alert()"
                + ".id('{{ .Name }}:{{ index .Tags \"host\" }}').details('CPU idle is {{ index .Fields \"usage_idle\" }}')"
                + ".warn(lambda: \"usage_idle\" < 10).topic('cpu')");
        TestServer.Response h = api.post("/kapacitor/v1/alerts/topics/cpu/handlers",
                "{\"id\":\"bp\",\"kind\":\"bigpanda\",\"options\":{\"app-key\":\"file-key\","
                        + "\"attributes\":{\"page\":true,\"team\":\"ops\"}}}");
        assertEquals(200, h.status(), h.body());
        api.write("cpu,host=web01,dc=eu usage_idle=1 10");

        assertRequest(TestServer.awaitRequests(bigpanda, 1).get(0), "{\"app_key\":\"file-key\",\"check\":\"cpu:web01\","
                + "\"dc\":\"eu\",\"description\":\"cpu:web01 is WARNING\",\"details\":\"CPU idle is 1\","
                + "\"host\":\"web01\",\"page\":\"true\",\"status\":\"warning\",\"task\":\"bp_topic:cpu\","
                + "\"team\":\"ops\",\"timestamp\":10,\"usage_idle\":\"1\"}");
    }

    @Test
    void globalWithStateChangesOnlySendsFromEveryAlertNodeOnlyOnChanges() {
        api.close();
        api = TestServer.start(dir.resolve("global"), "[bigpanda]\n  enabled = true\n  url = \""
                + bigpanda.baseUrl() + PATH + "\"\n  app-key = \"my-app-key\"\n  token = \"bp-t0ken\"\n"
                + "  auto-attributes = \"\"\n  global = true\n  state-changes-only = true\n");
        api.defineTask("bp_global", "stream|from().measurement('cpu')|alert().id('{{ .Name }}')"
                + ".crit(lambda: \"usage_idle\" < 10)");
        api.write("cpu,host=a usage_idle=3 10\ncpu,host=a usage_idle=2 20\ncpu,host=a usage_idle=50 30");

        List<LoggedRequest> got = TestServer.awaitRequests(bigpanda, 2);
        assertRequest(got.get(0), "{\"app_key\":\"my-app-key\",\"check\":\"cpu\",\"description\":\"cpu is CRITICAL\","
                + "\"host\":\"\",\"status\":\"critical\",\"task\":\"bp_global:cpu\",\"timestamp\":10}");
        assertRequest(got.get(1), "{\"app_key\":\"my-app-key\",\"check\":\"cpu\",\"description\":\"cpu is OK\","
                + "\"host\":\"\",\"status\":\"ok\",\"task\":\"bp_global:cpu\",\"timestamp\":30}");
    }

    @Test
    void configApiRedactsTheTokenButNotTheAppKey() {
        TestServer.Response r = api.get("/kapacitor/v1/config/bigpanda");
        assertEquals(200, r.status(), r.body());
        JsonNode element = r.json().path("elements").get(0);
        JsonNode options = element.path("options");
        assertEquals(true, options.path("token").asBoolean(), r.body());
        assertEquals("my-app-key", options.path("app-key").asText());
        assertEquals("tags,fields", options.path("auto-attributes").asText());
        assertEquals("[\"token\"]", element.path("redacted").toString());
        assertFalse(r.body().contains("bp-t0ken"));
    }

    @Test
    void serviceTestSendsKapacitorsTestAlertWithItsHost() {
        TestServer.Response defaults = api.get("/kapacitor/v1/service-tests/bigpanda");
        assertEquals("012345", defaults.json().path("options").path("app_key").asText(), defaults.body());
        TestServer.Response r = api.post("/kapacitor/v1/service-tests/bigpanda",
                "{\"timestamp\":\"2026-01-02T03:04:05Z\"}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("success").asBoolean(), r.body());
        assertRequest(TestServer.awaitRequests(bigpanda, 1).get(0), "{\"app_key\":\"012345\","
                + "\"description\":\"test bigpanda message\",\"host\":\"serverA\",\"status\":\"critical\","
                + "\"task\":\":testBigPanda\",\"timestamp\":1767323045}");

        bigpanda.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"failure\",\"error\":\"Invalid app_key\"}")));
        TestServer.Response failed = api.post("/kapacitor/v1/service-tests/bigpanda", "{}");
        assertFalse(failed.json().path("success").asBoolean(), failed.body());
        assertEquals("Invalid app_key", failed.json().path("message").asText());
    }

    @Test
    void handlersListTheKindWithItsSchemas() {
        TestServer.Response r = api.get("/kapacitor/v1/handlers/bigpanda");
        assertEquals(200, r.status(), r.body());
        JsonNode kind = r.json();
        assertEquals("bigPanda", kind.path("tickName").asText());
        JsonNode config = kind.path("config").path("properties");
        assertTrue(config.path("token").path("writeOnly").asBoolean(), config.toString());
        assertFalse(config.path("app-key").has("writeOnly"));
        JsonNode options = kind.path("options").path("properties");
        assertEquals("appKey", options.path("app-key").path("x-herald-property").asText(), options.toString());
        assertEquals("attribute", options.path("attributes").path("x-herald-property").asText());
        assertFalse(options.path("url").has("x-herald-property"), "url is handler-file only, as in Kapacitor");
    }

    private static void assertRequest(LoggedRequest request, String body) {
        assertEquals("POST", request.getMethod().getName());
        assertEquals(PATH, request.getUrl());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("Bearer bp-t0ken", request.getHeader("Authorization"));
        assertEquals(body, request.getBodyAsString());
    }
}
