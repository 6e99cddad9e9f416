package dev.herald.handler.pagerduty;

import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.json.GoJson;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the Events API v2 request Kapacitor's {@code pagerduty2} service sends. */
final class PagerDuty2Request {
    /** Go's {@code 2006-01-02T15:04:05.000000000Z07:00}: always nine fraction digits. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX").withZone(ZoneOffset.UTC);

    private PagerDuty2Request() {
    }

    /** One rendered link. */
    record Link(String href, String text) {
    }

    /** {@code payload.severity}: OK and INFO are {@code info}. */
    static String severity(Level level) {
        return switch (level) {
            case CRITICAL -> "critical";
            case WARNING -> "warning";
            default -> "info";
        };
    }

    /** The v2 request for one event. */
    static HttpRequest build(String url, String routingKey, String dedupKey, String summary, Level level,
            Instant time, EventData data, List<Link> links, String clientUrl) {
        return PagerDutyRequest.post(url, body(routingKey, dedupKey, summary, level, time,
                data.tags().getOrDefault("host", "unknown"), data.taskName(), AlertEventJson.result(data), links,
                clientUrl), true);
    }

    /** The JSON body with its trailing newline, keys in Kapacitor's struct order. */
    static String body(String routingKey, String dedupKey, String summary, Level level, Instant time, String source,
            String className, Object result, List<Link> links, String clientUrl) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", summary);
        payload.put("source", source);
        payload.put("severity", severity(level));
        payload.put("timestamp", TIMESTAMP.format(time));
        payload.put("class", className);
        payload.put("component", "");
        payload.put("group", "");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("result", result);
        payload.put("custom_details", details);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", routingKey);
        body.put("event_action", level == Level.OK ? "resolve" : "trigger");
        body.put("dedup_key", dedupKey);
        body.put("payload", payload);
        body.put("images", null);
        if (links.isEmpty()) {
            body.put("links", null);
        } else {
            List<Object> out = new ArrayList<>();
            for (Link l : links) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("href", l.href());
                m.put("text", l.text());
                out.add(m);
            }
            body.put("links", out);
        }
        body.put("client", "kapacitor");
        body.put("client_url", clientUrl);
        return GoJson.encodeLine(body);
    }
}
