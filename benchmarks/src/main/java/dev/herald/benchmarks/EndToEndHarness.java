package dev.herald.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delivery issue's end-to-end workload against the shaded server, started as a separate process exactly as the
 * README runs it: 1,000,000 points {@code cpu,host=hN usage_idle=X T} (1,000 hosts round-robin, X uniform 0..100
 * with two decimals from a fixed seed, T one second per round of hosts) POSTed as 200 bodies of 5,000 lines over
 * one keep-alive connection to {@code /kapacitor/v1/write?precision=s}, into
 * {@code stream|from().measurement('cpu')|alert().crit(lambda: "usage_idle" < 10).log(FILE)}.
 *
 * <p>Prints points/s until the last expected event was delivered, events expected / delivered / duplicated, and
 * the server's peak RSS ({@code VmHWM}). Variants: {@code plain}, {@code groupby} ({@code |groupBy('host')}),
 * {@code nofire} (threshold never met), {@code post} (the post handler to a loopback HTTP sink instead of log).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.herald.benchmarks.EndToEndHarness [--warm] plain server/target/herald.jar [jvm options...]
 * </pre>
 */
public final class EndToEndHarness {
    /**
     * {@code -Dclient=jdk}: the measured writes through the JDK's HttpClient as before 2026-12-05 15:00 UTC, instead of
     * {@link KeepAliveWriter} (the figures before that time were taken with it).
     */
    private static final boolean JDK_CLIENT = "jdk".equals(System.getProperty("client"));

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final int HOSTS = 1000;
    private static final int POINTS = 1_000_000;
    private static final int PER_BODY = 5000;

    private EndToEndHarness() {
    }

    public static void main(String[] args) throws Exception {
        boolean warm = args.length > 0 && args[0].equals("--warm");
        if (warm) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        String variant = args.length > 0 ? args[0] : "plain";
        Path jar = Path.of(args.length > 1 ? args[1] : "server/target/herald.jar");
        List<String> jvm = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            jvm.add(args[i]);
        }
        Path dir = Files.createTempDirectory("herald-e2e-");
        Path log = dir.resolve("alerts.log");
        Path config = Files.writeString(dir.resolve("herald.conf"), "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[http]\n  bind-address = \"127.0.0.1:0\"\n");

