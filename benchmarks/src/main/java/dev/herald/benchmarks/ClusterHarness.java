package dev.herald.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The delivery issue's {@code groupby} workload against 0 (single-node mode), 1, 2 or 3 cluster nodes started as
 * separate processes with {@code bin/herald} on one machine, sharing one Kafka: {@code POINTS} points (default
 * 200,000; {@code -Dpoints=}) of 1,000 hosts, {@code stream|from().measurement('cpu')|groupBy('host')
 * |alert().crit(lambda: "usage_idle" < 10).log(FILE)}, in bodies of 5,000 lines, one writer thread per node (each
 * over its own keep-alive connection, each writing its share of the hosts in order). Grouped by host, the points spread over the points
 * topic's partitions and so the nodes. Prints points/s until the last expected event was delivered (the nodes'
 * delivery counters summed), events expected and delivered, and each node's CPU and peak RSS.
 *
 * <pre>
 * examples/cluster/dev-kafka &amp;     # Kafka on 127.0.0.1:9192
 * java -cp benchmarks/target/benchmarks.jar dev.herald.benchmarks.ClusterHarness 3 127.0.0.1:9192 bin/herald
 * </pre>
 */
public final class ClusterHarness {
    private static final int HOSTS = 1000;
    private static final int PER_BODY = 5000;

    private ClusterHarness() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = Integer.parseInt(args[0]);
        String bootstrap = args.length > 1 ? args[1] : "127.0.0.1:9192";
        Path herald = Path.of(args.length > 2 ? args[2] : "bin/herald");
        int points = Integer.getInteger("points", 200_000);
        Path dir = Files.createTempDirectory("herald-cluster-bench-");
        Path log = dir.resolve("alerts.log");
        String application = "bench-" + Long.toHexString(System.nanoTime());

