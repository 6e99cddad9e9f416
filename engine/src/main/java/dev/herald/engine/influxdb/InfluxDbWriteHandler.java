package dev.herald.engine.influxdb;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import java.util.concurrent.CompletionStage;

/**
 * Delivers one batch of {@code |influxDBOut()} (an outbox record made by {@link InfluxDbOutput}) to its cluster:
 * one attempt per call, as every handler makes, so the batch gets the lane's retry policy, {@code Retry-After},
 * maximum age and dead letters instead of a retry loop of its own.
 */
final class InfluxDbWriteHandler implements Handler {
    private final InfluxDbClusters clusters;
    private final InfluxDbConfig cluster;

    InfluxDbWriteHandler(InfluxDbClusters clusters, InfluxDbConfig cluster) {
        this.clusters = clusters;
        this.cluster = cluster;
    }

    @Override
    public CompletionStage<HandlerResult> handle(AlertEvent batch) {
        String service = "InfluxDB cluster \"" + cluster.name() + "\"";
        return clusters.send(cluster, "write", batch.details(), batch.message()).handle((r, error) -> {
            if (error != null) {
                return HttpDelivery.fromException(service, error);
            }
            if (InfluxDbClusters.accepted(r)) {
                return HandlerResult.delivered();
            }
            return HttpDelivery.fromStatus(r.statusCode(), r.headers(), service + " answered " + r.statusCode()
                    + ": " + r.body().strip());
        });
    }
}
