package dev.herald.handler.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.config.ConfigException;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import dev.herald.core.template.GoFormat;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the request Kapacitor's ServiceNow service sends: {@code POST <url>} with
 * {@code {"records":[{source, node, type, resource, metric_name, message_key, severity, description,
 * additional_info}]}} (a Go struct: fixed key order, empty values omitted except {@code source}), no trailing
 * newline, {@code Content-Type: application/json}, and basic auth when both user and password are set.
 */
final class ServiceNowRequest {
    static final String SERVICE = "ServiceNow";
    static final String DEFAULT_URL = "https://instance.service-now.com/api/global/em/jsonv2";
    private static final int USUAL_CUTOFF = 100;
    private static final int MESSAGE_KEY_CUTOFF = 1024;
    private static final int DESCRIPTION_CUTOFF = 4000;

    /**
     * Kapacitor decodes a string {@code error} from a non-200 reply. ServiceNow's REST API actually answers
     * {@code {"error":{"message":"...","detail":"..."},"status":"failure"}}, which Kapacitor cannot decode; we read
     * both shapes so the reason carries ServiceNow's own text.
     */
    static final HttpDelivery.ErrorDecoder ERRORS = (status, body) -> {
        try {
            JsonNode error = GoJson.mapper().readTree(body).path("error");
            if (error.isTextual() && !error.asText().isEmpty()) {
                return Optional.of(error.asText());
            }
            if (error.isObject() && error.path("message").isTextual()) {
                String detail = error.path("detail").isTextual() ? error.path("detail").asText() : "";
                String message = error.path("message").asText();
                return Optional.of(detail.isEmpty() ? message : message + ": " + detail);
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON: "failed to understand ServiceNow response" with the raw body.
        }
        return Optional.empty();
    };

    private ServiceNowRequest() {
    }

    /** The templates of one handler, compiled once when it is created. */
    record Templates(MessageTemplate node, MessageTemplate type, MessageTemplate resource,
            MessageTemplate metricName, MessageTemplate messageKey, Map<String, Object> additionalInfo) {

        /**
         * Compiles the option templates.
         *
         * @throws ConfigException naming the option whose template does not parse
         */
        static Templates compile(ServiceNowOptions options) {
            Map<String, Object> info = new TreeMap<>();
            options.additionalInfo().forEach((k, v) -> info.put(k, v instanceof String s
                    ? parse("additional_info", s) : v));
            return new Templates(parse("node", options.node()), parse("type", options.type()),
                    parse("resource", options.resource()), parse("metricName", options.metricName()),
                    parse("messageKey", options.messageKey()), info);
        }

        private static MessageTemplate parse(String option, String text) {
            try {
                return MessageTemplate.parse(text);
            } catch (TemplateException e) {
                throw new ConfigException("servicenow", option, "invalid template for \"" + option + "\": "
                        + e.getMessage());
            }
        }
    }

    /** The alert as the request needs it. */
    record Alert(String id, String message, Level level, EventData data) {
    }

    /** The request for {@code alert}, with options falling back to the config. */
    static HttpRequest build(ServiceNowConfig config, ServiceNowOptions options, Templates templates, Alert alert,
            System.Logger logger) {
        String url = options.url().isEmpty() ? config.url() : options.url();
        if (url.isEmpty()) {
            throw new HandlerException("must specify events URL");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new HandlerException("invalid url");
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw new HandlerException("invalid url");
        }
        request.header("Content-Type", "application/json");
        String username = options.username().isEmpty() ? config.username() : options.username();
        String password = options.password().or(config.password()).reveal();
        if (!username.isEmpty() && !password.isEmpty()) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(
                body(config, options, templates, alert, logger))).build();
    }

    /** The JSON body, without a trailing newline. */
    static String body(ServiceNowConfig config, ServiceNowOptions options, Templates templates, Alert alert,
            System.Logger logger) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ID", alert.id());
        data.put("Name", alert.data().name());
        data.put("TaskName", alert.data().taskName());
        data.put("Fields", alert.data().fields());
        data.put("Tags", alert.data().tags());
        String source = options.source().isEmpty() ? config.source() : options.source();
        String messageKey = render(templates.messageKey(), data, logger);
        if (messageKey.isEmpty()) {
            messageKey = alert.id();
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("source", cutoff(source, USUAL_CUTOFF));
        putIfNotEmpty(record, "node", cutoff(render(templates.node(), data, logger), USUAL_CUTOFF));
        putIfNotEmpty(record, "type", cutoff(render(templates.type(), data, logger), USUAL_CUTOFF));
        putIfNotEmpty(record, "resource", cutoff(render(templates.resource(), data, logger), USUAL_CUTOFF));
        putIfNotEmpty(record, "metric_name", cutoff(render(templates.metricName(), data, logger), USUAL_CUTOFF));
        putIfNotEmpty(record, "message_key", cutoff(messageKey, MESSAGE_KEY_CUTOFF));
        record.put("severity", severity(alert.level(), options.closeOnOk()));
        putIfNotEmpty(record, "description", cutoff(alert.message(), DESCRIPTION_CUTOFF));
        if (!templates.additionalInfo().isEmpty()) {
            Map<String, String> info = new TreeMap<>();
            templates.additionalInfo().forEach((k, v) -> info.put(k, v instanceof MessageTemplate t
                    ? render(t, data, logger) : GoFormat.value(v)));
            record.put("additional_info", GoJson.encode(info));
        }
        return GoJson.encode(Map.of("records", List.of(record)));
    }

    /**
     * ServiceNow severity: 1 Critical, 4 Warning, 5 OK (also for INFO), as Kapacitor maps it; with
     * {@code closeOnOk}, OK is 0 (Clear), which closes the alert in ServiceNow.
     */
    static String severity(Level level, boolean closeOnOk) {
        return switch (level) {
            case OK -> closeOnOk ? "0" : "5";
            case INFO -> "5";
            case WARNING -> "4";
            case CRITICAL -> "1";
        };
    }

    /**
     * Kapacitor ignores template execution errors and sends what was written before the error; we send the
     * value empty and log the error, so an alert is never lost to a template.
     */
    private static String render(MessageTemplate template, Object data, System.Logger logger) {
        try {
            return template.render(data);
        } catch (TemplateException e) {
            logger.log(System.Logger.Level.WARNING, "ServiceNow template " + template.name() + " failed: "
                    + e.getMessage());
            return "";
        }
    }

    private static void putIfNotEmpty(Map<String, Object> record, String key, String value) {
        if (!value.isEmpty()) {
            record.put(key, value);
        }
    }

    /**
     * The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes that ends on a character
     * boundary (Kapacitor cuts bytes and may split a character, which Go's JSON encoder then sends as U+FFFD).
     */
    static String cutoff(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
