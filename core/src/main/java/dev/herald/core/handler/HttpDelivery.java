package dev.herald.core.handler;

import dev.herald.core.Api;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Sends one HTTP request for a handler and turns every outcome into a {@link HandlerResult}, so that each HTTP
 * handler only builds its request and says which statuses mean success.
 *
 * <p>Classification: a status the handler accepts is delivered; 408, 429 and any 5xx are retryable (with the
 * {@code Retry-After} delay when given); any other status is permanent. A timeout, a refused connection or
 * another I/O error is retryable. Nothing escapes as an exception, and failure reasons never include the request
 * URL or headers (which may hold tokens).
 */
@Api(status = Api.Status.STABLE)
public final class HttpDelivery {
    private static final int MAX_BODY_IN_REASON = 512;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private HttpDelivery() {
    }

    /**
     * Reads an error message out of a failed response, e.g. a JSON {@code error} field; empty when the body says
     * nothing useful, in which case the reason is {@code failed to understand <service> response. code: <status>
     * content: <body>}.
     */
    @FunctionalInterface
    public interface ErrorDecoder {
        /** The service's own error text for this response, when it has one. */
        Optional<String> decode(int status, String body);

        /** A decoder that never finds a message. */
        static ErrorDecoder none() {
            return (status, body) -> Optional.empty();
        }

        /** Reads the string field {@code field} of a JSON object body ({@code {"error":"..."}}). */
        static ErrorDecoder jsonField(String field) {
            return (status, body) -> {
                try {
                    com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(body);
                    if (node != null && node.path(field).isTextual()) {
                        return Optional.of(node.path(field).asText());
                    }
                } catch (IOException | RuntimeException e) {
                    // Not JSON: the caller falls back to "failed to understand" with the raw body.
                }
                return Optional.empty();
            };
        }
    }

    /**
     * Judges a whole response (status, headers, body) when the status alone does not say whether the service
     * accepted the event, e.g. Telegram's {@code "ok":false} in a 200.
     */
    @FunctionalInterface
    public interface ResponseJudge {
        /** The outcome for this response. */
        HandlerResult judge(int status, HttpHeaders headers, String body);
    }

    /**
     * Sends {@code request} with {@code context}'s client and request timeout (unless the request sets its own).
     *
     * @param service  the service name used in failure reasons ({@code Slack})
     * @param success  which status codes mean the event was accepted
     * @param decoder  reads the service's error text from a failed response
     */
    public static CompletionStage<HandlerResult> send(HandlerContext context, HttpRequest request, String service,
            IntPredicate success, ErrorDecoder decoder) {
        return send(context, request, service, statusJudge(service, success, decoder));
    }

    /** The judge that accepts the {@code success} statuses and classifies the others with {@link #fromStatus}. */
    public static ResponseJudge statusJudge(String service, IntPredicate success, ErrorDecoder decoder) {
        return (status, headers, body) -> {
            if (success.test(status)) {
                return HandlerResult.delivered();
            }
            String reason = decoder.decode(status, body).orElseGet(() -> "failed to understand " + service
                    + " response. code: " + status + " content: " + abbreviate(body));
            return fromStatus(status, headers, reason);
        };
    }

    /** Sends {@code request} and lets {@code judge} decide on the response; transport errors are classified here. */
    public static CompletionStage<HandlerResult> send(HandlerContext context, HttpRequest request, String service,
            ResponseJudge judge) {
        HttpRequest timed = request.timeout().isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).timeout(context.requestTimeout()).build();
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = context.httpClient().sendAsync(timed, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(fromException(service, e));
        }
        return sent.handle((response, error) -> {
            if (error != null) {
                return fromException(service, error);
            }
            try {
                return judge.judge(response.statusCode(), response.headers(),
                        response.body() == null ? "" : response.body());
            } catch (RuntimeException e) {
                return HandlerResult.permanent("failed to read " + service + " response: "
                        + e.getClass().getSimpleName());
            }
        });
    }

    /**
     * Runs {@code build} and sends its request with {@code judge}. A {@link HandlerException} from {@code build} is a
     * permanent failure with its message; any other exception is a permanent failure naming only its type (its
     * message could quote a URL with a token in it).
     */
    public static CompletionStage<HandlerResult> send(HandlerContext context, Supplier<HttpRequest> build,
            String service, ResponseJudge judge) {
        HttpRequest request;
        try {
            request = build.get();
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent("failed to build " + service
                    + " request: " + e.getClass().getSimpleName()));
        }
        return send(context, request, service, judge);
    }

    /** Runs {@code build} and sends its request; see {@link #send(HandlerContext, Supplier, String, ResponseJudge)}. */
    public static CompletionStage<HandlerResult> send(HandlerContext context, Supplier<HttpRequest> build,
            String service, IntPredicate success, ErrorDecoder decoder) {
        return send(context, build, service, statusJudge(service, success, decoder));
    }

    /**
     * {@code url} as an absolute http or https URI, or empty; never puts the text in an error (a webhook URL can
     * carry a token). For config validation and request building.
     */
    public static Optional<java.net.URI> httpUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The result for a response with a status the handler does not accept. */
    public static HandlerResult fromStatus(int status, HttpHeaders headers, String reason) {
        if (status == 429 || status == 503) {
            Optional<Duration> after = headers.firstValue("Retry-After").flatMap(HttpDelivery::parseRetryAfter);
            return new HandlerResult.Failed(reason, true, after);
        }
        if (status == 408 || status >= 500) {
            return HandlerResult.retryable(reason);
        }
        return HandlerResult.permanent(reason);
    }

    /** The result for an exception from sending: timeouts and I/O errors are retryable. */
    public static HandlerResult fromException(String service, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause.getClass() == RuntimeException.class)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return HandlerResult.retryable("timed out connecting to " + service);
        }
        if (cause instanceof HttpTimeoutException) {
            return HandlerResult.retryable("timed out waiting for " + service);
        }
        if (cause instanceof ConnectException) {
            return HandlerResult.retryable("could not connect to " + service + ": connection refused");
        }
        if (cause instanceof IOException) {
            return HandlerResult.retryable("failed to send request to " + service + ": "
                    + cause.getClass().getSimpleName());
        }
        return HandlerResult.permanent("failed to send request to " + service + ": " + cause.getClass().getSimpleName());
    }

    /** {@code Retry-After} as seconds or an HTTP date. */
    static Optional<Duration> parseRetryAfter(String value) {
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= MAX_BODY_IN_REASON ? body : body.substring(0, MAX_BODY_IN_REASON) + "...";
    }
}
