package dev.herald.handler.pushover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.event.Level;
import dev.herald.core.handler.GoUrls;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Builds the request Kapacitor's Pushover service sends: {@code POST <url>} with an
 * {@code application/x-www-form-urlencoded} body, keys sorted, values query-escaped as Go does. Also judges
 * Pushover's replies.
 */
final class PushoverRequest {
    /** The service name used in failure reasons. */
    static final String SERVICE = "Pushover";
    /** Pushover's limits (characters); longer values are cut and end with {@link #MARKER}. */
    static final int MAX_MESSAGE = 1024;
    static final int MAX_TITLE = 250;
    static final String MARKER = "\u2026";
    /** Emergency-priority bounds Pushover enforces (it answers 400 otherwise). */
    static final Duration MIN_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_EXPIRE = Duration.ofSeconds(10800);

    private static final ObjectMapper JSON = new ObjectMapper();

    private PushoverRequest() {
    }

    /** Kapacitor's priorities: OK -2, INFO -1, WARNING 0, CRITICAL 1 (2 with {@code emergency}). */
    static int priority(Level level, boolean emergency) {
        return switch (level) {
            case OK -> -2;
            case INFO -> -1;
            case WARNING -> 0;
            case CRITICAL -> emergency ? 2 : 1;
        };
    }

    /** The request for {@code message} at {@code level}, options falling back to {@code config}. */
    static HttpRequest build(PushoverConfig config, PushoverOptions options, String message, Level level) {
        if (config.url().isEmpty()) {
            throw new HandlerException("must specify url");
        }
        URI uri;
        try {
            uri = new URI(config.url());
        } catch (URISyntaxException e) {
            throw new HandlerException("invalid URL \"" + config.url() + "\"");
        }
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body(config, options, message, level)))
                .build();
    }

    /** The form body: {@code token}, {@code user}, {@code message}, {@code priority} always, the rest when set. */
    static String body(PushoverConfig config, PushoverOptions options, String message, Level level) {
        int priority = priority(level, options.emergency());
        Map<String, String> form = new TreeMap<>();
        form.put("token", config.token().reveal());
        form.put("user", options.userKey().or(config.userKey()).reveal());
        form.put("message", fit(message, MAX_MESSAGE));
        form.put("priority", Integer.toString(priority));
        putIfSet(form, "device", options.device());
        putIfSet(form, "title", fit(options.title(), MAX_TITLE));
        putIfSet(form, "url", options.url());
        putIfSet(form, "url_title", options.urlTitle());
        putIfSet(form, "sound", options.sound());
        if (priority == 2) {
            form.put("retry", Long.toString(options.retry().toSeconds()));
            form.put("expire", Long.toString(options.expire().toSeconds()));
        }
        StringJoiner out = new StringJoiner("&");
        form.forEach((k, v) -> out.add(GoUrls.escapeQuery(k) + "=" + GoUrls.escapeQuery(v)));
        return out.toString();
    }

    /** {@code text} cut to {@code max} characters (code points), the last one being {@link #MARKER}, if longer. */
    static String fit(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + MARKER;
    }

    private static void putIfSet(Map<String, String> form, String key, String value) {
        if (!value.isEmpty()) {
            form.put(key, value);
        }
    }

    /**
     * Judges a reply: only 200 is delivered. 5xx is retryable; a 4xx is permanent (Pushover: never retry a 4xx),
     * except a 429 that names a {@code Retry-After}. The reason is Pushover's {@code error}, else
     * {@code failed to understand Pushover response. code: <status> content: <errors joined with ", ">}, else the
     * raw body.
     */
    static HandlerResult judge(int status, HttpHeaders headers, String body) {
        if (status == 200) {
            return HandlerResult.delivered();
        }
        String reason = reason(status, body);
        if (status >= 500) {
            return HandlerResult.retryable(reason);
        }
        if (status == 429) {
            Optional<Duration> after = headers.firstValue("Retry-After").flatMap(PushoverRequest::seconds);
            if (after.isPresent()) {
                return new HandlerResult.Failed(reason, true, after);
            }
        }
        return HandlerResult.permanent(reason);
    }

    static String reason(int status, String body) {
        String content = abbreviate(body);
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                if (node.path("error").isTextual() && !node.path("error").asText().isEmpty()) {
                    return node.path("error").asText();
                }
                if (node.path("errors").isArray()) {
                    List<String> errors = new ArrayList<>();
                    node.path("errors").forEach(e -> errors.add(e.asText()));
                    content = String.join(", ", errors);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the raw body (Kapacitor reports the JSON parse error instead)
        }
        return "failed to understand Pushover response. code: " + status + " content: " + content;
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.trim());
            return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 512 ? body : body.substring(0, 512) + "...";
    }
}
