package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The slice of Kapacitor's {@code client/v1} the CLI uses, over {@code java.net.http}. Paths are
 * Kapacitor's ({@code /kapacitor/v1/...}); resources are followed by the {@code link.href} the
 * server returns, which replaces the base URL's path exactly as the Go client does.
 */
final class KapacitorClient {
    static final String BASE_PATH = "/kapacitor/v1";
    static final String TASKS = BASE_PATH + "/tasks";
    static final String TEMPLATES = BASE_PATH + "/templates";
    static final String TOPICS = BASE_PATH + "/alerts/topics";
    static final String SERVICE_TESTS = BASE_PATH + "/service-tests";
    static final String USER_AGENT = "HeraldClient";

    private final ObjectMapper json;
    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;
    /** The Authorization header value, or {@code null}. */
    private final String authorization;

    /** Validates {@code url} as the Go client does (http or https only). */
    KapacitorClient(String url, boolean skipVerify, ObjectMapper json, Duration requestTimeout)
            throws CliException {
        this(url, skipVerify, json, requestTimeout, "");
    }

    /**
     * A client that authenticates with the user info of {@code url} ({@code https://user:password@host:9092}, HTTP
     * basic, as Kapacitor's client) or, when there is none, with {@code bearerToken} (may be empty). The
     * credentials are never part of {@link #url()} or of error messages.
     */
    KapacitorClient(String url, boolean skipVerify, ObjectMapper json, Duration requestTimeout, String bearerToken)
            throws CliException {
        this.json = json;
        this.requestTimeout = requestTimeout;
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new CliException("parse " + GoFmt.quote(redacted(url)) + ": " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CliException("Unsupported protocol scheme: " + scheme
                    + ", your address must start with http:// or https://");
        }
        if (u.getRawAuthority() == null || u.getRawAuthority().isEmpty()) {
            throw new CliException("invalid URL " + GoFmt.quote(redacted(url)) + ": missing host");
        }
        this.authorization = authorization(u, bearerToken);
        this.base = withoutUserInfo(u);
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (skipVerify && scheme.equals("https")) {
            b.sslContext(trustAll());
        }
        this.http = b.build();
    }

    private static String authorization(URI u, String bearerToken) {
        String info = u.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            String user = java.net.URLDecoder.decode(colon < 0 ? info : info.substring(0, colon),
                    java.nio.charset.StandardCharsets.UTF_8);
            String password = colon < 0 ? "" : java.net.URLDecoder.decode(info.substring(colon + 1)
                    .replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bearerToken == null || bearerToken.isEmpty() ? null : "Bearer " + bearerToken;
    }

    /** {@code url} with the password replaced by {@code xxxxx}, as Go's {@code URL.Redacted}. */
    static String redacted(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@", "$1:xxxxx@");
    }

    private static URI withoutUserInfo(URI u) throws CliException {
        if (u.getRawUserInfo() == null) {
            return u;
        }
        String s = u.toString();
        int at = s.indexOf('@');
        return URI.create(u.getScheme() + "://" + s.substring(at + 1));
    }

    String url() {
        return base.toString();
    }

    // ---- tasks ----

    /** GET a task; {@code replayId} may be empty. */
    JsonNode task(String id, String replayId) throws CliException {
        return get(join(TASKS, id), query("dot-view", "attributes", "script-format", "formatted",
                "replay-id", replayId));
    }

    /** GET a task, or {@code null} when the server will not return it (as the CLI's define does). */
    JsonNode taskOrNull(String id) {
        try {
            return task(id, "");
        } catch (CliException e) {
            return null;
        }
    }

    JsonNode createTask(JsonNode body) throws CliException {
        return send("POST", TASKS, "", body, 200);
    }

    JsonNode updateTask(String href, JsonNode body) throws CliException {
        return send("PATCH", href, "", body, 200);
    }

    List<JsonNode> listTasks(String pattern, List<String> fields, int offset, int limit)
            throws CliException {
        List<String> q = new ArrayList<>(List.of("dot-view", "attributes", "script-format", "formatted",
                "replay-id", "", "pattern", pattern));
        for (String f : fields) {
            q.add("fields");
            q.add(f);
        }
        q.addAll(List.of("offset", Integer.toString(offset), "limit", Integer.toString(limit)));
        return elements(get(TASKS, query(q.toArray(String[]::new))), "tasks");
    }

    // ---- templates ----

    JsonNode template(String id) throws CliException {
        return get(join(TEMPLATES, id), query("script-format", "formatted"));
    }

    JsonNode templateOrNull(String id) {
        try {
            return template(id);
        } catch (CliException e) {
            return null;
        }
    }

    JsonNode createTemplate(JsonNode body) throws CliException {
        return send("POST", TEMPLATES, "", body, 200);
    }

    JsonNode updateTemplate(String href, JsonNode body) throws CliException {
        return send("PATCH", href, "", body, 200);
    }

    List<JsonNode> listTemplates(String pattern, List<String> fields, int offset, int limit)
            throws CliException {
        List<String> q = new ArrayList<>(List.of("script-format", "formatted", "pattern", pattern));
        for (String f : fields) {
            q.add("fields");
            q.add(f);
        }
        q.addAll(List.of("offset", Integer.toString(offset), "limit", Integer.toString(limit)));
        return elements(get(TEMPLATES, query(q.toArray(String[]::new))), "templates");
    }

    // ---- topics, events, handlers ----

    List<JsonNode> listTopics(String pattern) throws CliException {
        return elements(get(TOPICS, query("pattern", pattern, "min-level", "OK")), "topics");
    }

    JsonNode topic(String id) throws CliException {
        return get(join(TOPICS, id), "");
    }

    List<JsonNode> listTopicEvents(String eventsHref) throws CliException {
        return elements(get(eventsHref, query("min-level", "OK")), "events");
    }

    static String topicHandlersHref(String topic) {
        return join(TOPICS, topic, "handlers");
    }

    static String topicHandlerHref(String topic, String id) {
        return join(TOPICS, topic, "handlers", id);
    }

    List<JsonNode> listTopicHandlers(String handlersHref, String pattern) throws CliException {
        return elements(get(handlersHref, query("pattern", pattern)), "handlers");
    }

    JsonNode topicHandler(String href) throws CliException {
        return get(href, "");
    }

    JsonNode topicHandlerOrNull(String href) {
        try {
            return topicHandler(href);
        } catch (CliException e) {
            return null;
        }
    }

    JsonNode createTopicHandler(String handlersHref, JsonNode body) throws CliException {
        return send("POST", handlersHref, "", body, 200);
    }

    JsonNode replaceTopicHandler(String href, JsonNode body) throws CliException {
        return send("PUT", href, "", body, 200);
    }

    // ---- service tests ----

    List<JsonNode> listServiceTests(String pattern) throws CliException {
        return elements(get(SERVICE_TESTS, query("pattern", pattern.isEmpty() ? "*" : pattern)),
                "services");
    }

    JsonNode doServiceTest(String href, JsonNode options) throws CliException {
        return send("POST", href, "", options, 200);
    }

    // ---- generic ----

    /** DELETE a resource; the server answers 204. */
    void delete(String href) throws CliException {
        send("DELETE", href, "", null, 204);
    }

    JsonNode get(String path, String rawQuery) throws CliException {
        return send("GET", path, rawQuery, null, 200);
    }

    private static List<JsonNode> elements(JsonNode body, String field) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode arr = body == null ? null : body.get(field);
        if (arr != null && arr.isArray()) {
            arr.forEach(out::add);
        }
        return out;
    }

