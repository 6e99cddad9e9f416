package dev.herald.engine.handlers;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.handler.TlsSettings;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import dev.herald.core.template.TemplateFunction;
import dev.herald.core.template.TemplateFunctions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * The built-in {@code post} handler and the {@code [[httppost]]} service, as Kapacitor's {@code httppost}: each
 * event is POSTed to a URL, either the handler's own {@code url} or that of a configured endpoint named by
 * {@code endpoint}.
 *
 * <p>TICKscript {@code .post('http://host/{{.ID}}')} or {@code .post().endpoint('name')}, with
 * {@code .header('k', 'v')}, {@code .captureResponse()}, {@code .timeout(10s)}, {@code .skipSSLVerification()};
 * handler file {@code kind: post, options: {url, endpoint, headers, capture-response, timeout,
 * skip-ssl-verification}}. Config section {@code [[httppost]]} (elements named by {@code endpoint}: {@code url},
 * {@code headers}, {@code basic-auth}, {@code alert-template}, {@code alert-template-file}, {@code row-template},
 * {@code row-template-file}); service test {@code httppost}.
 *
 * <p>Request: {@code POST} to the URL template rendered with the alert data; headers are basic auth (when the
 * endpoint has both username and password), then the endpoint's headers, then the handler's (replacing
 * same-named ones). The body is the endpoint's alert template rendered with the alert data (no Content-Type
 * added), or else the alert JSON plus a newline with {@code Content-Type: application/json}. Templates get the
 * {@code json} and {@code jsonCompact} functions. Any 2xx is delivered; other outcomes are classified by
 * {@link HttpDelivery}; a non-2xx reason is the response body with {@code capture-response}, else Kapacitor's
 * "unknown error" text.
 *
 * <p>The endpoint is looked up at send time, so config changes apply to running handlers; a handler whose
 * endpoint was removed falls back to its own {@code url}, or fails with {@code endpoint was closed}.
 */
public final class PostHandlerFactory implements HandlerFactory<HttpPostConfig, PostOptions> {
    /** The extra template functions of httppost templates. */
    static final Map<String, TemplateFunction> FUNCTIONS = Map.of(
            "json", TemplateFunctions.json(), "jsonCompact", TemplateFunctions.jsonCompact());
    /** Headers Java's HTTP client refuses to let a caller set. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");
    private static final String SERVICE = "post endpoint";
    private static final IntPredicate SUCCESS = status -> status / 100 == 2;
    private static final String UNKNOWN_ERROR = "unknown error, use .captureResponse() to capture the HTTP response";
    private static final int MAX_BODY_IN_REASON = 512;

    /** Creates the factory; the engine finds it with {@link java.util.ServiceLoader}. */
    public PostHandlerFactory() {
    }

    @Override
    public String kind() {
        return "post";
    }

    @Override
    public String section() {
        return "httppost";
    }

    @Override
    public String description() {
        return "POST each alert as JSON, or through a template, to an HTTP endpoint.";
    }

    @Override
    public Class<HttpPostConfig> configType() {
        return HttpPostConfig.class;
    }

    @Override
    public Class<PostOptions> optionsType() {
        return PostOptions.class;
    }

    @Override
    public Handler create(PostOptions options, ServiceConfig<HttpPostConfig> config, HandlerContext context) {
        for (String name : options.headers().keySet()) {
            checkHeaderName("post", name);
        }
        MessageTemplate url = options.url().isEmpty() ? null
                : HttpPostConfig.checkUrlTemplate("post", "url", options.url());
        if (url == null && (options.endpoint().isEmpty() || named(config, options.endpoint()).isEmpty())) {
            throw new ConfigException("post", options.endpoint().isEmpty() ? "url" : "endpoint",
                    "An appropriately formatted url must be specified if an endpoint is not specified"
                            + (options.endpoint().isEmpty() ? "" : " (no endpoint \"" + options.endpoint()
                                    + "\" is configured)"));
        }
        return new PostHandler(options, url, config, context);
    }

