package dev.herald.handler.kafka;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.List;
import java.util.Map;

/** The Kafka plugin against the handler contract kit (not HTTP: the plain kit). */
class KafkaHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "kafka";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "id", "default", "brokers", List.of("127.0.0.1:9092"), "sasl-username",
                "herald", "sasl-password", "s3cr3t-sasl-password", "sasl-oauth-client-secret", "s3cr3t-oauth",
                "sasl-access-token", "s3cr3t-token");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("cluster", "default", "topic", "alerts", "template", "{{ .Message }}");
    }
}
