package dev.herald.handler.victorops;

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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the request Kapacitor's VictorOps service sends: {@code POST <url>/<api-key>/<routing-key>} (Go's
 * {@code path.Join}) with a JSON body (a Go map, keys sorted, trailing newline).
 */
final class VictorOpsRequest {
    static final String SERVICE = "VictorOps";

    /** A 404 means the URL or the key in its path is wrong; otherwise the reply's {@code message}. */
    static final HttpDelivery.ErrorDecoder ERRORS = (status, body) -> status == 404
            ? Optional.of("URL or API key not found: 404")
            : HttpDelivery.ErrorDecoder.jsonField("message").decode(status, body);

    private VictorOpsRequest() {
    }

    /** Only 200 is success, as in Kapacitor. */
    static boolean isSuccess(int status) {
        return status == 200;
    }


    /**
     * The request for one alert.
     *
     * @param messageType {@code CRITICAL}, {@code WARNING}, {@code INFO} or {@code RECOVERY} (service tests send
     *                    their option verbatim)
     */
    static HttpRequest build(VictorOpsConfig config, String routingKey, String messageType, String entityId,
            String message, Instant time, EventData data) {
        URI base = HttpDelivery.httpUrl(config.url()).orElseThrow(() -> new HandlerException("invalid url"));
        String key = routingKey.isEmpty() ? config.routingKey() : routingKey;
        String path = GoUrls.joinPath(base.getPath() == null ? "" : base.getPath(),
                config.apiKey().reveal(), key);
        URI uri;
        try {
            uri = new URI(base.getScheme(), base.getRawAuthority(), null, null, null);
            uri = URI.create(uri + GoUrls.escapePath(path.startsWith("/") ? path : "/" + path)
                    + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            // The message would quote the path, and with it the API key.
            throw new HandlerException("invalid url");
        }
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(config.jsonData(), messageType, entityId, message,
                        time, data)))
                .build();
    }

    /** The JSON body with its trailing newline. */
    static String body(boolean jsonData, String messageType, String entityId, String message, Instant time,
            EventData data) {
        Map<String, Object> result = AlertEventJson.result(data);
        Map<String, Object> body = new TreeMap<>();
        body.put("data", jsonData ? result : GoJson.encode(result));
        body.put("entity_id", entityId);
        body.put("message_type", messageType);
        body.put("monitoring_tool", "kapacitor");
        body.put("state_message", message);
        body.put("timestamp", time.getEpochSecond());
        return GoJson.encodeLine(body);
    }

    /** Kapacitor's message type of a level: OK is {@code RECOVERY}. */
    static String messageType(Level level) {
        return level == Level.OK ? "RECOVERY" : level.name();
    }
}
