package dev.herald.engine.influxdb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.engine.Herald;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.task.Dbrp;
import dev.herald.engine.task.TaskSpec;
import dev.herald.engine.tick.TickscriptException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** influxDBOut against a WireMock InfluxDB: the exact write and CREATE DATABASE requests, buffering, retries. */
class InfluxDbOutTest {
    private WireMockServer influx;
    private Herald herald;

    @BeforeEach
    void start() {
        influx = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        influx.start();
        influx.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        herald = Herald.builder().influxdb(List.of(Map.of("name", "local", "urls",
                List.of("http://127.0.0.1:" + influx.port()), "username", "kapa", "password", "s3cr3t",
                "subscriptions", Map.of("db", List.of("rp")), "udp-bind", ""))).build();
    }

    @AfterEach
    void stop() {
        herald.close(Duration.ofSeconds(2));
        influx.stop();
    }

    private static <T> T await(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T got;
        while ((got = value.get()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return got;
    }

    private List<LoggedRequest> writes(int count) {
        return await(count + " write(s)", () -> {
            List<LoggedRequest> all = influx.findAll(postRequestedFor(urlPathEqualTo("/write")));
            return all.size() >= count ? all : null;
        });
    }

    @Test
    void aFullBufferIsOneWriteWithKapacitorsQueryAndTheLinesOfEachPoint() {
        herald.defineTask(TaskSpec.stream("out", "stream|from().measurement('cpu')|influxDBOut().cluster('local')"
                + ".database('mydb').retentionPolicy('myrp').measurement('cpu_out').tag('source', 'kapa citor')"
                + ".precision('s').buffer(2).create()", new Dbrp("telegraf", "autogen")));
        herald.write("cpu,host=a usage=1.5,n=3i,ok=true,note=\"say \\\"hi\\\"\" 10\ncpu,host=b usage=2 11",
                "telegraf", "autogen", Precision.SECONDS);
        LoggedRequest write = writes(1).get(0);
        assertEquals("/write?consistency=&db=mydb&precision=s&rp=myrp", write.getUrl());
        assertEquals("application/octet-stream", write.getHeader("Content-Type"));
        assertEquals("Basic a2FwYTpzM2NyM3Q=", write.getHeader("Authorization"));
        assertEquals("cpu_out,host=a,source=kapa\\ citor n=3i,note=\"say \\\"hi\\\"\",ok=true,usage=1.5 10\n"
                + "cpu_out,host=b,source=kapa\\ citor usage=2 11\n", write.getBodyAsString());
        LoggedRequest create = influx.findAll(postRequestedFor(urlPathEqualTo("/query"))).get(0);
        assertEquals("/query?db=&q=CREATE+DATABASE+mydb+WITH+NAME+myrp", create.getUrl());
    }

    @Test
    void theFlushIntervalSendsAPartialBufferAndA5xxIsRetried() {
        influx.resetMappings();
        influx.stubFor(any(anyUrl()).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        influx.stubFor(any(anyUrl()).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204)));
        herald.defineTask(TaskSpec.stream("slow", "stream|from().measurement('cpu')|influxDBOut().database('db')"
                + ".flushInterval(100ms)", new Dbrp("telegraf", "autogen")));
        herald.write("cpu,host=a v=1 1000000000", "telegraf", "autogen", Precision.NANOSECONDS);
        List<LoggedRequest> both = writes(2);
        assertEquals(both.get(0).getBodyAsString(), both.get(1).getBodyAsString(), "the same write, again");
        assertEquals("/write?consistency=&db=db&precision=&rp=", both.get(1).getUrl());
        assertEquals("cpu,host=a v=1 1000000000\n", both.get(1).getBodyAsString());
    }

    @Test
    void aRefusedBatchIsADeadLetterThatCanBeSentAgain() {
        influx.resetMappings();
        influx.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"partial write: field type conflict\"}")));
        herald.defineTask(TaskSpec.stream("conflict", "stream|from().measurement('cpu')|influxDBOut().database('db')"
                + ".retentionPolicy('rp')", new Dbrp("telegraf", "autogen")));
        herald.write("cpu,host=a v=\"text\" 5", "telegraf", "autogen", Precision.SECONDS);
        var dead = await("the dead letter", () -> herald.deadLetters().isEmpty() ? null : herald.deadLetters().get(0));
        assertEquals(1, influx.findAll(postRequestedFor(urlPathEqualTo("/write"))).size(), "4xx: not tried again");
        assertEquals("influxdb", dead.kind());
        assertTrue(dead.lane().startsWith("influxDBOut:conflict:"), dead.lane());
        assertEquals("InfluxDB cluster \"local\" answered 400: {\"error\":\"partial write: field type conflict\"}",
                dead.reason());
        assertEquals("cpu,host=a v=\"text\" 5000000000\n", dead.event().message());

        influx.resetMappings();
        influx.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        herald.resendDeadLetter(dead.id());
        LoggedRequest again = writes(2).get(1);
        assertEquals("/write?consistency=&db=db&precision=&rp=rp", again.getUrl());
        assertEquals("cpu,host=a v=\"text\" 5000000000\n", again.getBodyAsString());
        assertTrue(herald.deadLetters().isEmpty());
    }

    @Test
    void kapacitorsChecksAtDefinition() {
        TickscriptException noDb = assertThrows(TickscriptException.class, () -> herald.defineTask(TaskSpec.stream(
                "x", "stream|from()|influxDBOut()", new Dbrp("t", "a"))));
        assertTrue(noDb.getMessage().contains("must specify a database"), noDb.getMessage());
        TickscriptException unknown = assertThrows(TickscriptException.class, () -> herald.defineTask(
                TaskSpec.stream("y", "stream|from()|influxDBOut().cluster('nope').database('d')",
                        new Dbrp("t", "a"))));
        assertTrue(unknown.getMessage().contains("unknown InfluxDB cluster \"nope\""), unknown.getMessage());
        assertEquals("\"my db\"", InfluxDbClusters.quoteIdent("my db"));
        assertEquals("mydb", InfluxDbClusters.quoteIdent("mydb"));
        assertTrue(influx.findAll(anyRequestedFor(anyUrl())).isEmpty());
    }
}
