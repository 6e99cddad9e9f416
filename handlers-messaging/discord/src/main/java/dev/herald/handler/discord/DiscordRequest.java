package dev.herald.handler.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.json.GoJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the request Kapacitor's Discord service sends: {@code POST <webhook url>} with a JSON body (a Go map, so
 * keys are sorted) holding one embed, written by a streaming encoder (trailing newline). Also judges Discord's
 * replies.
 */
final class DiscordRequest {
    /** The service name used in failure reasons. */
    static final String SERVICE = "Discord";

    /** Discord's limits (characters) for the fields we send; longer values are cut and end with {@link #MARKER}. */
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_USERNAME = 80;
    /** What ends a value that was cut to fit a Discord limit. */
    static final String MARKER = "\u2026";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DiscordRequest() {
    }

    /** The parts of one message. */
    record Message(String username, String avatarUrl, String title, String description, Level level,
            String timestamp) {
    }

    /**
     * The workspace {@code name} names ({@code ""} = the default one), if it can be sent to.
     *
     * @throws HandlerException {@code no discord configuration found}, {@code workspace id not found} or
     *                          {@code service is not enabled}
     */
    static ServiceElement<DiscordConfig> workspace(ServiceConfig<DiscordConfig> config, String name) {
        if (config.elements().isEmpty()) {
            throw new HandlerException("no discord configuration found");
        }
        ServiceElement<DiscordConfig> element = config.element(name)
                .orElseThrow(() -> new HandlerException("workspace id not found"));
        if (!element.enabled()) {
            throw new HandlerException("service is not enabled");
        }
        return element;
    }

    /** The request for {@code message} to {@code workspace}. */
    static HttpRequest build(DiscordConfig workspace, Message message) {
        if (workspace.url().isEmpty()) {
            throw new HandlerException("Must specify the Discord channel webhook URL");
        }
        URI uri = HttpDelivery.httpUrl(target(workspace)).orElseThrow(() -> new HandlerException("invalid url"));
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(message)))
                .build();
    }

    /** The webhook URL as configured, plus {@code wait=true} when the workspace asks for it. */
    static String target(DiscordConfig workspace) {
        String url = workspace.url().reveal();
        if (!workspace.waitForMessage() || url.matches("^[^#]*[?&]wait=.*")) {
            return url;
        }
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        String joiner = !base.contains("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return base + joiner + "wait=true" + fragment;
    }

    /** The JSON body, with its trailing newline. */
    static String body(Message message) {
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("color", color(message.level()));
        embed.put("title", fit(message.title(), MAX_TITLE));
        embed.put("description", fit(message.description(), MAX_DESCRIPTION));
        embed.put("timestamp", message.timestamp());
        Map<String, Object> body = new TreeMap<>();
        body.put("avatar_url", message.avatarUrl());
        body.put("embeds", List.of(embed));
        body.put("username", fit(message.username(), MAX_USERNAME));
        return GoJson.encodeLine(body);
    }

    /** The embed colour of {@code level}, as Kapacitor's integers. */
    static int color(Level level) {
        return switch (level) {
            case CRITICAL -> 0xF95F53;
            case WARNING -> 0xF48D38;
            case OK, INFO -> 0x7A65F2;
        };
    }

    /** The embed timestamp: RFC 3339 in UTC without fractional seconds, as Go's {@code time.RFC3339}. */
    static String timestamp(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code text} cut to {@code max} characters (code points), the last one being {@link #MARKER}, if longer. */
    static String fit(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + MARKER;
    }



    /**
     * Judges Discord's reply. 204 (the default reply) and 200 (the reply with {@code ?wait=true}) are delivered.
     * A 429 is retried after the JSON {@code retry_after} (float seconds) or the {@code Retry-After} header; other
     * statuses are classified by {@link HttpDelivery#fromStatus}, so 401/403/404 (a deleted or wrong webhook) are
     * permanent.
     */
    static HandlerResult judge(int status, java.net.http.HttpHeaders headers, String body) {
        if (status == 204 || status == 200) {
            return HandlerResult.delivered();
        }
        String reason = errorText(body).orElseGet(() -> "failed to understand Discord response. code: " + status
                + " content: " + abbreviate(body));
        if (status == 429) {
            Optional<Duration> after = retryAfter(body);
            if (after.isPresent()) {
                return new HandlerResult.Failed(reason, true, after);
            }
        }
        return HttpDelivery.fromStatus(status, headers, reason);
    }

    /** Kapacitor's JSON {@code error}, else Discord's own {@code message} (with its error code). */
    static Optional<String> errorText(String body) {
        JsonNode node = parse(body);
        if (node == null) {
            return Optional.empty();
        }
        if (node.path("error").isTextual() && !node.path("error").asText().isEmpty()) {
            return Optional.of(node.path("error").asText());
        }
        if (node.path("message").isTextual() && !node.path("message").asText().isEmpty()) {
            String text = node.path("message").asText();
            return Optional.of(node.path("code").isIntegralNumber()
                    ? text + " (Discord error code " + node.path("code").asLong() + ")" : text);
        }
        return Optional.empty();
    }

    /** Discord's {@code retry_after}: float seconds in a 429's JSON body, rounded up to a millisecond. */
    static Optional<Duration> retryAfter(String body) {
        JsonNode node = parse(body);
        if (node == null || !node.path("retry_after").isNumber()) {
            return Optional.empty();
        }
        double seconds = node.path("retry_after").asDouble();
        if (!(seconds >= 0) || seconds > 86_400) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 512 ? body : body.substring(0, 512) + "...";
    }
}