    /** Rejects duplicate endpoint names and unreadable or invalid template files. */
    @Override
    public void validateConfig(List<ServiceElement<HttpPostConfig>> elements) {
        Set<String> names = new HashSet<>();
        for (ServiceElement<HttpPostConfig> element : elements) {
            HttpPostConfig c = element.config();
            if (!names.add(c.endpoint())) {
                throw new ConfigException("httppost", "endpoint", "duplicate endpoint \"" + c.endpoint() + "\"");
            }
            Endpoint.compile(c);
            if (!c.rowTemplateFile().isEmpty()) {
                templateFile("row-template-file", c.rowTemplateFile());
            }
        }
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<HttpPostConfig> config, HandlerContext context) {
        HttpPostTestOptions defaults = config.defaultElement()
                .map(e -> new HttpPostTestOptions(e.config().endpoint(), e.config().url(), e.config().headers(),
                        Duration.ZERO))
                .orElseGet(() -> new HttpPostTestOptions("example", "http://localhost:3000/",
                        Map.of("Auth", "secret"), Duration.ZERO));
        return Optional.of(ServiceTest.of(HttpPostTestOptions.class, defaults, options -> test(options, context)));
    }

    private static CompletionStage<HandlerResult> test(HttpPostTestOptions options, HandlerContext context) {
        return HttpDelivery.send(context, () -> {
            MessageTemplate url = template(() -> HttpPostConfig.checkUrlTemplate("httppost", "url", options.url()));
            AlertEvent empty = AlertData.emptyEvent();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(options.headers());
            headers.put("Content-Type", "application/json");
            return request(render(url, AlertData.of(empty), "url"), AlertEventJson.toJsonLine(empty), headers,
                    options.timeout(), context);
        }, SERVICE, SUCCESS, decoder(false));
    }

    private static Optional<ServiceElement<HttpPostConfig>> named(ServiceConfig<HttpPostConfig> config,
            String name) {
        return config.elements().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    static void checkHeaderName(String section, String name) {
        if (name.toLowerCase(Locale.ROOT).equals("authenticate")) {
            throw new ConfigException(section, "headers", "cannot set 'authenticate' header");
        }
        checkSettableHeader(section, name);
    }

    /** Rejects a header Java's HTTP client sets itself and refuses from callers. */
    static void checkSettableHeader(String section, String name) {
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new ConfigException(section, "headers", "cannot set '" + name + "' header (set by the client)");
        }
    }

    private static MessageTemplate template(Supplier<MessageTemplate> parse) {
        try {
            return parse.get();
        } catch (ConfigException e) {
            throw new HandlerException(e.getMessage());
        }
    }

