package dev.herald.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operator's web page: static files packed into the jar under {@code web/}, served at {@code /} (the page) and
 * {@code /ui/<file>} (the page again at {@code /ui/}, its script, stylesheet and icon). The page is plain HTML,
 * JavaScript and CSS that talk to the API of the same server; nothing is loaded from elsewhere, and the content
 * security policy says so.
 */
final class WebPage {
    static final String UI = "/ui";
    private static final String ROOT = "web/";
    private static final String INDEX = "index.html";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", Reply.JSON,
            "txt", "text/plain; charset=utf-8");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    WebPage() {
        this(WebPage.class.getClassLoader());
    }

    WebPage(ClassLoader loader) {
        this.loader = loader;
    }

    void register(Router router) {
        router.add("GET", "/", r -> file(INDEX))
                .add("GET", UI, r -> Reply.text(301, null, "").withHeader("Location", UI + "/"))
                .add("GET", UI + "/", r -> file(INDEX))
                .add("GET", UI + "/{file}", r -> file(r.param("file")));
    }

    private Reply file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.notFound("no such file: " + UI + "/" + name);
        }
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(ext);
        byte[] body = type == null ? null : cache.get(name);
        if (body == null && type != null) {
            body = read(name).orElse(null);
            if (body != null) {
                cache.put(name, body); // only files that exist: the cache stays as small as web/
            }
        }
        if (body == null) {
            throw ApiException.notFound("no such file: " + UI + "/" + name);
        }
        return new Reply(200, type, body, Map.of())
                .withHeader("Cache-Control", "no-cache")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Content-Security-Policy", CSP)
                .withHeader("Referrer-Policy", "no-referrer");
    }

    private Optional<byte[]> read(String name) {
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ROOT + name, e);
        }
    }
}
