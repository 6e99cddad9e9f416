package dev.herald.engine.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code aggregate} topic handler with a real {@link dev.herald.core.topic.EventPublisher} (section 6). */
class AggregateHandlerTest {
    private final AggregateHandlerFactory factory = new AggregateHandlerFactory();

    record Published(String topic, AlertEvent event) {
    }

    private final BlockingQueue<Published> published = new LinkedBlockingQueue<>();
    private final HandlerContext context = HandlerContext.standalone()
            .withPublisher((topic, event) -> published.add(new Published(topic, event)));

    private static AlertEvent point(double value, long millis, Level level) {
        return Fixtures.event("agg", value, Instant.ofEpochMilli(millis), Duration.ofMillis(millis), level);
    }

    /**
     * TestServer_Alert_Aggregate: {"id":"id-agg","interval":100000000,"topic":"tcp"}; points value=3 @0, 4 @1ms,
     * 2 @2ms, all CRITICAL; one aggregated event reaches topic tcp.
     */
    @Test
    void workedExampleAggregatesOneIntervalIntoOneEvent() throws Exception {
        try (Handler handler = Fixtures.create(factory,
                Map.of("id", "id-agg", "interval", 100_000_000L, "topic", "tcp"), context)) {
            for (AlertEvent event : List.of(point(3, 0, Level.CRITICAL), point(4, 1, Level.CRITICAL),
                    point(2, 2, Level.CRITICAL))) {
                assertTrue(Fixtures.await(handler.handle(event)).isDelivered());
            }
            Published first = published.poll(10, TimeUnit.SECONDS);
            assertTrue(first != null, "no aggregated event within 10s");
            assertEquals("tcp", first.topic());
            assertEquals("{\"id\":\"id-agg\",\"message\":\"Received 3 events in the last 100ms.\","
                    + "\"details\":\"message\\nmessage\\nmessage\",\"time\":\"1970-01-01T00:00:00.002Z\","
                    + "\"duration\":2000000,\"level\":\"CRITICAL\",\"data\":{\"series\":["
                    + "{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],\"values\":[[\"1970-01-01T00:00:00Z\",3]]},"
                    + "{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
                    + "\"values\":[[\"1970-01-01T00:00:00.001Z\",4]]},"
                    + "{\"name\":\"alert\",\"columns\":[\"time\",\"value\"],"
                    + "\"values\":[[\"1970-01-01T00:00:00.002Z\",2]]}]},"
                    + "\"previousLevel\":\"OK\",\"recoverable\":false}", AlertEventJson.toJson(first.event()));
            // Intervals without events publish nothing.
            assertEquals(null, published.poll(350, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void eachIntervalPublishesWhatArrivedInIt() throws Exception {
        try (Handler handler = Fixtures.create(factory,
                Map.of("id", "agg", "interval", "200ms", "topic", "ops"), context)) {
            handler.handle(point(1, 5, Level.WARNING));
            Published one = published.poll(10, TimeUnit.SECONDS);
            assertTrue(one != null, "no first aggregate");
            assertEquals("Received 1 events in the last 200ms.", one.event().message());
            assertEquals(Level.WARNING, one.event().level());
            handler.handle(point(1, 6, Level.INFO));
            handler.handle(point(1, 7, Level.OK));
            Published two = published.poll(10, TimeUnit.SECONDS);
            assertTrue(two != null, "no second aggregate");
            assertEquals(Level.INFO, two.event().level());
            assertEquals(2, two.event().data().series().size());
        }
    }

    @Test
    void aggregateTakesMaxLevelLatestTimeLongestDurationAndTheMessageTemplate() {
        AggregateHandlerFactory.AggregateHandler handler = (AggregateHandlerFactory.AggregateHandler) Fixtures.create(
                factory, Map.of("id", "x", "interval", "1m", "topic", "ops",
                        "message", "{{ .Count }} alerts every {{ .Interval }}"), context);
        try {
            AlertEvent a = point(1, 50, Level.WARNING);
            AlertEvent b = point(2, 10, Level.CRITICAL);
            AlertEvent c = new AlertEvent("agg", "other", "second", "d", Instant.ofEpochMilli(30),
                    Duration.ofMinutes(5), Level.INFO, Level.WARNING, point(3, 30, Level.INFO).data());
            AlertEvent agg = handler.aggregate(List.of(a, b, c));
            assertEquals("x", agg.id());
            assertEquals("3 alerts every 1m0s", agg.message());
            assertEquals("message\nmessage\nsecond", agg.details());
            assertEquals(Level.CRITICAL, agg.level());
            assertEquals(Instant.ofEpochMilli(50), agg.time());
            assertEquals(Duration.ofMinutes(5), agg.duration());
            assertEquals(3, agg.data().series().size());
            assertFalse(agg.data().recoverable());
            assertEquals("", agg.data().name());
            assertEquals(Map.of(), agg.data().tags());
        } finally {
            handler.close();
        }
    }

    @Test
    void closePublishesThePendingEvents() throws Exception {
        Handler handler = Fixtures.create(factory, Map.of("id", "agg", "interval", "1h", "topic", "ops"), context);
        handler.handle(point(1, 0, Level.CRITICAL));
        handler.close();
        Published last = published.poll(10, TimeUnit.SECONDS);
        assertTrue(last != null, "pending event dropped on close");
        assertEquals("Received 1 events in the last 1h0m0s.", last.event().message());
        assertFalse(Fixtures.await(handler.handle(point(1, 0, Level.OK))).isDelivered());
    }

    @Test
    void intervalMustBePositiveTopicValidAndTemplateSound() {
        ConfigException zero = assertThrows(ConfigException.class, () -> Fixtures.create(factory,
                Map.of("interval", 0, "topic", "ops"), context));
        assertEquals("interval", zero.key().orElseThrow());
        assertThrows(ConfigException.class, () -> factory.optionsSchema().bind(Map.of("topic", "ops")));
        ConfigException topic = assertThrows(ConfigException.class, () -> Fixtures.create(factory,
                Map.of("interval", "1s", "topic", "bad topic"), context));
        assertEquals("topic", topic.key().orElseThrow());
        ConfigException syntax = assertThrows(ConfigException.class, () -> Fixtures.create(factory,
                Map.of("interval", "1s", "topic", "ops", "message", "{{ .Count "), context));
        assertEquals("message", syntax.key().orElseThrow());
        ConfigException exec = assertThrows(ConfigException.class, () -> Fixtures.create(factory,
                Map.of("interval", "1s", "topic", "ops", "message", "{{ index .Count 1 }}"), context));
        assertTrue(exec.getMessage().contains("failed to evaluate message template"), exec.getMessage());
    }

    @Test
    void defaultMessageIsKapacitors() {
        AggregateOptions options = factory.optionsSchema().bind(Map.of("interval", 100_000_000L, "topic", "t"));
        assertEquals("Received {{ .Count }} events in the last {{.Interval}}.", options.message());
        assertEquals(Duration.ofMillis(100), options.interval());
        assertEquals("", options.id());
    }
}
