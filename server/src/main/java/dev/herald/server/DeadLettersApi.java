package dev.herald.server;

import dev.herald.core.event.AlertEventJson;
import dev.herald.engine.Herald;
import dev.herald.engine.outbox.DeadLetter;
import dev.herald.engine.outbox.OutboxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Herald's extension for events handlers gave up on: {@code GET /kapacitor/v1/deadletters} lists them (oldest first,
 * each with the alert JSON the handler would have got), {@code GET .../deadletters/{id}} shows one,
 * {@code POST .../deadletters/{id}/resend} sends one again through its handler, {@code POST .../deadletters/resend}
 * sends all whose handler still exists, and {@code DELETE .../deadletters/{id}} discards one.
 * {@code GET /kapacitor/v1/delivery/lanes} gives every handler lane's health (queued, delivered, retries, dead
 * letters, last error and when).
 */
final class DeadLettersApi {
    static final String PATH = Paths.BASE + "/deadletters";
    static final String LANES = Paths.BASE + "/delivery/lanes";

    private final Herald herald;

    DeadLettersApi(Herald herald) {
        this.herald = herald;
    }

    void register(Router router) {
        router.add("GET", PATH, r -> list())
                .add("GET", PATH + "/{id}", r -> Reply.ok(view(find(r))))
                .add("POST", PATH + "/resend", r -> resendAll())
                .add("GET", LANES, r -> lanes())
                .add("POST", PATH + "/{id}/resend", this::resend)
                .add("DELETE", PATH + "/{id}", r -> {
                    if (!herald.deleteDeadLetter(id(r))) {
                        throw ApiException.notFound("no dead letter " + r.param("id"));
                    }
                    return Reply.noContent();
                });
    }

    private Reply list() {
        List<Object> out = new ArrayList<>();
        for (DeadLetter d : herald.deadLetters()) {
            out.add(view(d));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(PATH));
        body.put("dead-letters", out);
        return Reply.ok(body);
    }

    private Reply lanes() {
        List<Object> out = new ArrayList<>();
        for (dev.herald.engine.dispatch.LaneStatus l : herald.lanes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("handler", l.name());
            m.put("kind", l.kind());
            m.put("queued", l.queued());
            m.put("delivered", l.delivered());
            m.put("retries", l.retries());
            m.put("dead-letters", l.deadLettered());
            m.put("retrying", l.retrying());
            m.put("last-error", l.lastError().orElse(""));
            m.put("last-error-time", l.lastErrorAt().map(TimeText::format).orElse(""));
            m.put("last-delivery-time", l.lastDeliveryAt().map(TimeText::format).orElse(""));
            List<Object> hour = new ArrayList<>();
            for (dev.herald.engine.dispatch.LaneMinute minute : l.lastHour()) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("time", TimeText.format(minute.start()));
                b.put("delivered", minute.delivered());
                b.put("retries", minute.retries());
                b.put("dead-letters", minute.deadLettered());
                b.put("latency-mean-ms", Math.round(minute.meanLatencyMillis() * 100) / 100.0);
                b.put("latency-max-ms", Math.round(minute.maxLatencyMillis() * 100) / 100.0);
                hour.add(b);
            }
            m.put("last-hour", hour);
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(LANES));
        body.put("lanes", out);
        return Reply.ok(body);
    }

    private static long id(Request r) {
        try {
            return Long.parseLong(r.param("id"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no dead letter " + r.param("id") + ": ids are numbers");
        }
    }

    private DeadLetter find(Request r) {
        long id = id(r);
        return herald.deadLetters().stream().filter(d -> d.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("no dead letter " + id));
    }

    private Reply resend(Request r) {
        DeadLetter d = find(r);
        try {
            herald.resendDeadLetter(d.id());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (OutboxException e) {
            return Reply.error(503, e.getMessage());
        }
        Map<String, Object> body = view(d);
        body.put("resent", true);
        return Reply.ok(body);
    }

    private Reply resendAll() {
        int resent = 0;
        List<String> problems = new ArrayList<>();
        for (DeadLetter d : herald.deadLetters()) {
            try {
                herald.resendDeadLetter(d.id());
                resent++;
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            } catch (OutboxException e) {
                return Reply.error(503, e.getMessage());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resent", resent);
        body.put("kept", problems);
        return Reply.ok(body);
    }

    static Map<String, Object> view(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(PATH + "/" + d.id()));
        m.put("id", d.id());
        m.put("handler", d.lane());
        m.put("kind", d.kind());
        m.put("reason", d.reason());
        m.put("attempts", d.attempts());
        m.put("queued", TimeText.format(d.queuedAt()));
        m.put("failed", TimeText.format(d.failedAt()));
        m.put("event", Json.tree(AlertEventJson.toJson(d.event())));
        return m;
    }
}
