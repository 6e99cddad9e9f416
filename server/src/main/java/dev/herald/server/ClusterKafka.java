package dev.herald.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Cluster mode's Kafka clients and topics, configured alike: {@code [cluster] bootstrap-servers} plus the
 * {@code [cluster.kafka]} properties; producers wait for every in-sync replica and never write twice, consumers read
 * only committed records and commit their offsets themselves.
 */
final class ClusterKafka {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.cluster");

    private ClusterKafka() {
    }

    static Properties properties(ClusterSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return p;
    }

    /** A producer named {@code herald-<node>-<role>}; {@code extra} adds or overrides properties. */
    static KafkaProducer<String, String> producer(ClusterSettings settings, String role, Map<String, String> extra) {
        Properties p = properties(settings);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-" + settings.nodeId() + "-" + role);
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** A consumer named {@code herald-<node>-<role>}; {@code extra} adds or overrides properties (a group id). */
    static KafkaConsumer<String, String> consumer(ClusterSettings settings, String role, Map<String, String> extra) {
        Properties c = properties(settings);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-" + settings.nodeId() + "-" + role);
        c.putAll(extra);
        return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    }

    /** Creates {@code topic} unless it exists; @throws StartupException when Kafka cannot be reached in time */
    static void createTopic(ClusterSettings settings, NewTopic topic) {
        Duration timeout = settings.connectTimeout();
        Properties p = properties(settings);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.log(System.Logger.Level.INFO, "created the cluster's topic " + topic.name());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw unreachable(settings, topic.name(), e.getCause());
            }
        } catch (TimeoutException | KafkaException e) {
            throw unreachable(settings, topic.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(settings, topic.name(), e);
        }
    }

    private static StartupException unreachable(ClusterSettings settings, String topic, Throwable cause) {
        return new StartupException("[cluster] bootstrap-servers " + settings.bootstrapServers() + ": cannot create "
                + "or find the topic " + topic + ": " + cause.getMessage(), cause);
    }

    /**
     * Waits (at most 30 s each) until Kafka has acknowledged every record of {@code acks}; otherwise throws what
     * {@code failure} makes of the reason (the cause, or an interruption).
     */
    static void awaitAcks(List<? extends java.util.concurrent.Future<?>> acks,
            java.util.function.Function<Throwable, ? extends RuntimeException> failure) {
        try {
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw failure.apply(e.getCause());
        } catch (TimeoutException e) {
            throw failure.apply(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.apply(e);
        }
    }

    /** A Prometheus label value: backslash, quote and newline escaped. */
    static String labelValue(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
