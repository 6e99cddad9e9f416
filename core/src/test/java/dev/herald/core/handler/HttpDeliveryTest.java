package dev.herald.core.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpDeliveryTest {
    private static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (k, v) -> true);
    }

    @Test
    void statusClassification() {
        HttpHeaders none = headers(Map.of());
        assertTrue(((HandlerResult.Failed) HttpDelivery.fromStatus(500, none, "x")).retryable());
        assertTrue(((HandlerResult.Failed) HttpDelivery.fromStatus(502, none, "x")).retryable());
        assertTrue(((HandlerResult.Failed) HttpDelivery.fromStatus(408, none, "x")).retryable());
        assertFalse(((HandlerResult.Failed) HttpDelivery.fromStatus(400, none, "x")).retryable());
        assertFalse(((HandlerResult.Failed) HttpDelivery.fromStatus(404, none, "x")).retryable());
        assertFalse(((HandlerResult.Failed) HttpDelivery.fromStatus(302, none, "x")).retryable());
        HandlerResult.Failed throttled = (HandlerResult.Failed) HttpDelivery.fromStatus(503,
                headers(Map.of("Retry-After", List.of("12"))), "x");
        assertEquals(Optional.of(Duration.ofSeconds(12)), throttled.retryAfter());
    }

    @Test
    void retryAfterAcceptsSecondsAndDates() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), HttpDelivery.parseRetryAfter(" 3 "));
        assertEquals(Optional.of(Duration.ZERO), HttpDelivery.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Optional.empty(), HttpDelivery.parseRetryAfter("soon"));
        assertEquals(Optional.empty(), HttpDelivery.parseRetryAfter("-1"));
    }

    @Test
    void jsonErrorFieldIsDecoded() {
        HttpDelivery.ErrorDecoder decoder = HttpDelivery.ErrorDecoder.jsonField("error");
        assertEquals(Optional.of("room not found"), decoder.decode(404, "{\"error\":\"room not found\"}"));
        assertEquals(Optional.empty(), decoder.decode(404, "<html>"));
        assertEquals(Optional.empty(), decoder.decode(404, "{\"error\":{\"code\":1}}"));
    }

    @Test
    void exceptionsAreClassifiedWithoutDetail() {
        HandlerResult.Failed refused = (HandlerResult.Failed) HttpDelivery.fromException("Slack",
                new java.util.concurrent.CompletionException(new java.net.ConnectException("http://secret@x")));
        assertTrue(refused.retryable());
        assertEquals("could not connect to Slack: connection refused", refused.reason());
        HandlerResult.Failed odd = (HandlerResult.Failed) HttpDelivery.fromException("Slack",
                new IllegalStateException("boom"));
        assertFalse(odd.retryable());
    }

    @Test
    void contextCompilesHandlerTemplates() {
        HandlerContext context = HandlerContext.standalone();
        assertEquals("cpu is CRITICAL", context.template("{{ .Name }} is {{ .Level }}")
                .render(Map.of("Name", "cpu", "Level", "CRITICAL")));
        assertEquals("{\"a\":1}", context.template("{{ jsonCompact .V }}",
                Map.of("jsonCompact", dev.herald.core.template.TemplateFunctions.jsonCompact()))
                .render(Map.of("V", Map.of("a", 1))));
        dev.herald.core.template.TemplateException error = org.junit.jupiter.api.Assertions.assertThrows(
                dev.herald.core.template.TemplateException.class, () -> context.template("{{ .Name "));
        assertEquals(1, error.line());
    }
}
