package dev.herald.handler.kafka;

import static dev.herald.core.testkit.ServiceTestRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.testkit.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handler against a real KRaft cluster: key, value and partition as a consumer reads them back (Kapacitor's
 * worked examples), templates, partition algorithms, failures, the service test and Kapacitor's config checks.
 */
class KafkaDeliveryTest {
    private static EmbeddedKafka kafka;
    private final KafkaHandlerFactory factory = new KafkaHandlerFactory();

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafka();
        kafka.createTopic("test", 3);
        kafka.createTopic("testTopic", 3);
        kafka.createTopic("algos", 3);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private ServiceConfig<KafkaConfig> config() {
        return ServiceConfig.bind(factory, List.of(kafka.config("default")));
    }

    private HandlerResult send(Map<String, Object> options, AlertEvent... events) throws Exception {
        HandlerResult last = null;
        try (Handler handler = factory.create(factory.optionsSchema().bind(options), config(),
                HandlerContext.standalone())) {
            for (AlertEvent e : events) {
                last = handler.handle(e).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertTrue(last.isDelivered(), last::toString);
            }
        }
        return last;
    }

    @Test
    void theAlertJsonKeyedByIdOnTheCrc32PartitionAsKapacitorsExample() throws Exception {
        send(Map.of("cluster", "default", "topic", "test"), SampleEvents.critical());
        // crc32("id") = 3208210256, mod 3 = 2: the third partition, as in Kapacitor's test
        assertEquals(List.of(new EmbeddedKafka.Read("test", 2, "id", AlertEventJson.toJsonLine(
                SampleEvents.critical()))), kafka.read("test", 1));
    }

    @Test
    void aTemplateGivesTheValue() throws Exception {
        send(Map.of("cluster", "default", "topic", "testTopic", "template", "{{.Message}}"),
                SampleEvents.cpuCritical());
        List<EmbeddedKafka.Read> read = kafka.read("testTopic", 1);
        assertEquals(1, read.size());
        assertEquals("kapacitor/cpu/serverA", read.get(0).key());
        assertEquals("kapacitor/cpu/serverA is CRITICAL", read.get(0).value());
        assertEquals(KeyPartitioner.partition("crc32", "kapacitor/cpu/serverA".getBytes(StandardCharsets.UTF_8), 3),
                read.get(0).partition());
    }

    @Test
    void partitionAlgorithmsAgreeWithTheirReferenceValues() {
        byte[] id = "id".getBytes(StandardCharsets.UTF_8);
        assertEquals(3208210256L, KeyPartitioner.crc32(id));
        assertEquals(0xe40c292c, KeyPartitioner.fnv1a("a".getBytes(StandardCharsets.UTF_8)), "FNV-1a(\"a\")");
        assertEquals(0x3c2569b2, KeyPartitioner.murmur3("a".getBytes(StandardCharsets.UTF_8)),
                "murmur3_32(\"a\", seed 0)");
        assertEquals(0, KeyPartitioner.murmur3(new byte[0]));
    }

    @Test
    void everyAlgorithmWritesToThePartitionItNames() throws Exception {
        for (String algorithm : List.of("murmur2", "murmur3", "fnv-1a")) {
            send(Map.of("cluster", "default", "topic", "algos", "template", algorithm, "partitionAlgorithm",
                    algorithm), SampleEvents.cpuCritical());
        }
        List<EmbeddedKafka.Read> read = kafka.read("algos", 3);
        assertEquals(3, read.size());
        byte[] key = "kapacitor/cpu/serverA".getBytes(StandardCharsets.UTF_8);
        for (EmbeddedKafka.Read r : read) {
            assertEquals(KeyPartitioner.partition(r.value(), key, 3), r.partition(), r.value());
        }
    }

    @Test
    void anUnknownClusterIsRefusedWhenTheHandlerIsCreatedAndAnEmptyTopicFails() throws Exception {
        ConfigException unknown = assertThrows(ConfigException.class, () -> factory.create(factory.optionsSchema()
                .bind(Map.of("cluster", "nope", "topic", "t")), config(), HandlerContext.standalone()));
        assertTrue(unknown.getMessage().contains("unknown cluster \"nope\""), unknown.getMessage());
        try (Handler handler = factory.create(factory.optionsSchema().bind(Map.of("cluster", "default")), config(),
                HandlerContext.standalone())) {
            HandlerResult.Failed f = assertInstanceOf(HandlerResult.Failed.class,
                    handler.handle(SampleEvents.critical()).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertEquals("topic must not be empty", f.reason());
        }
    }

    @Test
    void anUnreachableClusterIsRetryable() throws Exception {
        ServiceConfig<KafkaConfig> down = ServiceConfig.bind(factory, List.of(Map.of("enabled", true, "id", "down",
                "brokers", List.of("127.0.0.1:1"), "timeout", "1s")));
        try (Handler handler = factory.create(factory.optionsSchema().bind(Map.of("cluster", "down", "topic", "t")),
                down, HandlerContext.standalone())) {
            HandlerResult.Failed f = assertInstanceOf(HandlerResult.Failed.class,
                    handler.handle(SampleEvents.critical()).toCompletableFuture().get(60, TimeUnit.SECONDS));
            assertTrue(f.retryable(), f::toString);
        }
    }

    @Test
    void serviceTestWritesTheRawMessageWithItsKey() throws Exception {
        ServiceTest<?> test = factory.serviceTest(config(), HandlerContext.standalone()).orElseThrow();
        assertEquals(new KafkaHandlerFactory.TestOptions("example", "test", "key", "test kafka message"),
                test.defaultOptions());
        assertEquals("unknown cluster \"example\"", assertInstanceOf(HandlerResult.Failed.class,
                run(test, Map.of())).reason());
        kafka.createTopic("servicetest", 1);
        assertTrue(run(test, Map.of("cluster", "default", "topic", "servicetest")).isDelivered());
        assertEquals(List.of(new EmbeddedKafka.Read("servicetest", 0, "key", "test kafka message")),
                kafka.read("servicetest", 1));
    }


    @Test
    void kapacitorsConfigChecksAndTheSaslPasswordStaysSecret() {
        ConfigException noBrokers = assertThrows(ConfigException.class, () -> ServiceConfig.bind(factory,
                List.of(Map.of("enabled", true, "id", "x"))));
        assertTrue(noBrokers.getMessage().contains("no brokers specified"), noBrokers.getMessage());
        ServiceConfig<KafkaConfig> sasl = ServiceConfig.bind(factory, List.of(Map.of("enabled", true, "id", "x",
                "brokers", List.of("b:9092"), "sasl-username", "u", "sasl-password", "s3cr3t-sasl")));
        assertFalse(sasl.require("x").toString().contains("s3cr3t-sasl"));
        String jaas = ClusterProducers.properties(sasl.require("x")).getProperty("sasl.jaas.config");
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
                + "password=\"s3cr3t-sasl\";", jaas);
    }
}
