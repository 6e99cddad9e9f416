package dev.herald.engine.pipeline.nodes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.herald.engine.pipeline.nodes.NodeHarness.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.handlers.PostHandlerFactory;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The httpPost node against WireMock: the exact request, the code field, endpoints and define-time errors. */
class HttpPostNodeTest {
    private WireMockServer server;
    /** Requests as WireMock answers them (its journal may record a request after the client got the response). */
    private final List<LoggedRequest> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        // copied while the request is live
        server.addMockServiceRequestListener((request, response) -> requests.add(LoggedRequest.createFrom(request)));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void postsEachPointAsKapacitorRowJsonAndAddsTheStatus() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201)));
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('cpu')
                    |httpPost('%s/rows/{{.Name}}')
                        .header('X-Team', 'ops')
                        .codeField('code')
                        .timeout(5s)
                    |httpOut('out')
                """.formatted(base()))) {
            h.write("cpu,host=a value=1.5,n=2i 1\n");
            assertEquals(1, requests.size());
            LoggedRequest r = requests.get(0);
            assertEquals(RequestMethod.POST, r.getMethod());
            assertEquals("/rows/cpu", r.getUrl());
            assertEquals("application/json", r.getHeader("Content-Type"));
            assertEquals("ops", r.getHeader("X-Team"));
            assertEquals("{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},\"columns\":[\"time\",\"n\","
                    + "\"value\"],\"values\":[[\"1970-01-01T00:00:01Z\",2,1.5]]}]}\n",
                    new String(r.getBody(), StandardCharsets.UTF_8));
            SeriesRow out = h.row();
            assertEquals(List.of("time", "code", "n", "value"), out.columns());
            assertEquals(List.of(row(sec(1), 201L, 2L, 1.5)), out.values());
        }
    }

    @Test
    void kapacitorsHttpPostCase() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        try (NodeHarness h = new NodeHarness("""
                stream
                	|from()
                		.measurement('cpu')
                		.where(lambda: "host" == 'serverA')
                		.groupBy('host')
                	|httpPost('%s')
                	|httpOut('out')
                """.formatted(base()))) {
            h.writeSrpl("TestStream_HttpPost");
            List<String> bodies = requests.stream().map(r -> new String(r.getBody(), StandardCharsets.UTF_8))
                    .toList();
            String[] values = {"97.1", "92.6", "95.6", "93.1", "92.6", "95.8"};
            assertEquals(values.length, bodies.size(), bodies::toString);
            for (int i = 0; i < values.length; i++) {
                assertEquals("{\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"serverA\",\"type\":\"idle\"},"
                        + "\"columns\":[\"time\",\"value\"],\"values\":[[\"1970-01-01T00:00:0" + i + "Z\","
                        + values[i] + "]]}]}\n", bodies.get(i));
            }
            assertEquals(List.of(row(sec(5), 95.8)), h.row().values());
        }
    }

    @Test
    void anEndpointGivesUrlHeadersAndBasicAuthAndAFailedRequestHasCodeZero() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("boom")));
        Herald herald = Herald.builder().handlers(List.of(new PostHandlerFactory())).build();
        herald.handlers().configure("httppost", List.of(Map.of("endpoint", "ep", "url", base() + "/ep",
                "headers", Map.of("X-From", "endpoint"), "basic-auth", Map.of("username", "u", "password", "p"))));
        try (NodeHarness h = new NodeHarness(herald, """
                stream
                    |from().measurement('cpu')
                    |window().period(10s).every(10s)
                    |httpPost().endpoint('ep').codeField('code').captureResponse()
                    |httpOut('out')
                """)) {
            h.write("cpu value=1 0\ncpu value=2 10\n");
            assertEquals(1, requests.size());
            LoggedRequest r = requests.get(0);
            assertEquals("/ep", r.getUrl());
            assertEquals("endpoint", r.getHeader("X-From"));
            assertEquals("Basic dTpw", r.getHeader("Authorization"));
            assertEquals("{\"series\":[{\"name\":\"cpu\",\"columns\":[\"time\",\"value\"],\"values\":"
                    + "[[\"1970-01-01T00:00:00Z\",1]]}]}\n", new String(r.getBody(), StandardCharsets.UTF_8));
            assertEquals(List.of(row(sec(0), 500L, 1.0)), h.row().values());
        }
        String gone = base() + "/gone";
        server.stop();
        try (NodeHarness h = new NodeHarness("""
                stream
                    |from().measurement('cpu')
                    |httpPost('%s').codeField('code')
                    |httpOut('out')
                """.formatted(gone))) {
            h.write("cpu value=1 0\n");
            assertEquals(List.of(row(sec(0), 0L, 1.0)), h.row().values());
        }
    }

    @Test
    void defineTimeErrors() {
        try (Herald herald = Herald.builder().handlers(List.of()).build()) {
            for (String[] c : new String[][] {
                {"httpPost()", "must provide url or endpoint"},
                {"httpPost('http://a', 'http://b')", "httpPost expects 0 or 1 arguments, got 2"},
                {"httpPost('http://a').endpoint('x')", "only one endpoint and url may be specified"},
                {"httpPost().endpoint('x')", "endpoint 'x' does not exist"},
                {"httpPost('http://a').header('Authenticate', 'x')", "cannot set 'authenticate' header"},
            }) {
                TickscriptException e = assertThrows(TickscriptException.class, () -> herald.defineTask(
                        TaskSpec.stream("bad", "stream|from()|" + c[0])), c[0]);
                assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            }
        }
    }
}
