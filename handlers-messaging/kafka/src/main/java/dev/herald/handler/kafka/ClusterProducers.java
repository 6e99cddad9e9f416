package dev.herald.handler.kafka;

import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One producer per {@code [[kafka]]} cluster, created on its first message, rebuilt when the cluster's config
 * changes and closed when the last handler goes. Sends run on the cluster's own thread (a send may wait for topic
 * metadata), never on a delivery lane's; a message counts as delivered once every in-sync replica has it.
 */
final class ClusterProducers implements AutoCloseable {
    private final Map<String, Cluster> byId = new HashMap<>();

    /**
     * Sends one message; {@code algorithm} empty = Kafka's own partitioner.
     */
    CompletionStage<HandlerResult> send(KafkaConfig config, String topic, byte[] key, byte[] value,
            Optional<String> algorithm) {
        Cluster c;
        try {
            c = cluster(config);
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        CompletableFuture<HandlerResult> done = new CompletableFuture<>();
        c.thread.execute(() -> {
            try {
                Integer partition = null;
                if (algorithm.isPresent()) {
                    List<PartitionInfo> partitions = c.producer.partitionsFor(topic);
                    partition = partitions.get(KeyPartitioner.partition(algorithm.get(), key, partitions.size()))
                            .partition();
                }
                c.producer.send(new ProducerRecord<>(topic, partition, key, value), (metadata, error) ->
                        done.complete(error == null ? HandlerResult.delivered() : failure(config.id(), error)));
            } catch (KafkaException | IllegalStateException | IndexOutOfBoundsException e) {
                done.complete(failure(config.id(), e));
            }
        });
        return done;
    }

    static HandlerResult failure(String cluster, Throwable error) {
        String reason = "failed to write message to kafka cluster \"" + cluster + "\": " + error.getMessage();
        return error instanceof RetriableException || error.getCause() instanceof RetriableException
                ? HandlerResult.retryable(reason) : HandlerResult.permanent(reason);
    }

    private synchronized Cluster cluster(KafkaConfig config) {
        Cluster c = byId.get(config.id());
        if (c != null && !c.config.equals(config)) {
            c.close();
            c = null;
        }
        if (c == null) {
            c = new Cluster(config);
            byId.put(config.id(), c);
        }
        return c;
    }

    @Override
    public synchronized void close() {
        byId.values().forEach(Cluster::close);
        byId.clear();
    }

    /** The producer settings for a cluster: Kapacitor's keys in the Java client's terms. */
    static Properties properties(KafkaConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.brokers()));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.id());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.batchTimeout().toMillis());
        long timeout = config.timeout().isZero() ? 30_000 : config.timeout().toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (timeout + config.batchTimeout().toMillis()));
        boolean sasl = !config.saslUsername().isEmpty() || !config.saslMechanism().isEmpty();
        p.put("security.protocol", (sasl ? "SASL_" : "") + (config.useSsl() ? "SSL" : "PLAINTEXT"));
        if (config.useSsl()) {
            if (!config.sslCa().isEmpty()) {
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.location", config.sslCa());
            }
            if (!config.sslCert().isEmpty()) {
                p.put("ssl.keystore.type", "PEM");
                p.put("ssl.keystore.certificate.chain", read(config.sslCert(), "ssl-cert"));
                p.put("ssl.keystore.key", read(config.sslKey(), "ssl-key"));
            }
            if (config.insecureSkipVerify()) {
                p.put("ssl.endpoint.identification.algorithm", "");
            }
        }
        if (sasl) {
            String mechanism = config.saslMechanism().isEmpty() ? "PLAIN"
                    : config.saslMechanism().toUpperCase(Locale.ROOT);
            String module = switch (mechanism) {
                case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
                case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
                default -> throw new HandlerException("sasl-mechanism " + mechanism + " of kafka cluster \""
                        + config.id() + "\" is not supported by Herald (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 are)");
            };
            p.put("sasl.mechanism", mechanism);
            StringBuilder jaas = new StringBuilder(module).append(" required username=\"")
                    .append(escape(config.saslUsername())).append("\" password=\"")
                    .append(escape(config.saslPassword().reveal())).append('"');
            config.saslExtensions().forEach((k, v) -> jaas.append(" extension_").append(k).append("=\"")
                    .append(escape(v)).append('"'));
            p.put("sasl.jaas.config", jaas.append(';').toString());
        }
        return p;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String read(String file, String key) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new HandlerException("cannot read " + key + " " + file + ": " + e.getMessage());
        }
    }

    /** One cluster's producer and the thread that feeds it. */
    private static final class Cluster {
        final KafkaConfig config;
        final KafkaProducer<byte[], byte[]> producer;
        final ExecutorService thread;

        Cluster(KafkaConfig config) {
            this.config = config;
            try {
                producer = new KafkaProducer<>(properties(config));
            } catch (KafkaException e) {
                throw new HandlerException("invalid kafka cluster \"" + config.id() + "\": " + e.getMessage());
            }
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "herald-kafka-" + config.id());
                t.setDaemon(true);
                return t;
            });
        }

        void close() {
            thread.shutdown();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(5));
        }
    }
}