        // The workload and what Kapacitor's rules make of it: an event for every CRITICAL point and for every
        // return to OK after one (alerts without stateChangesOnly).
        double threshold = variant.equals("nofire") ? -1 : 10;
        List<byte[]> bodies = new ArrayList<>();
        Random random = new Random(20261204L);
        boolean grouped = variant.equals("groupby");
        boolean[] critical = new boolean[HOSTS];
        long expected = 0;
        StringBuilder sb = new StringBuilder(PER_BODY * 40);
        for (int n = 0; n < POINTS; n++) {
            int host = n % HOSTS;
            long t = 1_700_000_000L + n / HOSTS;
            int hundredths = random.nextInt(10_001);
            double x = hundredths / 100.0;
            boolean crit = x < threshold;
            // Without groupBy every host shares one alert state (the nil group), as in Kapacitor.
            int state = grouped ? host : 0;
            if (crit || critical[state]) {
                expected++;
            }
            critical[state] = crit;
            sb.append("cpu,host=h").append(host).append(" usage_idle=").append(hundredths / 100).append('.')
                    .append(String.format("%02d", hundredths % 100)).append(' ').append(t).append('\n');
            if ((n + 1) % PER_BODY == 0) {
                bodies.add(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }

        AtomicLong sinkCount = new AtomicLong();
        HttpServer sink = null;
        String handler;
        if (variant.equals("post")) {
            sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            sink.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                sinkCount.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            sink.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread th = new Thread(r, "sink");
                th.setDaemon(true); // the harness exits when the run is over
                return th;
            }));
            sink.start();
            handler = ".post('http://127.0.0.1:" + sink.getAddress().getPort() + "/')";
        } else {
            handler = ".log('" + log + "')";
        }
        String group = variant.equals("groupby") ? "|groupBy('host')" : "";
        String script = "stream|from().measurement('cpu')" + group + "|alert().crit(lambda: \\\"usage_idle\\\" < "
                + (threshold < 0 ? "-1" : "10") + ")" + handler;

        List<String> command = new ArrayList<>();
        ProcessBuilder launch = new ProcessBuilder(command).redirectErrorStream(true);
        if (jar.getFileName().toString().equals("herald")) {
            // the README's run command as written: bin/herald with its own JVM settings; extra flags via HERALD_OPTS
            command.addAll(List.of(jar.toString(), "-config", config.toString()));
            launch.environment().put("HERALD_OPTS", String.join(" ", jvm));
            launch.environment().put("JAVA_HOME", System.getProperty("java.home"));
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvm);
            command.addAll(List.of("-jar", jar.toString(), "-config", config.toString()));
        }
        Process server = launch.start();
        CompletableFuture<Integer> port = port(server, line -> !line.startsWith("INFO") && !line.contains("INFO:"));
        try {
            // Kapacitor's queue-depth logging is per event; Herald logs at INFO only at start-up.
            String base = "http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> defined = client.send(HttpRequest.newBuilder(URI.create(base + "/kapacitor/v1/tasks"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"e2e\",\"type\":\"stream\",\"dbrps\":[{\"db\":"
                            + "\"telegraf\",\"rp\":\"autogen\"}],\"script\":\"" + script + "\",\"status\":\"enabled\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (defined.statusCode() != 200) {
                throw new IllegalStateException("task: " + defined.statusCode() + " " + defined.body());
            }
            String kind = variant.equals("post") ? "post" : "log";
            long before = 0;
            if (warm) {
                // --warm: the same workload once into a task of its own first, so the measured run meets compiled
                // code (the JIT's warm-up is otherwise part of a 1M-point run), then that task is deleted.
                String warmScript = script.replace(log.toString(), dir.resolve("warmup.log").toString());
                post(client, base + "/kapacitor/v1/tasks", "{\"id\":\"warmup\",\"type\":\"stream\",\"dbrps\":"
                        + "[{\"db\":\"warmup\",\"rp\":\"autogen\"}],\"script\":\"" + warmScript
                        + "\",\"status\":\"enabled\"}", 200);
                long w0 = System.nanoTime();
                URI warmWrite = URI.create(base + "/kapacitor/v1/write?db=warmup&rp=autogen&precision=s");
                for (byte[] body : bodies) {
                    client.send(HttpRequest.newBuilder(warmWrite).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
                awaitDeliveries(client, base, kind, expected);
                System.out.printf("warm-up run (cold JVM): %.0f points/s until delivered%n",
                        POINTS / ((System.nanoTime() - w0) / 1e9));
                client.send(HttpRequest.newBuilder(URI.create(base + "/kapacitor/v1/tasks/warmup")).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                before = counter(client, base, "herald_deliveries_total{kind=\"" + kind + "\"}");
                sinkCount.set(0);
            }
            URI write = URI.create(base + "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s");
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long clientCpu = os.getProcessCpuTime();
            double serverCpu = cpuSeconds(server.pid());
            long start = System.nanoTime();
            if (JDK_CLIENT) {
                for (byte[] body : bodies) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(write)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 204) {
                        throw new IllegalStateException("write: " + r.statusCode() + " " + r.body());
                    }
                }
            } else {
                try (KeepAliveWriter writer = new KeepAliveWriter(write.getPort(), write.getRawPath() + "?"
                        + write.getRawQuery())) {
                    for (byte[] body : bodies) {
                        String r = writer.post(body);
                        if (!r.equals("204")) {
                            throw new IllegalStateException("write: " + r);
                        }
                    }
                }
            }
            long written = System.nanoTime();
            clientCpu = os.getProcessCpuTime() - clientCpu;
            serverCpu = cpuSeconds(server.pid()) - serverCpu;
            long delivered = awaitDeliveries(client, base, kind, before + expected) - before;
            long done = System.nanoTime();
            long failed = counter(client, base, "herald_delivery_failures_total{kind=\"" + kind + "\"}");
            long rss = peakRss(server.pid());
            double cpu = cpuSeconds(server.pid());
            long lines = 0;
            long duplicates = 0;
            if (variant.equals("post")) {
                lines = sinkCount.get();
                duplicates = Math.max(0, lines - expected);
            } else if (Files.exists(log)) {
                // A duplicate is the same line twice: an ungrouped alert's id, time and level repeat across hosts
                // of the same second, so the whole line (with the host's data) is the identity here.
                Set<String> seen = new HashSet<>();
                try (var stream = Files.lines(log)) {
                    for (String line : (Iterable<String>) stream::iterator) {
                        lines++;
                        if (!seen.add(line)) {
                            duplicates++;
                        }
                    }
                }
            }
            double seconds = (done - start) / 1e9;
            Map<String, Object> out = new HashMap<>();
            System.out.printf("variant=%s%s jvm=%s%n", variant, warm ? " (after a warm-up run)" : "", jvm);
            System.out.printf("CPU while writing: server %.2f s, this client %.2f s%n", serverCpu, clientCpu / 1e9);
            System.out.printf("writes took %.2f s (%.0f points/s acknowledged)%n", (written - start) / 1e9,
                    POINTS / ((written - start) / 1e9));
            System.out.printf("points/s until the last event was delivered: %.0f (%.2f s)%n", POINTS / seconds,
                    seconds);
            System.out.printf("events expected %d, delivered %d (counter %d), duplicated %d, failed %d%n", expected,
                    lines, delivered, duplicates, failed);
            System.out.printf("server peak RSS (VmHWM): %d MB%n", rss / 1024);
            System.out.printf("server CPU time (user+sys, start-up included): %.2f s%n", cpu);
            out.clear();
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            if (sink != null) {
                sink.stop(0);
            }
            try (var files = Files.walk(dir)) {
                // the run's outbox, store and alert log: hundreds of MB over a few runs
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The port a server process says it listens on; a reader thread echoes its other lines that {@code show}
     * accepts to standard error as {@code server: ...}.
     */
    static CompletableFuture<Integer> port(Process server, java.util.function.Predicate<String> show) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    } else if (show.test(line)) {
                        System.err.println("server: " + line);
                    }
                }
                port.completeExceptionally(new IllegalStateException("the server stopped before listening"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return port;
    }

    private static void post(HttpClient client, String url, String body, int expect) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Reads the server's delivery counter for {@code kind} until it reaches {@code target}, for at most 10 minutes;
     * returns the last count read. The counter is another process's, so reading it again is the only way to wait:
     * every 20 ms, not 5 (polled 200 times a second through a 65 s post run, /metrics' render became hot enough for
     * C2, whose 1.3 s compile took ~36 MB of native arena at the run's memory peak).
     */
    private static long awaitDeliveries(HttpClient client, String base, String kind, long target) throws Exception {
        String name = "herald_deliveries_total{kind=\"" + kind + "\"}";
        long[] seen = {0};
        until(Duration.ofMinutes(10), Duration.ofMillis(20), () -> {
            seen[0] = counter(client, base, name);
            return seen[0] >= target;
        });
        return seen[0];
    }

    /**
     * Asks {@code done} every {@code step} until it says yes (true) or {@code max} has passed (false): the server is
     * another process, so asking it again is the only way to wait.
     */
    static boolean until(Duration max, Duration step, java.util.concurrent.Callable<Boolean> done)
            throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.call()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(step.toNanos());
        }
        return true;
    }

    private static long counter(HttpClient client, String base, String name) throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    /** User plus system CPU time of {@code pid} so far, in seconds (a figure less bent by other load). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /** VmHWM of {@code pid}, in kB. */
    static long peakRss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
