package dev.herald.benchmarks;

import dev.herald.engine.Herald;
import dev.herald.engine.Point;
import dev.herald.engine.task.TaskSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Measures the heap that live alert groups hold: one task grouped by host, N hosts, every host in CRITICAL. Prints
 * the retained heap after full GCs before and after writing, in total and per group, for the task alone and for the
 * task publishing to a named topic (which also keeps each alert's latest event).
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.herald.benchmarks.AlertMemoryHarness 100000}
 */
public final class AlertMemoryHarness {
    private AlertMemoryHarness() {
    }

    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        measure(hosts, "");
        measure(hosts, ".topic('cpu')");
    }

    private static void measure(int hosts, String extra) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Herald herald = Herald.builder().handlers(List.of()).build();
        herald.defineTask(TaskSpec.stream("mem", "stream|from().measurement('cpu').groupBy('host')"
                + "|alert().crit(lambda: \"usage_idle\" < 10)" + extra));
        long before = retained(memory);
        for (int h = 0; h < hosts; h++) {
            herald.write(new Point("telegraf", "autogen", "cpu", Map.of("host", "host-" + h),
                    Map.of("usage_idle", 5.0), Instant.ofEpochSecond(h)));
        }
        long after = retained(memory);
        int groups = herald.alertNodes("mem").get(0).groupCount();
        long bytes = after - before;
        System.out.printf("alert groups=%d %s retained=%.1f MB (%d bytes/group)%n", groups,
                extra.isEmpty() ? "(no topic)" : "(with topic)", bytes / 1e6, bytes / Math.max(1, groups));
        herald.close();
    }

    private static long retained(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
