package dev.herald.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The server's own settings, read from the config file and environment.
 *
 * @param hostname            {@code hostname}
 * @param dataDir             {@code data_dir}: the store lives here ({@code herald.db})
 * @param bindAddress         {@code [http] bind-address}
 * @param loadEnabled         {@code [load] enabled}
 * @param loadDir             {@code [load] dir}: {@code tasks/}, {@code templates/}, {@code handlers/}
 * @param pluginsDir          {@code [plugins] dir}
 * @param logLevel            {@code [logging] level}
 * @param logFile             {@code [logging] file}: {@code STDERR}, {@code STDOUT} or a path
 * @param quickstart          {@code [quickstart] enabled}: load the CPU example at start
 * @param skipConfigOverrides {@code skip-config-overrides}: ignore overrides stored through the config API
 * @param topicBufferLength   {@code [alert] topic-buffer-length}: queue capacity per handler
 * @param shutdownGrace       {@code [alert] shutdown-grace}: how long shutdown waits for handler queues
 * @param defaultRetentionPolicy the rp of writes that name none
 * @param delivery            {@code [delivery]}: call timeout, lane window, retry policies (per kind too)
 * @param segmentSize         {@code [delivery] segment-size}: bytes per outbox segment file
 * @param historyEvents       {@code [history] max-events-per-topic}: alert history kept per topic
 * @param historyAge          {@code [history] max-age}: how far back before a topic's newest event history goes
 */
record ServerSettings(String hostname, Path dataDir, InetSocketAddress bindAddress, boolean loadEnabled, Path loadDir,
        Path pluginsDir, String logLevel, String logFile, boolean quickstart, boolean skipConfigOverrides,
        int topicBufferLength, Duration shutdownGrace, String defaultRetentionPolicy,
        dev.herald.engine.dispatch.DeliveryPolicy delivery, long segmentSize, int historyEvents,
        Duration historyAge) {

    /** The outbox's directory. */
    Path outboxDir() {
        return dataDir.resolve("outbox");
    }

    /** The dead letters' file. */
    Path deadLetterFile() {
        return dataDir.resolve("deadletters.log");
    }

    /** The store file. */
    Path storeFile() {
        return dataDir.resolve("herald.db");
    }
}
