package dev.herald.handler.hipchat;

import dev.herald.core.config.Secret;
import dev.herald.core.event.Level;
import dev.herald.core.handler.GoUrls;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.json.GoJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the HTTP request Kapacitor's HipChat service sends ({@code services/hipchat/service.go}):
 * {@code POST <url>/<room>/notification?auth_token=<token>} with a JSON body
 * {@code {"color":…,"from":"kapacitor","message":…,"notify":true}} and a trailing newline.
 *
 * <p>The URL follows Go's {@code net/url} and {@code path} packages exactly: the config URL's path (decoded),
 * the room and {@code notification} are joined and cleaned ({@code path.Join}); the query is replaced by
 * {@code auth_token=<token>} ({@code url.Values.Encode}); the path is percent-encoded as
 * {@code URL.EscapedPath} does; a fragment is dropped and user info becomes a Basic {@code Authorization}
 * header, as Go's HTTP client does.
 */
final class HipChatRequest {

    /** The {@code from} value of every notification. */
    static final String FROM = "kapacitor";

    private HipChatRequest() {
    }

    /**
     * The request for one notification.
     *
     * @param config  the current {@code [hipchat]} config
     * @param room    the handler's room; empty = config room
     * @param token   the handler's token; empty = config token
     * @param message the event message
     * @param level   the event level
     * @throws HandlerException when the config URL is missing or invalid (never shows the token)
     */
    static HttpRequest build(HipChatConfig config, String room, Secret token, String message, Level level) {
        URI base = baseUri(config.url());
        String effectiveRoom = room == null || room.isEmpty() ? config.room() : room;
        Secret effectiveToken = (token == null ? Secret.EMPTY : token).or(config.token());
        URI target = URI.create(target(base, effectiveRoom, effectiveToken.reveal()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(message, level), StandardCharsets.UTF_8));
        basicAuthorization(base).ifPresent(value -> request.header("Authorization", value));
        if ("http".equalsIgnoreCase(base.getScheme())) {
            // Go's client never attempts an h2c upgrade on plain HTTP; keep Java's client from adding
            // "Connection: Upgrade, HTTP2-Settings" and "Upgrade: h2c" headers Kapacitor never sends.
            request.version(HttpClient.Version.HTTP_1_1);
        }
        return request.build();
    }

    /** The JSON body: a Go map, so keys sorted; Go's streaming encoder adds the trailing newline. */
    static String body(String message, Level level) {
        Map<String, Object> body = new TreeMap<>();
        body.put("color", color(level));
        body.put("from", FROM);
        body.put("message", message);
        body.put("notify", true);
        return GoJson.encodeLine(body);
    }

    /** Kapacitor's level map: WARNING yellow, CRITICAL red, anything else green. */
    static String color(Level level) {
        if (level == Level.WARNING) {
            return "yellow";
        }
        if (level == Level.CRITICAL) {
            return "red";
        }
        return "green";
    }

    /** Whether HipChat accepted the notification: 200 or 204. */
    static boolean isSuccess(int status) {
        return status == 200 || status == 204;
    }

    /**
     * Why {@code url} cannot be HipChat's API base, or empty when it can: it must be an absolute {@code http} or
     * {@code https} URL with a host.
     */
    static Optional<String> urlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("expected an http or https URL");
        }
        if (uri.getHost() == null) {
            return Optional.of("missing or invalid host");
        }
        return Optional.empty();
    }

    private static URI baseUri(String url) {
        if (url == null || url.isEmpty()) {
            throw new HandlerException("must specify url");
        }
        Optional<String> problem = urlProblem(url);
        if (problem.isPresent()) {
            throw new HandlerException("invalid url \"" + url + "\": " + problem.get());
        }
        return URI.create(url);
    }

    /** {@code scheme://host[:port]/<escaped joined path>?auth_token=<escaped token>}, as Go's URL.String(). */
    static String target(URI base, String room, String token) {
        String authority = base.getRawAuthority();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String path = GoUrls.joinPath(base.getPath() == null ? "" : base.getPath(), room, "notification");
        if (!path.isEmpty() && path.charAt(0) != '/') {
            path = "/" + path;
        }
        return base.getScheme() + "://" + authority + GoUrls.escapePath(path) + "?auth_token=" + GoUrls.escapeQuery(token);
    }

    /** Go's client sends URL user info as Basic auth ({@code user:password}, password empty when absent). */
    private static Optional<String> basicAuthorization(URI base) {
        String userInfo = base.getUserInfo();
        if (userInfo == null) {
            return Optional.empty();
        }
        String credentials = userInfo.indexOf(':') >= 0 ? userInfo : userInfo + ":";
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
}
