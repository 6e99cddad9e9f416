package dev.herald.handler.mqtt;

import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.TlsSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One MQTT client per broker, connected when first needed and again after the broker went away, rebuilt when the
 * broker's config changes. Connecting and publishing run on the broker's own thread, never on a delivery lane's.
 */
final class BrokerConnections implements AutoCloseable {
    private final System.Logger logger;
    private final Map<String, Connection> byName = new HashMap<>();

    BrokerConnections(System.Logger logger) {
        this.logger = logger;
    }

    /** Publishes and completes when the broker acknowledged (per QoS) or the attempt failed. */
    CompletionStage<HandlerResult> publish(MqttConfig config, String topic, byte[] payload, int qos,
            boolean retained, Duration timeout) {
        Connection c;
        try {
            c = connection(config);
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
        CompletableFuture<HandlerResult> done = new CompletableFuture<>();
        c.thread.execute(() -> {
            try {
                c.connect(timeout);
                c.client.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        done.complete(HandlerResult.delivered());
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable error) {
                        done.complete(failure(config.name(), error));
                    }
                });
            } catch (MqttException | RuntimeException e) {
                done.complete(failure(config.name(), e));
            }
        });
        return done;
    }

    private synchronized Connection connection(MqttConfig config) {
        Connection c = byName.get(config.name());
        if (c != null && !c.config.equals(config)) {
            c.close();
            c = null;
        }
        if (c == null) {
            c = new Connection(config, logger);
            byName.put(config.name(), c);
        }
        return c;
    }

    /** Bad credentials and refused client ids fail the same way again; anything else may pass later. */
    static HandlerResult failure(String broker, Throwable error) {
        String reason = "failed to post message to MQTT broker \"" + broker + "\": " + error.getMessage();
        if (error instanceof MqttException m) {
            int code = m.getReasonCode();
            if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || code == MqttException.REASON_CODE_NOT_AUTHORIZED
                    || code == MqttException.REASON_CODE_INVALID_CLIENT_ID) {
                return HandlerResult.permanent(reason);
            }
        }
        return HandlerResult.retryable(reason);
    }

    @Override
    public synchronized void close() {
        byName.values().forEach(Connection::close);
        byName.clear();
    }

    /** One broker's client and the thread that drives it. */
    private static final class Connection {
        final MqttConfig config;
        final MqttAsyncClient client;
        final MqttConnectOptions options = new MqttConnectOptions();
        final ExecutorService thread;

        Connection(MqttConfig config, System.Logger logger) {
            this.config = config;
            String clientId = config.clientId().isEmpty() ? config.name() : config.clientId();
            try {
                client = new MqttAsyncClient(config.url(), clientId, new MemoryPersistence());
            } catch (MqttException | IllegalArgumentException e) {
                throw new HandlerException("invalid MQTT broker url for \"" + config.name() + "\": " + e.getMessage());
            }
            options.setCleanSession(true);
            options.setAutomaticReconnect(false); // reconnected on the next publish, paced by the lane's retries
            options.setConnectionTimeout(10);
            options.setMaxInflight(1000);
            if (!config.username().isEmpty()) {
                options.setUserName(config.username());
                options.setPassword(config.password().reveal().toCharArray());
            }
            TlsSettings tls = new TlsSettings(config.sslCa(), config.sslCert(), config.sslKey(),
                    config.insecureSkipVerify());
            if (config.url().startsWith("ssl://") || !tls.isDefault()) {
                options.setSocketFactory(tls.sslContext("MQTT").getSocketFactory());
                if (config.insecureSkipVerify()) {
                    options.setHttpsHostnameVerificationEnabled(false);
                    logger.log(System.Logger.Level.WARNING, "MQTT broker \"" + config.name()
                            + "\": insecure-skip-verify is set; its certificate is not verified");
                }
            }
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "herald-mqtt-" + config.name());
                t.setDaemon(true);
                return t;
            });
        }

        void connect(Duration timeout) throws MqttException {
            if (!client.isConnected()) {
                client.connect(options).waitForCompletion(Math.max(1, timeout.toMillis()));
            }
        }

        void close() {
            thread.execute(() -> {
                try {
                    if (client.isConnected()) {
                        client.disconnect().waitForCompletion(2_000);
                    }
                } catch (MqttException e) {
                    // closing anyway
                }
                try {
                    client.close(true);
                } catch (MqttException e) {
                    // nothing left to release
                }
            });
            thread.shutdown();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
