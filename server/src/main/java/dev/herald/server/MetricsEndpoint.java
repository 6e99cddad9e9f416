package dev.herald.server;

import dev.herald.core.event.Level;
import dev.herald.engine.EngineMetrics;
import dev.herald.engine.Herald;
import dev.herald.engine.dispatch.DeliveryMetrics;
import java.util.Map;

/** {@code GET /metrics}: Prometheus text exposition (version 0.0.4) of the engine's and delivery counters. */
final class MetricsEndpoint {
    private final Herald herald;
    private final TaskService tasks;
    private final java.util.List<java.util.function.Supplier<java.util.List<String>>> extras =
            new java.util.ArrayList<>();

    MetricsEndpoint(Herald herald, TaskService tasks) {
        this.herald = herald;
        this.tasks = tasks;
    }

    /** Adds lines (with their HELP and TYPE) from another part of the server. */
    MetricsEndpoint withExtra(java.util.function.Supplier<java.util.List<String>> lines) {
        extras.add(lines);
        return this;
    }

    void register(Router router) {
        router.add("GET", "/metrics", r -> Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", render()));
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        extras.forEach(e -> e.get().forEach(line -> sb.append(line).append('\n')));
        EngineMetrics m = herald.metrics();
        counter(sb, "herald_points_in_total", "Points written.", m.pointsIn());
        counter(sb, "herald_evaluations_total", "Point x task evaluations.", m.evaluations());
        counter(sb, "herald_rejected_lines_total", "Malformed line protocol lines rejected.", m.rejectedLines());
        header(sb, "herald_events_total", "Alert events published, per level.", "counter");
        for (Level level : Level.values()) {
            sb.append("herald_events_total{level=\"").append(level.name()).append("\"} ")
                    .append(m.events(level)).append('\n');
        }
        Map<String, DeliveryMetrics.Counts> delivery = herald.deliveryMetrics().snapshot();
        perKind(sb, delivery, "herald_deliveries_total", "Events delivered, per handler kind.", "counter",
                DeliveryMetrics.Counts::delivered);
        perKind(sb, delivery, "herald_delivery_retries_total", "Delivery retries, per handler kind.", "counter",
                DeliveryMetrics.Counts::retries);
        perKind(sb, delivery, "herald_delivery_failures_total", "Events given up on and kept as dead letters, per "
                + "handler kind.", "counter", DeliveryMetrics.Counts::failed);
        perKind(sb, delivery, "herald_delivery_redelivered_total", "Events delivered again after a restart (possible "
                + "duplicates), per handler kind.", "counter", DeliveryMetrics.Counts::redelivered);
        perKind(sb, delivery, "herald_delivery_resent_total", "Dead letters re-sent through the API, per handler "
                + "kind.", "counter", DeliveryMetrics.Counts::resent);
        header(sb, "herald_dead_letters", "Dead letters waiting to be re-sent or deleted.", "gauge");
        sb.append("herald_dead_letters ").append(herald.deadLetters().size()).append('\n');
        header(sb, "herald_outbox_writable", "1 while the outbox takes writes, 0 after a disk failure.", "gauge");
        sb.append("herald_outbox_writable ").append(herald.outboxFailure().isPresent() ? 0 : 1).append('\n');
        header(sb, "herald_delivery_latency_seconds", "Time of successful deliveries, per handler kind.",
                "summary");
        for (Map.Entry<String, DeliveryMetrics.Counts> e : delivery.entrySet()) {
            sb.append("herald_delivery_latency_seconds_sum{kind=\"").append(e.getKey()).append("\"} ")
                    .append(e.getValue().latencyNanos() / 1e9).append('\n');
            sb.append("herald_delivery_latency_seconds_count{kind=\"").append(e.getKey()).append("\"} ")
                    .append(e.getValue().delivered()).append('\n');
        }
        header(sb, "herald_queue_depth", "Events waiting in handler queues, per handler kind.", "gauge");
        for (Map.Entry<String, Integer> e : herald.topics().queueDepths().entrySet()) {
            sb.append("herald_queue_depth{kind=\"").append(e.getKey()).append("\"} ").append(e.getValue())
                    .append('\n');
        }
        long enabled = tasks.tasks().stream().filter(StoredTask::enabled).count();
        header(sb, "herald_tasks", "Defined tasks, per status.", "gauge");
        sb.append("herald_tasks{status=\"enabled\"} ").append(enabled).append('\n');
        sb.append("herald_tasks{status=\"disabled\"} ").append(tasks.tasks().size() - enabled).append('\n');
        return sb.toString();
    }

    private static void header(StringBuilder sb, String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        header(sb, name, help, "counter");
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static void perKind(StringBuilder sb, Map<String, DeliveryMetrics.Counts> counts, String name,
            String help, String type, java.util.function.ToLongFunction<DeliveryMetrics.Counts> value) {
        header(sb, name, help, type);
        for (Map.Entry<String, DeliveryMetrics.Counts> e : counts.entrySet()) {
            sb.append(name).append("{kind=\"").append(e.getKey()).append("\"} ")
                    .append(value.applyAsLong(e.getValue())).append('\n');
        }
    }
}
