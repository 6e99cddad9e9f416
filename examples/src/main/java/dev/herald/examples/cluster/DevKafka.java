package dev.herald.examples.cluster;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A one-node Kafka (KRaft: broker and controller in one process) on loopback, for trying Herald's cluster mode on one
 * machine: {@code examples/cluster/dev-kafka [port] [data-dir]} (default 9192, a new temporary directory). It is
 * Apache Kafka's own server ({@code kafka.Kafka}, from Maven Central), configured as its quickstart configures a
 * single node; the controller listens on {@code port + 1}. Not for production: one broker, replication factor 1.
 * Runs until interrupted.
 */
public final class DevKafka {
    private DevKafka() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9192;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("herald-dev-kafka");
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + (port + 1));
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1));
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "written by Herald's examples/cluster/dev-kafka");
        }
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            int formatted = kafka.tools.StorageTool.execute(new String[] {"format", "--ignore-formatted",
                "--cluster-id", "herald-dev-kafka-000001", "--config", config.toString()}, System.out);
            if (formatted != 0) {
                System.err.println("dev-kafka: formatting " + dir + " failed");
                System.exit(1);
            }
        }
        System.out.println("dev-kafka: Kafka on 127.0.0.1:" + port + " (data in " + dir + "); Ctrl-C stops it");
        kafka.Kafka.main(new String[] {config.toString()});
    }
}
