package dev.herald.handler.alerta;

import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.handler.GoUrls;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the request Kapacitor's Alerta service sends: {@code POST <url>/alert} (Go's {@code path.Join}),
 * {@code Authorization: <prefix> <token>} and a JSON body (a Go map, keys sorted, trailing newline).
 */
final class AlertaRequest {
    static final String SERVICE = "Alerta";

    /** Alerta answers errors with {@code {"status":"error","message":"..."}}. */
    static final HttpDelivery.ErrorDecoder ERRORS = HttpDelivery.ErrorDecoder.jsonField("message");

    private AlertaRequest() {
    }

    /**
     * The alert as Alerta's API takes it, every value already rendered.
     *
     * @param severity sent verbatim ({@link #severity(Level)} for events)
     * @param tags     {@code key=value} strings
     */
    record Alert(String resource, String event, String environment, String severity, String group, String value,
            String text, String origin, List<String> service, List<String> correlate, Map<String, String> attributes,
            List<String> tags, Duration timeout, EventData data) {
    }

    /** Kapacitor accepts 201 only; Alerta also answers 202 for an alert it suppressed in a blackout. */
    static boolean isSuccess(int status) {
        return status == 201 || status == 202;
    }

    /** Alerta's severity of a level. */
    static String severity(Level level) {
        return switch (level) {
            case OK -> "ok";
            case INFO -> "informational";
            case WARNING -> "warning";
            case CRITICAL -> "critical";
        };
    }

    /** The event's tags as {@code key=value}, sorted (Kapacitor's order is random). */
    static List<String> tags(Map<String, String> tags) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(tags).forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }


    static HttpRequest build(AlertaConfig config, String token, String tokenPrefix, Alert alert) {
        URI base = HttpDelivery.httpUrl(config.url()).orElseThrow(() -> new HandlerException(
                config.url().isEmpty() ? "must specify url" : "invalid url"));
        String path = GoUrls.joinPath(base.getPath() == null ? "" : base.getPath(), "alert");
        URI uri;
        try {
            uri = URI.create(new URI(base.getScheme(), base.getRawAuthority(), null, null, null)
                    + GoUrls.escapePath(path.startsWith("/") ? path : "/" + path)
                    + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HandlerException("invalid url");
        }
        String prefix = !tokenPrefix.isEmpty() ? tokenPrefix
                : !config.tokenPrefix().isEmpty() ? config.tokenPrefix() : "Bearer";
        return HttpRequest.newBuilder(uri)
                .header("Authorization", prefix + " " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(alert)))
                .build();
    }

    /** The JSON body with its trailing newline. */
    static String body(Alert alert) {
        Map<String, Object> body = new TreeMap<>();
        if (!alert.attributes().isEmpty()) {
            body.put("attributes", new TreeMap<>(alert.attributes()));
        }
        // Omitted when empty, as Kapacitor does (only a service test can send none: handlers default to the name).
        if (!alert.correlate().isEmpty()) {
            body.put("correlate", alert.correlate());
        }
        body.put("environment", alert.environment());
        body.put("event", alert.event());
        body.put("group", alert.group());
        body.put("origin", alert.origin());
        body.put("rawData", AlertEventJson.result(alert.data()));
        body.put("resource", alert.resource());
        if (!alert.service().isEmpty()) {
            body.put("service", alert.service());
        }
        body.put("severity", alert.severity());
        body.put("tags", alert.tags());
        body.put("text", alert.text());
        body.put("timeout", alert.timeout().getSeconds());
        body.put("value", alert.value());
        return GoJson.encodeLine(body);
    }
}
