package dev.herald.handler.opsgenie;

import dev.herald.core.event.Level;
import dev.herald.core.handler.GoUrls;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the v2 requests Kapacitor's {@code opsgenie2} service sends: {@code POST <url>} to create an alert, and for
 * a recovery {@code POST <url>/<alias>/<notes|close>?identifierType=alias}; {@code Authorization: GenieKey <key>}.
 * Jira Service Management's integration events API takes the same requests.
 */
final class OpsGenie2Request {
    /** {@code opsgenie error: <message>}, as Kapacitor words it. */
    static final HttpDelivery.ErrorDecoder ERRORS = (status, body) ->
            HttpDelivery.ErrorDecoder.jsonField("message").decode(status, body).map(m -> "opsgenie error: " + m);

    private OpsGenie2Request() {
    }

    /** The alert's {@code alias}: its id in URL-safe base64 with padding, as Kapacitor makes it. */
    static String alias(String alertId) {
        return Base64.getUrlEncoder().encodeToString(alertId.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code P1} for CRITICAL, {@code P3} for WARNING, {@code P5} otherwise. */
    static String priority(Level level) {
        return switch (level) {
            case CRITICAL -> "P1";
            case WARNING -> "P3";
            default -> "P5";
        };
    }

    /** The create-alert request. */
    static HttpRequest create(String url, String apiKey, String alertId, String message, String description,
            Map<String, String> details, Level level, List<String> teams, List<String> recipients) {
        Map<String, Object> body = new TreeMap<>();
        body.put("alias", alias(alertId));
        body.put("description", description);
        body.put("details", new TreeMap<>(details));
        body.put("entity", alertId);
        body.put("message", message);
        body.put("note", "");
        body.put("priority", priority(level));
        List<Object> responders = new ArrayList<>();
        for (String team : teams) {
            Map<String, Object> r = new TreeMap<>();
            r.put("name", team);
            r.put("type", "team");
            responders.add(r);
        }
        for (String user : recipients) {
            Map<String, Object> r = new TreeMap<>();
            r.put("type", "user");
            r.put("username", user);
            responders.add(r);
        }
        if (!responders.isEmpty()) {
            body.put("responders", responders);
        }
        return post(url, apiKey, GoJson.encodeLine(body));
    }

    /** The recovery request: a note on, or the closing of, the alert with the id's alias. */
    static HttpRequest recover(String url, String apiKey, String alertId, String action, String message) {
        URI base = parse(url);
        String path = GoUrls.joinPath(base.getRawPath() == null ? "" : base.getRawPath(), alias(alertId), action);
        String target = base.getScheme() + "://" + base.getRawAuthority() + (path.startsWith("/") ? "" : "/") + path
                + "?identifierType=alias";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("note", message);
        return post(target, apiKey, GoJson.encodeLine(body));
    }

    private static HttpRequest post(String url, String apiKey, String body) {
        return HttpRequest.newBuilder(parse(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "GenieKey " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static URI parse(String url) {
        Optional<URI> uri = HttpDelivery.httpUrl(url);
        return uri.orElseThrow(() -> new HandlerException("invalid url"));
    }
}
