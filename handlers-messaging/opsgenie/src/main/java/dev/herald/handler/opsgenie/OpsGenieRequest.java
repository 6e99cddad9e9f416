package dev.herald.handler.opsgenie;

import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the v1 request Kapacitor's {@code opsgenie} service sends: {@code POST <url>/} (or {@code <recovery_url>/}
 * for a recovery), a Go map with sorted keys and a trailing newline, the API key in the body.
 */
final class OpsGenieRequest {
    static final String SERVICE = "OpsGenie";
    static final HttpDelivery.ErrorDecoder ERRORS = HttpDelivery.ErrorDecoder.jsonField("message");

    private OpsGenieRequest() {
    }


    /**
     * The request for one event.
     *
     * @param messageType {@code CRITICAL}, {@code WARNING}, {@code INFO} or {@code RECOVERY}
     * @param result      the triggering data ({@code {"series":...}}), sent as a JSON string
     */
    static HttpRequest build(OpsGenieConfig config, List<String> teams, List<String> recipients, String messageType,
            String entityId, String message, Map<String, Object> result) {
        boolean recovery = messageType.equals("RECOVERY");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("Level", messageType);
        details.put("Monitoring Tool", "Kapacitor");
        Map<String, Object> body = new TreeMap<>();
        body.put("alias", entityId);
        body.put("apiKey", config.apiKey().reveal());
        body.put("description", GoJson.encode(result));
        body.put("details", details);
        body.put("entity", entityId);
        body.put("message", message);
        body.put("monitoring_tool", "kapacitor");
        body.put("note", recovery ? message : "");
        List<String> r = recipients.isEmpty() ? config.recipients() : recipients;
        if (!r.isEmpty()) {
            body.put("recipients", r);
        }
        List<String> t = teams.isEmpty() ? config.teams() : teams;
        if (!t.isEmpty()) {
            body.put("teams", t);
        }
        String url = (recovery ? config.recoveryUrl() : config.url()) + "/";
        URI uri = HttpDelivery.httpUrl(url).orElseThrow(() -> new HandlerException("invalid url"));
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GoJson.encodeLine(body))).build();
    }
}
