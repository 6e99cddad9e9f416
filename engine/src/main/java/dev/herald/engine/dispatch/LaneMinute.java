package dev.herald.engine.dispatch;

import java.time.Instant;

/**
 * One minute of a lane's delivery, for the web page's charts of the last hour.
 *
 * @param start            the minute's start
 * @param delivered        events delivered in it
 * @param retries          retries scheduled in it
 * @param deadLettered     events given up in it
 * @param meanLatencyMillis mean duration of the handler calls that delivered events, 0 without any
 * @param maxLatencyMillis  longest such call
 */
public record LaneMinute(Instant start, long delivered, long retries, long deadLettered, double meanLatencyMillis,
        double maxLatencyMillis) {
}
