package dev.herald.handler.telegram;

import dev.herald.core.handler.GoUrls;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.json.GoJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the {@code sendMessage} request exactly as Kapacitor's Telegram service does: {@code POST
 * <url path><token>/sendMessage}, {@code Content-Type: application/json}, and a JSON object with sorted keys
 * (Kapacitor encodes a Go map) followed by the streaming encoder's {@code \n}.
 *
 * <p>The token sits in the URL path, so nothing here ever puts the built URL into an exception message.
 */
final class TelegramRequest {

    /** Kapacitor's message for a parse mode Telegram's old API does not know. */
    static final String PARSE_MODE_ERROR = "parseMode %s is not valid, please use 'Markdown' or 'HTML'";

    private TelegramRequest() {
    }

    /**
     * The request for {@code text} under {@code config} and {@code options}.
     *
     * @throws HandlerException for an invalid parse mode or an unusable URL (messages never show the token)
     */
    static HttpRequest build(TelegramConfig config, TelegramOptions options, String text) {
        String body = body(config, options, text);
        URI uri = sendMessageUri(config.url(), config.token().reveal());
        try {
            return HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            // The JDK's message would quote the URI, token included.
            throw new HandlerException(invalidUrl(config.url(), "not usable as an HTTP request URI"));
        }
    }

    /** The JSON body line, after option → config fallbacks and the parse-mode check. */
    static String body(TelegramConfig config, TelegramOptions options, String text) {
        String chatId = options.chatId().isEmpty() ? config.chatId() : options.chatId();
        String parseMode = options.parseMode().isEmpty() ? config.parseMode() : options.parseMode();
        parseModeError(parseMode).ifPresent(message -> {
            throw new HandlerException(message);
        });
        Map<String, Object> body = new TreeMap<>();
        body.put("chat_id", chatId);
        body.put("text", text);
        if (!parseMode.isEmpty()) {
            body.put("parse_mode", parseMode);
        }
        if (options.disableWebPagePreview() || config.disableWebPagePreview()) {
            body.put("disable_web_page_preview", true);
        }
        if (options.disableNotification() || config.disableNotification()) {
            body.put("disable_notification", true);
        }
        return GoJson.encodeLine(body);
    }

    /** Kapacitor's error for {@code parseMode}, if it is neither empty nor Markdown/HTML in any case. */
    static Optional<String> parseModeError(String parseMode) {
        String lower = parseMode.toLowerCase(Locale.ROOT);
        if (parseMode.isEmpty() || lower.equals("markdown") || lower.equals("html")) {
            return Optional.empty();
        }
        return Optional.of(String.format(PARSE_MODE_ERROR, parseMode));
    }

    /**
     * Why {@code url} cannot serve as the Bot API base, if it cannot: it must be an absolute http(s) URL with a
     * host (Go's parser is laxer, but anything else fails when sending).
     */
    static Optional<String> urlProblem(String url) {
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(e.getReason());
        }
        String scheme = parsed.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return Optional.of("expected an absolute http or https URL");
        }
        if (parsed.getRawAuthority() == null || parsed.getHost() == null) {
            return Optional.of("missing host");
        }
        return Optional.empty();
    }

    static String invalidUrl(String url, String why) {
        return "invalid url \"" + url + "\": " + why;
    }

    /**
     * Go's {@code u.Path = path.Join(u.Path+token, "sendMessage"); u.String()}: the token is glued to the decoded
     * path with no separator, the result cleaned, then escaped as Go escapes a path. Query kept, fragment dropped
     * (it is never sent).
     */
    static URI sendMessageUri(String url, String token) {
        urlProblem(url).ifPresent(why -> {
            throw new HandlerException(invalidUrl(url, why));
        });
        URI base = URI.create(url);
        String path = GoUrls.joinPath((base.getPath() == null ? "" : base.getPath()) + token, "sendMessage");
        StringBuilder out = new StringBuilder()
                .append(base.getScheme()).append("://").append(base.getRawAuthority());
        if (!path.startsWith("/")) {
            out.append('/');
        }
        out.append(GoUrls.escapePath(path));
        if (base.getRawQuery() != null && !base.getRawQuery().isEmpty()) {
            out.append('?').append(base.getRawQuery());
        }
        try {
            return new URI(out.toString());
        } catch (URISyntaxException e) {
            throw new HandlerException(invalidUrl(url, "cannot append the token to its path"));
        }
    }
}