    private static String templateFile(String key, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("httppost", key, "failed to read template file \"" + path + "\": "
                    + BlockingIo.describe(e));
        }
    }

    private static String render(MessageTemplate template, AlertData data, String what) {
        try {
            return template.render(data);
        } catch (TemplateException e) {
            throw new HandlerException("failed to execute " + what + " template: " + e.getMessage());
        }
    }

    /** Builds the POST; never puts the URL or a header value in an error (they may hold tokens). */
    private static HttpRequest request(String url, String body, Map<String, String> headers, Duration timeout,
            HandlerContext context) {
        URI uri;
        try {
            uri = HttpPostConfig.checkUrl("post", "url", url);
        } catch (ConfigException e) {
            throw new HandlerException("failed to create POST request: the url is not an absolute http or https URL");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                builder.setHeader(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                throw new HandlerException("failed to create POST request: header \"" + header.getKey()
                        + "\" cannot be set");
            }
        }
        if (!timeout.isZero() && !timeout.isNegative()) {
            builder.timeout(timeout.compareTo(context.requestTimeout()) < 0 ? timeout : context.requestTimeout());
        }
        return builder.build();
    }

    private static HttpDelivery.ErrorDecoder decoder(boolean captureResponse) {
        return (status, body) -> {
            String detail;
            if (!captureResponse) {
                detail = UNKNOWN_ERROR;
            } else if (body.isEmpty()) {
                detail = "(empty response body)";
            } else {
                detail = body.length() <= MAX_BODY_IN_REASON ? body : body.substring(0, MAX_BODY_IN_REASON) + "...";
            }
            return Optional.of("POST returned non 2xx status code " + status + ": " + detail);
        };
    }

    /** A configured endpoint, compiled: its templates parsed and its template file read. */
    record Endpoint(HttpPostConfig config, MessageTemplate url, MessageTemplate alert) {
        static Endpoint compile(HttpPostConfig c) {
            MessageTemplate url = HttpPostConfig.checkUrlTemplate("httppost", "url", c.url());
            MessageTemplate alert = null;
            if (!c.alertTemplate().isEmpty()) {
                alert = HttpPostConfig.parse("httppost", "alert-template", c.alertTemplate());
            } else if (!c.alertTemplateFile().isEmpty()) {
                alert = HttpPostConfig.parse("httppost", "alert-template-file",
                        templateFile("alert-template-file", c.alertTemplateFile()));
            }
            return new Endpoint(c, url, alert);
        }
    }

    /** One {@code post} handler. */
    static final class PostHandler implements Handler {
        private final PostOptions options;
        private final MessageTemplate url;
        private final ServiceConfig<HttpPostConfig> config;
        private final HandlerContext context;
        private volatile Endpoint cached;

        PostHandler(PostOptions options, MessageTemplate url, ServiceConfig<HttpPostConfig> config,
                HandlerContext context) {
            this.options = options;
            this.url = url;
            this.config = config;
            this.context = context;
        }

        @Override
        public CompletionStage<HandlerResult> handle(AlertEvent event) {
            HandlerContext sendContext;
            try {
                sendContext = options.skipSslVerification() ? context.withTls(TlsSettings.INSECURE, SERVICE)
                        : context;
            } catch (HandlerException e) {
                return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
            }
            return HttpDelivery.send(sendContext, () -> {
                try {
                    return build(event, sendContext);
                } catch (HandlerException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Never the exception's message: it may quote the URL or a header value.
                    throw new HandlerException("failed to create POST request: " + e.getClass().getSimpleName());
                }
            }, SERVICE, SUCCESS, decoder(options.captureResponse()));
        }

        private HttpRequest build(AlertEvent event, HandlerContext sendContext) {
            Endpoint endpoint = endpoint();
            AlertData data = AlertData.of(event);
            MessageTemplate urlTemplate = endpoint != null ? endpoint.url() : url;
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String body;
            if (endpoint != null) {
                HttpPostConfig.BasicAuth auth = endpoint.config().credentials();
                if (auth.valid()) {
                    headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (auth.username() + ":" + auth.password().reveal()).getBytes(StandardCharsets.UTF_8)));
                }
                headers.putAll(endpoint.config().headers());
            }
            headers.putAll(options.headers());
            if (endpoint != null && endpoint.alert() != null) {
                body = render(endpoint.alert(), data, "alert");
            } else {
                body = AlertEventJson.toJsonLine(event);
                headers.put("Content-Type", "application/json");
            }
            return request(render(urlTemplate, data, "url"), body, headers, options.timeout(), sendContext);
        }

        /** The configured endpoint to use now, or null to use the handler's own url. */
        private Endpoint endpoint() {
            if (options.endpoint().isEmpty()) {
                return null;
            }
            Optional<ServiceElement<HttpPostConfig>> element = named(config, options.endpoint());
            if (element.isEmpty()) {
                if (url != null) {
                    return null;
                }
                throw new HandlerException("endpoint was closed: no endpoint \"" + options.endpoint()
                        + "\" is configured");
            }
            if (!element.get().enabled()) {
                throw new HandlerException("service is not enabled");
            }
            HttpPostConfig c = element.get().config();
            Endpoint current = cached;
            if (current == null || !current.config().equals(c)) {
                try {
                    current = Endpoint.compile(c);
                } catch (ConfigException e) {
                    throw new HandlerException(e.getMessage());
                }
                cached = current;
            }
            return current;
        }

    }


}