        // One writer per node, each writing the hosts h with h % writers == its index: each host's points reach Kafka
        // in the order they were made (two writers sending the same host's points would race, and the alert's
        // events would depend on which won).
        int writers = Math.max(1, nodes);
        List<List<byte[]>> bodies = new ArrayList<>();
        List<StringBuilder> open = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            bodies.add(new ArrayList<>());
            open.add(new StringBuilder(PER_BODY * 40));
            lines.add(0);
        }
        Random random = new Random(20261204L);
        boolean[] critical = new boolean[HOSTS];
        long expected = 0;
        for (int n = 0; n < points; n++) {
            int host = n % HOSTS;
            int w = host % writers;
            StringBuilder sb = open.get(w);
            int hundredths = random.nextInt(10_001);
            boolean crit = hundredths / 100.0 < 10;
            if (crit || critical[host]) {
                expected++;
            }
            critical[host] = crit;
            sb.append("cpu,host=h").append(host).append(" usage_idle=").append(hundredths / 100).append('.')
                    .append(String.format("%02d", hundredths % 100)).append(' ').append(1_700_000_000L + n / HOSTS)
                    .append('\n');
            lines.set(w, lines.get(w) + 1);
            if (lines.get(w) % PER_BODY == 0) {
                bodies.get(w).add(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }
        for (int w = 0; w < writers; w++) {
            if (open.get(w).length() > 0) {
                bodies.get(w).add(open.get(w).toString().getBytes(StandardCharsets.UTF_8));
            }
        }

        List<Process> servers = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            for (int i = 0; i < Math.max(1, nodes); i++) {
                String cluster = nodes == 0 ? "" : "[cluster]\n  bootstrap-servers = \"" + bootstrap + "\"\n"
                        + "  application-id = \"" + application + "\"\n  node-id = \"n" + i + "\"\n"
                        + "  replication-factor = 1\n  partitions = 6\n";
                Path config = Files.writeString(dir.resolve("n" + i + ".conf"), "data_dir = \""
                        + dir.resolve("n" + i) + "\"\n[http]\n  bind-address = \"127.0.0.1:0\"\n" + cluster);
                ProcessBuilder launch = new ProcessBuilder(herald.toString(), "-config", config.toString())
                        .redirectErrorStream(true);
                launch.environment().put("JAVA_HOME", System.getProperty("java.home"));
                Process server = launch.start();
                servers.add(server);
                bases.add("http://127.0.0.1:" + EndToEndHarness.port(server, line -> line.contains("lvl=error")
                        || line.contains("lvl=warn") || line.startsWith("herald:")).get(120, TimeUnit.SECONDS));
            }
            String script = "stream|from().measurement('cpu')|groupBy('host')|alert().crit(lambda: \\\"usage_idle\\\""
                    + " < 10).log('" + log + "')";
            HttpResponse<String> defined = client.send(HttpRequest.newBuilder(URI.create(bases.get(0)
                    + "/kapacitor/v1/tasks")).POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"e2e\",\"type\":"
                    + "\"stream\",\"dbrps\":[{\"db\":\"telegraf\",\"rp\":\"autogen\"}],\"script\":\"" + script
                    + "\",\"status\":\"enabled\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (defined.statusCode() != 200) {
                throw new IllegalStateException("task: " + defined.statusCode() + " " + defined.body());
            }
            for (String base : bases) {
                awaitTask(client, base);
            }
            if (nodes > 0) {
                awaitPartitions(client, bases);
            }
            double[] cpuBefore = new double[servers.size()];
            for (int i = 0; i < servers.size(); i++) {
                cpuBefore[i] = EndToEndHarness.cpuSeconds(servers.get(i).pid());
            }
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < bases.size(); i++) {
                int node = i;
                URI write = URI.create(bases.get(i) + "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s");
                Thread t = new Thread(() -> {
                    try (KeepAliveWriter writer = new KeepAliveWriter(write.getPort(), write.getRawPath() + "?"
                            + write.getRawQuery())) {
                        for (byte[] body : bodies.get(node)) {
                            String r = writer.post(body);
                            if (!r.equals("204")) {
                                throw new IllegalStateException("write: " + r);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a writer failed", failures.get(0));
            }
            long written = System.nanoTime();
            long delivered = awaitDeliveries(client, bases, expected);
            long done = System.nanoTime();
            System.out.printf("nodes=%d%s points=%d%n", nodes, nodes == 0 ? " (single-node mode, no Kafka)" : "",
                    points);
            System.out.printf("writes took %.2f s (%.0f points/s acknowledged)%n", (written - start) / 1e9,
                    points / ((written - start) / 1e9));
            System.out.printf("points/s until the last event was delivered: %.0f (%.2f s)%n",
                    points / ((done - start) / 1e9), (done - start) / 1e9);
            long logged = Files.exists(log) ? Files.lines(log).count() : 0;
            System.out.printf("events expected %d, delivered %d (counters %d)%n", expected, logged, delivered);
            for (int i = 0; i < servers.size(); i++) {
                System.out.printf("node %d: CPU %.2f s during the run, peak RSS %d MB%n", i,
                        EndToEndHarness.cpuSeconds(servers.get(i).pid()) - cpuBefore[i],
                        EndToEndHarness.peakRss(servers.get(i).pid()) / 1024);
            }
        } finally {
            for (Process p : servers) {
                p.destroy();
            }
            for (Process p : servers) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void awaitTask(HttpClient client, String base) throws Exception {
        URI task = URI.create(base + "/kapacitor/v1/tasks/e2e");
        if (!EndToEndHarness.until(Duration.ofSeconds(60), Duration.ofMillis(50), () -> {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(task).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().matches("(?s).*\"executing\"\\s*:\\s*true.*");
        })) {
            throw new IllegalStateException("the task is not running on " + base);
        }
    }

    /** Waits (bounded) until every node owns a partition of the points and one of the events. */
    private static void awaitPartitions(HttpClient client, List<String> bases) throws Exception {
        if (!EndToEndHarness.until(Duration.ofSeconds(90), Duration.ofMillis(100), () -> {
            for (String base : bases) {
                String m = metrics(client, base);
                if (!m.contains("herald_cluster_partition_owned{")
                        || !m.contains("herald_cluster_events_partition_delivered{")) {
                    return false;
                }
            }
            return true;
        })) {
            throw new IllegalStateException("the nodes did not share the partitions within 90 s");
        }
    }

    private static String metrics(HttpClient client, String base) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Polls the nodes' log delivery counters (summed) every 20 ms until {@code target}, for at most 10 minutes and
     * while they move (a minute without progress ends the wait: the nodes' cluster metrics are printed then).
     */
    private static long awaitDeliveries(HttpClient client, List<String> bases, long target) throws Exception {
        String name = "herald_deliveries_total{kind=\"log\"} ";
        long[] seen = {0};
        long[] progressed = {System.nanoTime()};
        EndToEndHarness.until(Duration.ofMinutes(10), Duration.ofMillis(20), () -> {
            long now = 0;
            for (String base : bases) {
                for (String line : metrics(client, base).split("\n")) {
                    if (line.startsWith(name)) {
                        now += Long.parseLong(line.substring(name.length()).trim());
                    }
                }
            }
            if (now != seen[0]) {
                seen[0] = now;
                progressed[0] = System.nanoTime();
            }
            return now >= target || System.nanoTime() - progressed[0] > TimeUnit.MINUTES.toNanos(1);
        });
        if (seen[0] < target) {
            System.out.println("no delivery for a minute; the nodes' cluster metrics:");
            for (String base : bases) {
                for (String line : metrics(client, base).split("\n")) {
                    if (line.startsWith("herald_cluster_") || line.startsWith("herald_deliver")) {
                        System.out.println("  " + line);
                    }
                }
            }
        }
        return seen[0];
    }
}
