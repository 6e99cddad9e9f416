package dev.herald.handler.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the requests Kapacitor's PagerDuty services send: v1 ({@code create_event.json}, a Go string map with keys
 * sorted) and v2 ({@code enqueue}, a struct in declaration order), each JSON followed by a newline.
 */
final class PagerDutyRequest {
    static final String SERVICE = "PagerDuty";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** v1: the reply's {@code message}. */
    static final HttpDelivery.ErrorDecoder V1_ERRORS = HttpDelivery.ErrorDecoder.jsonField("message");

    /** v2: {@code Status: <status>, Message: <message> Errors: [<errors>]}, as Kapacitor words it. */
    static final HttpDelivery.ErrorDecoder V2_ERRORS = (status, body) -> {
        try {
            JsonNode reply = JSON.readTree(body);
            if (reply == null || !reply.isObject()) {
                return Optional.empty();
            }
            StringBuilder errors = new StringBuilder();
            for (JsonNode e : reply.path("errors")) {
                errors.append(errors.length() == 0 ? "" : " ").append(e.asText());
            }
            return Optional.of("Status: " + reply.path("status").asText() + ", Message: "
                    + reply.path("message").asText() + " Errors: [" + errors + "]");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    };

    private PagerDutyRequest() {
    }


    /** v1's {@code event_type}: {@code resolve} for OK, {@code trigger} for WARNING and CRITICAL (INFO is not sent). */
    static String eventType(Level level) {
        return level == Level.OK ? "resolve" : "trigger";
    }

    /** The v1 request. */
    static HttpRequest v1(String url, String serviceKey, String incidentKey, String description, String details,
            Level level, String clientUrl) {
        Map<String, Object> body = new TreeMap<>();
        body.put("client", "kapacitor");
        body.put("client_url", clientUrl);
        body.put("description", description);
        body.put("details", details);
        body.put("event_type", eventType(level));
        body.put("incident_key", incidentKey);
        body.put("service_key", serviceKey);
        return post(url, GoJson.encodeLine(body), false);
    }

    /** A POST of {@code body} as JSON; v2 also asks for the v2 media type, as Kapacitor does. */
    static HttpRequest post(String url, String body, boolean v2) {
        URI uri = HttpDelivery.httpUrl(url).orElseThrow(() -> new HandlerException("invalid url"));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
        if (v2) {
            b.header("Accept", "application/vnd.pagerduty+json;version=2");
        }
        return b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
