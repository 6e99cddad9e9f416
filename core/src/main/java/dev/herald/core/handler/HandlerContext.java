package dev.herald.core.handler;

import dev.herald.core.Api;
import dev.herald.core.topic.EventPublisher;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the engine hands a factory when it creates handlers: shared resources a handler must not create for
 * itself, and template compilation ({@link #template(String)}).
 *
 * @param httpClient     the one shared HTTP client; every HTTP handler sends through it
 *                       (see {@link HttpDelivery})
 * @param clock          the engine's clock
 * @param logger         where a handler logs; never log a secret value (log {@link dev.herald.core.config.Secret}
 *                       objects, which print redacted)
 * @param requestTimeout the timeout for one request to a service
 * @param publisher      publishes events into the engine's topics ({@code publish}, {@code aggregate})
 * @param apiUrl         this server's API base URL as services should link back to it
 *                       ({@code http://127.0.0.1:9092/kapacitor/v1}; PagerDuty's {@code client_url}); {@code ""}
 *                       when the engine runs without an HTTP API
 */
@Api(status = Api.Status.STABLE)
public record HandlerContext(
        HttpClient httpClient,
        Clock clock,
        System.Logger logger,
        Duration requestTimeout,
        EventPublisher publisher,
        String apiUrl) {

    /** The request timeout when none is configured. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public HandlerContext {
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(apiUrl, "apiUrl");
    }

    /** A context without an API URL (an embedded engine). */
    public HandlerContext(HttpClient httpClient, Clock clock, System.Logger logger, Duration requestTimeout,
            EventPublisher publisher) {
        this(httpClient, clock, logger, requestTimeout, publisher, "");
    }

    /** This context with the server's API base URL. */
    public HandlerContext withApiUrl(String url) {
        return new HandlerContext(httpClient, clock, logger, requestTimeout, publisher, url);
    }

    /**
     * A context with a new HTTP client (HTTP/1.1, 30 s connect timeout), the UTC system clock, logger
     * {@code dev.herald.handler}, the default request timeout and no publisher; for tests and small embeddings.
     */
    public static HandlerContext standalone() {
        return new HandlerContext(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(30)).build(),
                Clock.systemUTC(), System.getLogger("dev.herald.handler"), DEFAULT_REQUEST_TIMEOUT,
                EventPublisher.none());
    }

    /** This context with another request timeout. */
    public HandlerContext withRequestTimeout(Duration timeout) {
        return new HandlerContext(httpClient, clock, logger, timeout, publisher, apiUrl);
    }

    /**
     * This context, or, when {@code tls} is not the default, a copy whose HTTP client applies {@code tls} (cached
     * per distinct setting). {@code service} names the service in errors and in the insecure-mode warning.
     *
     * @throws HandlerException when a file cannot be read or holds no usable certificate or key
     */
    public HandlerContext withTls(TlsSettings tls, String service) {
        if (tls.isDefault()) {
            return this;
        }
        return new HandlerContext(TlsClients.client(httpClient, tls, service, logger), clock, logger,
                requestTimeout, publisher, apiUrl);
    }

    /**
     * Compiles a handler template (Go {@code text/template} subset, as Kapacitor's handler templates) with the
     * given extra functions; compile once when the handler is created and render per event.
     *
     * @throws dev.herald.core.template.TemplateException naming line and column when it does not parse
     */
    public dev.herald.core.template.MessageTemplate template(String text,
            java.util.Map<String, dev.herald.core.template.TemplateFunction> functions) {
        return dev.herald.core.template.MessageTemplate.parse(text, functions);
    }

    /** As {@link #template(String, java.util.Map)} with no extra functions. */
    public dev.herald.core.template.MessageTemplate template(String text) {
        return dev.herald.core.template.MessageTemplate.parse(text);
    }

    /** This context with another publisher. */
    public HandlerContext withPublisher(EventPublisher newPublisher) {
        return new HandlerContext(httpClient, clock, logger, requestTimeout, newPublisher, apiUrl);
    }
}