    /** {@code path.Join}: slash-joined, with duplicate slashes collapsed. */
    static String join(String... parts) {
        String p = String.join("/", parts).replaceAll("/+", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Go's {@code url.Values.Encode}: keys sorted, values kept in order per key. */
    static String query(String... kv) {
        Map<String, List<String>> m = new java.util.TreeMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<String>> e : m.entrySet()) {
            for (String v : e.getValue()) {
                if (b.length() > 0) {
                    b.append('&');
                }
                b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    URI resolve(String path, String rawQuery) throws CliException {
        try {
            String s = new URI(base.getScheme(), base.getRawAuthority(), path, null, null).toASCIIString();
            if (rawQuery != null && !rawQuery.isEmpty()) {
                s += "?" + rawQuery;
            }
            return URI.create(s);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new CliException("invalid path " + GoFmt.quote(path) + ": " + e.getMessage());
        }
    }

    private JsonNode send(String method, String path, String rawQuery, JsonNode body, int expected)
            throws CliException {
        URI uri = resolve(path, rawQuery);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("User-Agent", USER_AGENT);
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        if (body != null) {
            byte[] bytes;
            try {
                bytes = json.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new CliException("failed to encode request: " + e.getMessage(), e);
            }
            rb.header("Content-Type", "application/json");
            rb.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new CliException(goMethod(method) + " " + GoFmt.quote(uri.toString()) + ": connect timeout", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(goMethod(method) + " " + GoFmt.quote(uri.toString()) + ": request timed out", e);
        } catch (ConnectException e) {
            throw new CliException(goMethod(method) + " " + GoFmt.quote(uri.toString())
                    + ": dial tcp " + uri.getAuthority() + ": connect: connection refused", e);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CliException(goMethod(method) + " " + GoFmt.quote(uri.toString()) + ": " + msg, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", e);
        }
        byte[] data = resp.body() == null ? new byte[0] : resp.body();
        if (resp.statusCode() != expected) {
            throw new CliException(decodeError(resp.statusCode(), data));
        }
        if (expected == 204 || data.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw new CliException("failed to decode JSON: " + e.getMessage(), e);
        }
    }

    /** Go prints methods as written in the request; the client's requests use upper-case words. */
    private static String goMethod(String m) {
        return m.charAt(0) + m.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The server's {@code {"error": "..."}} message, or Kapacitor's generic fallback. */
    String decodeError(int status, byte[] data) {
        try {
            JsonNode n = json.readTree(data);
            if (n != null && n.isObject()) {
                JsonNode e = n.get("error");
                if (e != null && e.isTextual() && !e.textValue().isEmpty()) {
                    return e.textValue();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through to the generic message
        }
        return "invalid response: code " + status + ": body: " + new String(data, StandardCharsets.UTF_8);
    }

    private static SSLContext trustAll() {
        try {
            TrustManager tm = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
