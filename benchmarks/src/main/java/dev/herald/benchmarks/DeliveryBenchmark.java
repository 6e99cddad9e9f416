package dev.herald.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.event.SeriesRow;
import dev.herald.engine.Herald;
import dev.herald.engine.topic.TopicHandlerSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Delivery lanes through the embedding API with the durable outbox (a segment log in a temporary directory):
 * events published to a topic, appended to the outbox, and delivered by the topic's handler; a score is events per
 * second until the lane is drained.
 *
 * <ul>
 *   <li>{@code logLane}: the {@code log} handler to a file (target: at least 200k events/s);</li>
 *   <li>{@code logLaneBesideSlowEndpoint}: the same while another lane posts to an endpoint that takes 1 s per
 *       request (target: within 10% of {@code logLane});</li>
 *   <li>{@code postLane} and {@code httpLoop}: the {@code post} handler to a loopback sink, and a plain
 *       {@code java.net.http} loop sending the same JSON to the same sink, one request at a time (target: the lane at
 *       least 0.8 of the loop).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DeliveryBenchmark {
    static final int LOG_EVENTS = 20_000;
    static final int POST_EVENTS = 2_000;

    private Path dir;
    private Herald herald;
    private HttpServer sink;
    private HttpServer slow;
    private HttpClient client;
    private String sinkUrl;
    private AlertEvent event;
    private byte[] eventJson;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("herald-delivery-bench");
        herald = Herald.builder().dataDir(dir).build();
        sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        sink.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.setExecutor(Executors.newFixedThreadPool(2));
        sink.start();
        slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        slow.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slow.setExecutor(Executors.newFixedThreadPool(4));
        slow.start();
        sinkUrl = "http://127.0.0.1:" + sink.getAddress().getPort() + "/alerts";
        herald.defineTopicHandler(TopicHandlerSpec.fromMap(Map.of("id", "file", "kind", "log",
                "options", Map.of("path", dir.resolve("alerts.log").toString())), "logs"));
        herald.defineTopicHandler(TopicHandlerSpec.fromMap(Map.of("id", "hook", "kind", "post",
                "options", Map.of("url", sinkUrl)), "hooks"));
        herald.defineTopicHandler(TopicHandlerSpec.fromMap(Map.of("id", "slow", "kind", "post",
                "options", Map.of("url", "http://127.0.0.1:" + slow.getAddress().getPort() + "/")), "slow"));
        List<List<Object>> values = new ArrayList<>();
        values.add(List.of(Instant.parse("2026-12-04T10:00:00Z"), 3.5));
        event = new AlertEvent("t", "cpu:host=web01", "cpu:host=web01 is CRITICAL: usage_idle=3.5", "",
                Instant.parse("2026-12-04T10:00:00Z"), Duration.ofMinutes(2), Level.CRITICAL, Level.OK,
                new EventData("cpu", "cpu_alert", "", "host=web01", Map.of("host", "web01"),
                        Map.of("usage_idle", 3.5), true, List.of(new SeriesRow("cpu", Map.of("host", "web01"),
                                List.of("time", "usage_idle"), values))));
        eventJson = dev.herald.core.event.AlertEventJson.toJson(event).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @TearDown
    public void tearDown() throws IOException {
        herald.close(Duration.ofSeconds(5));
        sink.stop(0);
        slow.stop(0);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void publish(String topic, int n) {
        for (int i = 0; i < n; i++) {
            herald.publish(topic, event);
        }
        herald.commit();
        if (!herald.awaitDelivery(Duration.ofMinutes(2))) {
            throw new IllegalStateException("not drained");
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOG_EVENTS)
    public void logLane() {
        publish("logs", LOG_EVENTS);
    }

    @Benchmark
    @OperationsPerInvocation(LOG_EVENTS)
    public void logLaneBesideSlowEndpoint() {
        herald.publish("slow", event);
        for (int i = 0; i < LOG_EVENTS; i++) {
            herald.publish("logs", event);
        }
        herald.commit();
        // Wait for the log lane only: the slow lane finishes its one-second request in the background.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (herald.topics().queueDepths().getOrDefault("log", 0) > 0 && System.nanoTime() < deadline) {
            // park, not spin: on two cores a spinning benchmark thread takes the core the lanes deliver on
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }

    @Benchmark
    @OperationsPerInvocation(POST_EVENTS)
    public void postLane() {
        publish("hooks", POST_EVENTS);
    }

    @Benchmark
    @OperationsPerInvocation(POST_EVENTS)
    public void httpLoop() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sinkUrl)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(eventJson))
                .build();
        for (int i = 0; i < POST_EVENTS; i++) {
            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("sink answered " + r.statusCode());
            }
        }
    }
}
