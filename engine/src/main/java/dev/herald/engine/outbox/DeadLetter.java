package dev.herald.engine.outbox;

import dev.herald.core.event.AlertEvent;
import java.time.Instant;

/**
 * An event a handler gave up on: its failure was permanent, or it ran out of attempts or age. Kept until someone
 * re-sends or deletes it.
 *
 * @param id       the dead letter's number, unique in this store
 * @param lane     the lane (topic and handler) it was bound for, e.g. {@code cpu/slack-ops}
 * @param kind     the handler kind
 * @param reason   the last failure (never a secret)
 * @param attempts calls made
 * @param queuedAt when the event entered the outbox
 * @param failedAt when it was given up on
 * @param event    the event, exactly as it would be delivered
 */
public record DeadLetter(long id, String lane, String kind, String reason, int attempts, Instant queuedAt,
        Instant failedAt, AlertEvent event) {
}
