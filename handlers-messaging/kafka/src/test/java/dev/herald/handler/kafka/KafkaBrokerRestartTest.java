package dev.herald.handler.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.testkit.SampleEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A broker stopped mid-run gives retryable failures; once it is back, the same handler delivers again. */
class KafkaBrokerRestartTest {
    private static EmbeddedKafka kafka;
    private final KafkaHandlerFactory factory = new KafkaHandlerFactory();

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafka();
        kafka.createTopic("restart", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void deliveryResumesAfterTheBrokerComesBack() throws Exception {
        ServiceConfig<KafkaConfig> config = ServiceConfig.bind(factory, List.of(Map.of("enabled", true, "id", "c",
                "brokers", List.of(kafka.bootstrapServers()), "timeout", "2s")));
        try (Handler handler = factory.create(factory.optionsSchema().bind(Map.of("cluster", "c", "topic",
                "restart", "template", "{{ .Message }}")), config, HandlerContext.standalone())) {
            assertTrue(handler.handle(SampleEvents.event(Level.WARNING, "before")).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS).isDelivered());
            kafka.stopBroker();
            HandlerResult down = handler.handle(SampleEvents.event(Level.CRITICAL, "while down"))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertTrue(assertInstanceOf(HandlerResult.Failed.class, down).retryable(), down::toString);
            kafka.startBroker();
            HandlerResult after = null;
            for (int attempt = 0; attempt < 20 && (after == null || !after.isDelivered()); attempt++) {
                // the lane would retry with backoff; here each attempt is one call, bounded
                after = handler.handle(SampleEvents.event(Level.CRITICAL, "after")).toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                assertTrue(after.isDelivered() || ((HandlerResult.Failed) after).retryable(), after::toString);
            }
            assertTrue(after.isDelivered(), after::toString);
        }
        List<String> values = kafka.read("restart", 2).stream().map(EmbeddedKafka.Read::value).toList();
        assertEquals("before", values.get(0));
        assertTrue(values.contains("after"), values.toString());
    }
}
