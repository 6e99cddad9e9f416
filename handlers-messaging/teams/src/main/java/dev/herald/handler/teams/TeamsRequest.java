package dev.herald.handler.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the Teams request: Kapacitor's MessageCard (a struct, one-shot marshalled: no trailing newline) for legacy
 * connectors, or the Workflows message envelope around an Adaptive Card. Also judges Teams' replies.
 */
final class TeamsRequest {
    /** The service name used in failure reasons. */
    static final String SERVICE = "Teams";
    static final Set<String> FORMATS = Set.of("auto", "adaptive-card", "message-card");

    private static final int SUMMARY_BYTES = 70;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_ERROR = Pattern.compile("HTTP error (\\d{3})");

    private TeamsRequest() {
    }

    /** What one card says. */
    record Card(String id, String topic, String message, Level level) {
    }

    /** The request posting {@code card} to {@code url} in {@code format} ({@code auto} resolved here). */
    static HttpRequest build(String url, String format, Card card) {
        if (url.isEmpty()) {
            throw new HandlerException("must specify Teams channel webhook URL");
        }
        URI uri = HttpDelivery.httpUrl(url).orElseThrow(() -> new HandlerException("invalid url"));
        String body = isMessageCard(format, uri) ? messageCard(card) : adaptiveCard(card);
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Whether {@code format} means a MessageCard for {@code uri}: always for the legacy connector hosts in auto. */
    static boolean isMessageCard(String format, URI uri) {
        if (format.equals("message-card")) {
            return true;
        }
        if (format.equals("adaptive-card")) {
            return false;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".webhook.office.com") || host.equals("outlook.office.com")
                || host.equals("outlook.office365.com");
    }

    /** Kapacitor's title: {@code <LEVEL>: [<ID>]}, else {@code <LEVEL>: [<topic>]}, else {@code <LEVEL>}. */
    static String title(Card card) {
        if (!card.id().isEmpty()) {
            return card.level().name() + ": [" + card.id() + "]";
        }
        if (!card.topic().isEmpty()) {
            return card.level().name() + ": [" + card.topic() + "]";
        }
        return card.level().name();
    }

    /**
     * Kapacitor's summary: the first 70 bytes of {@code <title> - <message>} (or {@code <LEVEL>: <message>}) and
     * {@code ...}, always. Unlike Kapacitor, a cut never splits a UTF-8 character.
     */
    static String summary(Card card) {
        String base = card.id().isEmpty() && card.topic().isEmpty()
                ? card.level().name() + ": " + card.message()
                : title(card) + " - " + card.message();
        byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= SUMMARY_BYTES) {
            return base + "...";
        }
        int end = SUMMARY_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // bytes[end] continues a character that starts before the cut: cut before that character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
    }

    /** Kapacitor's MessageCard, keys in struct order, no trailing newline. */
    static String messageCard(Card card) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@type", "MessageCard");
        body.put("@context", "http://schema.org/extensions");
        body.put("title", title(card));
        body.put("text", card.message());
        body.put("summary", summary(card));
        body.put("themeColor", themeColor(card.level()));
        return GoJson.encode(body);
    }

    /** The Workflows message: one Adaptive Card 1.2 with the title (coloured by level) and the message. */
    static String adaptiveCard(Card card) {
        Map<String, Object> title = new LinkedHashMap<>();
        title.put("type", "TextBlock");
        title.put("text", title(card));
        title.put("weight", "Bolder");
        title.put("size", "Medium");
        title.put("color", adaptiveColor(card.level()));
        title.put("wrap", true);
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("type", "TextBlock");
        text.put("text", card.message());
        text.put("wrap", true);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        content.put("type", "AdaptiveCard");
        content.put("version", "1.2");
        content.put("body", List.of(title, text));
        content.put("msteams", Map.of("width", "full"));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", content);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "message");
        body.put("attachments", List.of(attachment));
        return GoJson.encode(body);
    }

    /** Kapacitor's MessageCard theme colours. */
    static String themeColor(Level level) {
        return switch (level) {
            case CRITICAL -> "CC4A31";
            case WARNING -> "FFA533";
            case OK, INFO -> "34CC25";
        };
    }

    /** The Adaptive Card text colour of the title. */
    static String adaptiveColor(Level level) {
        return switch (level) {
            case CRITICAL -> "Attention";
            case WARNING -> "Warning";
            case OK, INFO -> "Good";
        };
    }


    /**
     * Judges a reply. 202 (Workflows: flow queued) and 204 are delivered. A 200 is delivered when its body is
     * empty, {@code 1} (a connector's success) or JSON (a flow's own answer); any other 200 body is a legacy
     * connector hiding an error, classified by the {@code HTTP error <code>} it quotes (429 and 5xx retryable).
     * Other statuses: the JSON {@code error} (string, or Workflows' {@code {code,message}} object) is the reason.
     */
    static HandlerResult judge(int status, HttpHeaders headers, String body) {
        if (status == 202 || status == 204) {
            return HandlerResult.delivered();
        }
        if (status == 200) {
            String text = body.trim();
            if (text.isEmpty() || text.equals("1") || text.startsWith("{") || text.startsWith("[")) {
                return HandlerResult.delivered();
            }
            String reason = "Teams connector error: " + abbreviate(text);
            Matcher code = HTTP_ERROR.matcher(text);
            int hidden = code.find() ? Integer.parseInt(code.group(1)) : 400;
            return HttpDelivery.fromStatus(hidden, headers, reason);
        }
        String reason = errorText(body).orElseGet(() -> "failed to understand Teams response. code: " + status
                + " content: " + abbreviate(body));
        return HttpDelivery.fromStatus(status, headers, reason);
    }

    static Optional<String> errorText(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            JsonNode error = node.path("error");
            if (error.isTextual() && !error.asText().isEmpty()) {
                return Optional.of(error.asText());
            }
            if (error.isObject() && error.path("message").isTextual()) {
                String code = error.path("code").isTextual() ? error.path("code").asText() + ": " : "";
                return Optional.of(code + error.path("message").asText());
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: "failed to understand"
        }
        return Optional.empty();
    }

    private static String abbreviate(String body) {
        return body.length() <= 512 ? body : body.substring(0, 512) + "...";
    }
}
