package dev.herald.engine.dispatch;

import java.time.Instant;
import java.util.Optional;

/**
 * One lane's delivery health, for the API and the web page.
 *
 * @param name          {@code topic/handler-id}
 * @param kind          the handler kind
 * @param queued        events waiting (in memory or in the outbox)
 * @param delivered     events delivered since start
 * @param retries       retries since start
 * @param deadLettered  events given up since start
 * @param lastError     the last failure's reason (never a secret), if any
 * @param lastErrorAt   when it happened
 * @param lastDeliveryAt when the last event was delivered
 * @param retrying      whether the lane is waiting to retry its head event now
 * @param lastHour      the last 60 minutes, oldest first
 */
public record LaneStatus(String name, String kind, int queued, long delivered, long retries, long deadLettered,
        Optional<String> lastError, Optional<Instant> lastErrorAt, Optional<Instant> lastDeliveryAt,
        boolean retrying, java.util.List<LaneMinute> lastHour) {
}
