package dev.herald.handler.talk;

import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the request Kapacitor's Talk service sends: {@code POST <url>} with a JSON body (a Go map, so keys are
 * sorted) written by a streaming encoder (trailing newline): {@code authorName}, {@code text}, {@code title}.
 */
final class TalkRequest {
    /** The service name used in failure reasons. */
    static final String SERVICE = "Talk";

    /** The JSON {@code error} of a failed reply (Kapacitor means to read it but never does). */
    static final HttpDelivery.ErrorDecoder ERRORS = (status, body) ->
            HttpDelivery.ErrorDecoder.jsonField("error").decode(status, body).filter(text -> !text.isEmpty());

    private TalkRequest() {
    }

    /** The request for a message with {@code title} (the alert id) and {@code text} (the alert message). */
    static HttpRequest build(TalkConfig config, String title, String text) {
        if (config.url().isEmpty()) {
            throw new HandlerException("must specify url");
        }
        URI uri = HttpDelivery.httpUrl(config.url().reveal()).orElseThrow(() -> new HandlerException("invalid url"));
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(config, title, text)))
                .build();
    }

    /** The JSON body, with its trailing newline. */
    static String body(TalkConfig config, String title, String text) {
        Map<String, Object> body = new TreeMap<>();
        body.put("authorName", config.authorName());
        body.put("text", text);
        body.put("title", title);
        return GoJson.encodeLine(body);
    }

}
