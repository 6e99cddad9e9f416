package dev.herald.handler.mqtt;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.Map;

/** The MQTT plugin against the handler contract kit (not HTTP: the plain kit). */
class MqttHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "mqtt";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "name", "local", "url", "tcp://127.0.0.1:1883", "username", "herald",
                "password", "s3cr3t-mqtt-password");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("topic", "alerts/{{ .TaskName }}", "qos", "at-least-once", "retained", true);
    }
}
