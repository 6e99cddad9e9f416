package dev.herald.handler.mqtt;

import static dev.herald.core.testkit.ServiceTestRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler against a real broker: topic, payload, QoS and retain flag as a Paho subscriber sees them; broker
 * choice; credentials; a broker restart; the service test; Kapacitor's config checks.
 */
class MqttDeliveryTest {
    private static EmbeddedBroker broker;
    private final MqttHandlerFactory factory = new MqttHandlerFactory();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private MqttClient subscriber;

    record Received(String topic, String payload, int qos, boolean retained) {
    }

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void subscribe() throws MqttException {
        subscriber = subscriber("alerts/#", received);
    }

    @AfterEach
    void unsubscribe() throws MqttException {
        subscriber.disconnect();
        subscriber.close();
    }

    private static MqttClient subscriber(String filter, BlockingQueue<Received> into) throws MqttException {
        MqttClient client = new MqttClient(broker.url(), "sub-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(EmbeddedBroker.USER);
        options.setPassword(EmbeddedBroker.PASSWORD.toCharArray());
        client.connect(options);
        client.subscribe(filter, 2, (topic, m) -> into.add(new Received(topic,
                new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(), m.isRetained())));
        return client;
    }

    private ServiceConfig<MqttConfig> config(Map<String, Object> extra) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("enabled", true);
        keys.put("name", "local");
        keys.put("url", broker.url());
        keys.put("username", EmbeddedBroker.USER);
        keys.put("password", EmbeddedBroker.PASSWORD);
        keys.putAll(extra);
        return ServiceConfig.bind(factory, List.of(keys));
    }

    private HandlerResult send(Handler handler, AlertEvent event) throws Exception {
        return handler.handle(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Handler handler(ServiceConfig<MqttConfig> config, Map<String, Object> options) {
        return factory.create(factory.optionsSchema().bind(options), config, HandlerContext.standalone());
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(20, TimeUnit.SECONDS);
        assertNotNull(r, "no message reached the subscriber");
        return r;
    }

    @Test
    void theMessageIsPublishedToTheRenderedTopicWithQosAndRetainAsKapacitorsExample() throws Exception {
        broker.published.clear();
        try (Handler handler = handler(config(Map.of("client-id", "kapa")), Map.of("topic", "alerts/{{.TaskName}}",
                "qos", "at-least-once", "retained", true))) {
            HandlerResult r = send(handler, SampleEvents.critical());
            assertTrue(r.isDelivered(), r::toString);
        }
        assertEquals(new EmbeddedBroker.Published("kapa", "alerts/testAlertHandlers", "message", 1, true),
                broker.published.poll(20, TimeUnit.SECONDS), "the PUBLISH as the broker received it");
        assertEquals(new Received("alerts/testAlertHandlers", "message", 1, false), next());
        // the broker kept it: a later subscriber gets it (Moquette 0.17 delivers it without the retain flag)
        BlockingQueue<Received> later = new LinkedBlockingQueue<>();
        MqttClient newcomer = subscriber("alerts/testAlertHandlers", later);
        try {
            Received kept = later.poll(20, TimeUnit.SECONDS);
            assertNotNull(kept, "the retained message");
            assertEquals("message", kept.payload());
            newcomer.publish("alerts/testAlertHandlers", new byte[0], 1, true); // clears it for the other tests
        } finally {
            newcomer.disconnect();
            newcomer.close();
        }
    }

    @Test
    void qosNumbersAndTheDefaultBrokerAmongSeveral() throws Exception {
        ServiceConfig<MqttConfig> two = ServiceConfig.bind(factory, List.of(
                Map.of("enabled", true, "name", "other", "url", "tcp://127.0.0.1:1"),
                Map.of("enabled", true, "name", "local", "default", true, "url", broker.url(), "username",
                        EmbeddedBroker.USER, "password", EmbeddedBroker.PASSWORD)));
        try (Handler handler = handler(two, Map.of("topic", "alerts/two", "qos", 2L))) {
            assertTrue(send(handler, SampleEvents.event(Level.OK, "recovered")).isDelivered());
        }
        Received got = next();
        while (!got.topic().equals("alerts/two")) {
            got = next(); // another test's clearing of its retained message
        }
        assertEquals(new Received("alerts/two", "recovered", 2, false), got);
        try (Handler handler = handler(two, Map.of("topic", "alerts/none", "broker-name", "nope"))) {
            HandlerResult.Failed f = assertInstanceOf(HandlerResult.Failed.class, send(handler,
                    SampleEvents.critical()));
            assertFalse(f.retryable());
            assertEquals("unknown MQTT broker \"nope\"", f.reason());
        }
    }

    @Test
    void aWrongPasswordIsPermanentAndNeverShown() throws Exception {
        try (Handler handler = handler(config(Map.of("password", "wr0ng-s3cr3t", "client-id", "bad")),
                Map.of("topic", "alerts/x"))) {
            HandlerResult.Failed f = assertInstanceOf(HandlerResult.Failed.class, send(handler,
                    SampleEvents.critical()));
            assertFalse(f.retryable(), f::toString);
            assertFalse(f.reason().contains("wr0ng-s3cr3t"), f.reason());
        }
    }

    @Test
    void aStoppedBrokerIsRetryableAndDeliveryResumesWhenItIsBack() throws Exception {
        try (Handler handler = handler(config(Map.of("client-id", "restart")), Map.of("topic", "alerts/restart",
                "qos", 1L))) {
            assertTrue(send(handler, SampleEvents.event(Level.WARNING, "before")).isDelivered());
            assertEquals("before", next().payload());
            subscriber.disconnect();
            subscriber.close();
            broker.stop();
            HandlerResult.Failed down = assertInstanceOf(HandlerResult.Failed.class, send(handler,
                    SampleEvents.event(Level.CRITICAL, "while down")));
            assertTrue(down.retryable(), down::toString);
            broker.start();
            subscriber = subscriber("alerts/#", received);
            assertTrue(send(handler, SampleEvents.event(Level.CRITICAL, "after")).isDelivered());
            assertEquals("after", next().payload());
        }
    }

    @Test
    void serviceTestNeedsATopicAndPublishesKapacitorsTestMessage() throws Exception {
        ServiceTest<?> test = factory.serviceTest(config(Map.of()), HandlerContext.standalone()).orElseThrow();
        assertEquals(new MqttHandlerFactory.TestOptions("local", "", "test MQTT message", "at-most-once", false),
                test.defaultOptions());
        HandlerResult none = run(test, Map.of());
        assertEquals("missing MQTT topic", assertInstanceOf(HandlerResult.Failed.class, none).reason());
        assertTrue(run(test, Map.of("topic", "alerts/test")).isDelivered());
        assertEquals(new Received("alerts/test", "test MQTT message", 0, false), next());
    }


    @Test
    void kapacitorsConfigChecks() {
        ConfigException noUrl = assertThrows(ConfigException.class, () -> ServiceConfig.bind(factory,
                List.of(Map.of("enabled", true, "name", "b"))));
        assertTrue(noUrl.getMessage().contains("must specify a url for mqtt service \"b\""), noUrl.getMessage());
        ConfigException scheme = assertThrows(ConfigException.class, () -> ServiceConfig.bind(factory,
                List.of(Map.of("enabled", true, "name", "b", "url", "http://x:1"))));
        assertTrue(scheme.getMessage().contains("scheme must be tcp, ssl, ws or wss"), scheme.getMessage());
        String shown = config(Map.of()).require("").toString();
        assertFalse(shown.contains(EmbeddedBroker.PASSWORD), shown);
    }
}
