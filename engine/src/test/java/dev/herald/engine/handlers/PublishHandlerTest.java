package dev.herald.engine.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.topic.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code publish} topic handler with a real {@link dev.herald.core.topic.EventPublisher} (section 5). */
class PublishHandlerTest {
    private final PublishHandlerFactory factory = new PublishHandlerFactory();

    record Published(String topic, AlertEvent event) {
    }

    @Test
    void publishesTheSameEventIntoEachTopicInOrder() throws Exception {
        List<Published> published = new CopyOnWriteArrayList<>();
        HandlerContext context = HandlerContext.standalone()
                .withPublisher((topic, event) -> published.add(new Published(topic, event)));
        AlertEvent event = Fixtures.critical().withTopic("publish");
        try (Handler handler = Fixtures.create(factory, Map.of("topics", List.of("ops", "archive", "ops")),
                context)) {
            assertTrue(Fixtures.await(handler.handle(event)).isDelivered());
        }
        assertEquals(List.of("ops", "archive"), published.stream().map(Published::topic).toList());
        for (Published p : published) {
            assertEquals(event.withTopic(p.topic()), p.event());
            assertEquals(Fixtures.A, AlertEventJson.toJson(p.event()));
        }
    }

    /**
     * TestServer_Alert_Publish: alert node publishes into {@code publish}; a publish handler there re-publishes into
     * {@code tcp}, whose tcp handler receives the event; topic {@code tcp} then holds event {@code id} CRITICAL.
     */
    @Test
    void workedExampleThroughATopicAndATcpHandler() throws Exception {
        Topic tcpTopic = new Topic("tcp");
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(20_000);
            Handler tcp = Fixtures.create(new TcpHandlerFactory(),
                    Map.of("address", "127.0.0.1:" + server.getLocalPort()), HandlerContext.standalone());
            List<CompletableFuture<HandlerResult>> deliveries = new CopyOnWriteArrayList<>();
            HandlerContext context = HandlerContext.standalone().withPublisher((topic, event) -> {
                assertEquals("tcp", topic);
                deliveries.add(tcp.handle(tcpTopic.publish(event)).toCompletableFuture());
            });
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Handler publish = Fixtures.create(factory, Map.of("topics", List.of("tcp")), context)) {
                AlertEvent event = Fixtures.event("publish", 2.0, Instant.EPOCH, Duration.ZERO, Level.CRITICAL);
                assertTrue(Fixtures.await(publish.handle(event)).isDelivered());
            }
            assertEquals(1, deliveries.size());
            assertTrue(deliveries.get(0).get(20, TimeUnit.SECONDS).isDelivered());
            assertEquals("{\"id\":\"id\",\"message\":\"message\",\"details\":\"details\","
                    + "\"time\":\"1970-01-01T00:00:00Z\",\"duration\":0,\"level\":\"CRITICAL\","
                    + "\"data\":{\"series\":[{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
                    + "\"values\":[[\"1970-01-01T00:00:00Z\",2]]}]},\"previousLevel\":\"OK\",\"recoverable\":true}\n\n",
                    received.get(20, TimeUnit.SECONDS));
            tcp.close();
        }
        assertEquals(Level.CRITICAL, tcpTopic.event("id").orElseThrow().level());
    }

    @Test
    void neverPublishesBackIntoTheEventsOwnTopic() throws Exception {
        List<String> topics = new CopyOnWriteArrayList<>();
        HandlerContext context = HandlerContext.standalone().withPublisher((topic, event) -> topics.add(topic));
        try (Handler handler = Fixtures.create(factory, Map.of("topics", List.of("a", "b")), context)) {
            assertTrue(Fixtures.await(handler.handle(Fixtures.critical().withTopic("a"))).isDelivered());
        }
        assertEquals(List.of("b"), topics);
    }

    @Test
    void aPublisherErrorIsAPermanentFailureNamingTheTopic() throws Exception {
        HandlerContext context = HandlerContext.standalone().withPublisher((topic, event) -> {
            if (topic.equals("broken")) {
                throw new IllegalStateException("engine is stopping");
            }
        });
        try (Handler handler = Fixtures.create(factory, Map.of("topics", List.of("ok", "broken")), context)) {
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class,
                    Fixtures.await(handler.handle(Fixtures.critical())));
            assertFalse(failed.retryable());
            assertEquals("failed to publish event to topics [broken]: engine is stopping", failed.reason());
        }
    }

    @Test
    void topicsMustBeGivenAndValid() {
        HandlerContext context = HandlerContext.standalone();
        assertThrows(ConfigException.class, () -> factory.optionsSchema().bind(Map.of()));
        ConfigException empty = assertThrows(ConfigException.class,
                () -> Fixtures.create(factory, Map.of("topics", List.of()), context));
        assertEquals("topics", empty.key().orElseThrow());
        ConfigException invalid = assertThrows(ConfigException.class,
                () -> Fixtures.create(factory, Map.of("topics", List.of("has space")), context));
        assertEquals("topics", invalid.key().orElseThrow());
        Fixtures.create(factory, Map.of("topics", List.of("main:task:alert2", "cpu.high", "Ünïcode-_")), context)
                .close();
    }
}
