package dev.herald.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /kapacitor/v1/service-tests}: listing, defaults, running against WireMock, and the error cases. */
class ServiceTestsApiTest {
    @RegisterExtension
    static WireMockExtension mock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start() {
        mock.stubFor(post(urlEqualTo("/slack")).willReturn(aResponse().withStatus(200)));
        mock.stubFor(post(urlEqualTo("/httppost")).willReturn(aResponse().withStatus(500)));
        s = TestServer.start(dir, "[[slack]]\n  enabled = true\n  url = \"" + mock.baseUrl() + "/slack\"\n");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void listsTestsSortedByNameWithDefaults() {
        JsonNode body = s.get("/kapacitor/v1/service-tests").json();
        assertEquals("/kapacitor/v1/service-tests", body.path("link").path("href").asText());
        List<String> names = new ArrayList<>();
        body.path("services").forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.containsAll(List.of("hipchat", "httppost", "slack", "telegram")), names.toString());
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
        JsonNode slack = s.get("/kapacitor/v1/service-tests/slack").json();
        assertEquals("/kapacitor/v1/service-tests/slack", slack.path("link").path("href").asText());
        assertEquals("test slack message", slack.path("options").path("message").asText());
        assertEquals(List.of("slack"), names(s.get("/kapacitor/v1/service-tests?pattern=sl*").json()));
        assertEquals(404, s.get("/kapacitor/v1/service-tests/nosuch").status());
    }

    private static List<String> names(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("services").forEach(t -> out.add(t.path("name").asText()));
        return out;
    }

    @Test
    void runBindsTheBodyOnTopOfTheDefaults() {
        TestServer.Response r = s.post("/kapacitor/v1/service-tests/slack", "{\"channel\":\"#test\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(true, r.json().path("success").asBoolean(), r.body());
        assertEquals("", r.json().path("message").asText());
        String body = mock.findAll(postRequestedFor(urlEqualTo("/slack"))).get(0).getBodyAsString();
        assertTrue(body.contains("\"channel\":\"#test\""), body);
        assertTrue(body.contains("test slack message"), body);
    }

    @Test
    void failureIsStill200WithTheReason() {
        TestServer.Response r = s.post("/kapacitor/v1/service-tests/telegram", "{}");
        assertEquals(200, r.status());
        assertEquals(false, r.json().path("success").asBoolean());
        assertEquals("service is not enabled", r.json().path("message").asText());
    }

    @Test
    void emptyOrMalformedBodyIs400() {
        TestServer.Response empty = s.post("/kapacitor/v1/service-tests/slack", "");
        assertEquals(400, empty.status());
        assertTrue(empty.error().contains("empty"), empty.body());
        assertEquals(400, s.post("/kapacitor/v1/service-tests/slack", "{\"channel\":").status());
        TestServer.Response wrongType = s.post("/kapacitor/v1/service-tests/slack", "{\"channel\":5}");
        assertEquals(400, wrongType.status());
        assertTrue(wrongType.error().contains("channel"), wrongType.body());
        assertEquals(400, s.post("/kapacitor/v1/service-tests/slack", "[1]").status());
    }
}
