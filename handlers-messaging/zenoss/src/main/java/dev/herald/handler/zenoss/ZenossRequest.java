package dev.herald.handler.zenoss;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the Ext.Direct request Kapacitor's Zenoss service sends: {@code POST <url>} with
 * {@code {"action":…,"method":…,"data":[{event}],"type":…,"tid":…}} (no trailing newline; the event's keys sorted
 * as Go sorts a map), {@code Content-Type: application/json}, basic auth when user and password are both set;
 * and judges the answer, which may report a failure inside an HTTP 200.
 */
final class ZenossRequest {
    static final String SERVICE = "Zenoss";
    static final String DEFAULT_URL = "https://tenant.zenoss.io:8080/zport/dmd/evconsole_router";
    private static final int SUMMARY_CUTOFF = 256;
    private static final int MESSAGE_CUTOFF = 4096;
    /** The severity-map keys, as TOML names them; matched case-insensitively (the API uses lower case). */
    static final List<String> LEVEL_KEYS = List.of("OK", "Info", "Warning", "Critical");

    private ZenossRequest() {
    }

    /** The templates of one handler, compiled once when it is created. */
    record Templates(MessageTemplate summary, MessageTemplate device, MessageTemplate component,
            MessageTemplate eventClassKey, MessageTemplate eventClass, MessageTemplate collector,
            MessageTemplate message, Map<String, Object> customField) {

        /**
         * Compiles the option templates.
         *
         * @throws ConfigException naming the option whose template does not parse
         */
        static Templates compile(ZenossOptions o) {
            Map<String, Object> custom = new LinkedHashMap<>();
            o.customField().forEach((k, v) -> custom.put(k, v instanceof String s ? parse("customField", s) : v));
            return new Templates(parse("summary", o.summary()), parse("device", o.device()),
                    parse("component", o.component()), parse("eventClassKey", o.eventClassKey()),
                    parse("eventClass", o.eventClass()), parse("collector", o.collector()),
                    parse("message", o.message()), custom);
        }

        private static MessageTemplate parse(String option, String text) {
            try {
                return MessageTemplate.parse(text);
            } catch (TemplateException e) {
                throw new ConfigException("zenoss", option, "invalid template for \"" + option + "\": "
                        + e.getMessage());
            }
        }
    }

    /** The request for {@code event}, with options falling back to the config. */
    static HttpRequest build(ZenossConfig config, ZenossOptions options, Templates templates, AlertEvent event,
            System.Logger logger) {
        String url = options.url().isEmpty() ? config.url() : options.url();
        if (url.isEmpty()) {
            throw new HandlerException("must specify events URL");
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(new URI(url));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HandlerException("invalid url");
        }
        request.header("Content-Type", "application/json");
        String username = options.username().isEmpty() ? config.username() : options.username();
        String password = options.password().or(config.password()).reveal();
        if (!username.isEmpty() && !password.isEmpty()) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(body(config, options, templates, event, logger)))
                .build();
    }

    /** The JSON body, without a trailing newline. */
    static String body(ZenossConfig config, ZenossOptions options, Templates templates, AlertEvent event,
            System.Logger logger) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Name", event.data().name());
        info.put("TaskName", event.data().taskName());
        info.put("ID", event.id());
        info.put("Message", event.message());
        info.put("Details", event.details());
        info.put("Time", event.time());
        info.put("Duration", event.duration());
        info.put("Level", event.level());
        info.put("Recoverable", event.data().recoverable());
        info.put("Tags", event.data().tags());

        String summary = render(templates.summary(), info, logger);
        if (summary.isEmpty()) {
            summary = event.message();
        }
        String collector = render(templates.collector(), info, logger);
        if (collector.isEmpty()) {
            collector = config.collector();
        }
        Map<String, Object> data = new TreeMap<>();
        data.put("summary", cutoff(summary, SUMMARY_CUTOFF));
        data.put("device", render(templates.device(), info, logger));
        data.put("component", render(templates.component(), info, logger));
        data.put("severity", severity(config.severityMap(), event.level()));
        data.put("evclasskey", render(templates.eventClassKey(), info, logger));
        data.put("evclass", render(templates.eventClass(), info, logger));
        if (!collector.isEmpty()) {
            data.put("collector", collector);
        }
        String message = cutoff(render(templates.message(), info, logger), MESSAGE_CUTOFF);
        if (!message.isEmpty()) {
            data.put("message", message);
        }
        templates.customField().forEach((k, v) -> data.put(k, v instanceof MessageTemplate t
                ? customValue(render(t, info, logger)) : goJsonValue(v)));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", options.action().isEmpty() ? config.action() : options.action());
        body.put("method", options.method().isEmpty() ? config.method() : options.method());
        body.put("data", List.of(data));
        body.put("type", options.type().isEmpty() ? config.type() : options.type());
        body.put("tid", options.tid() == 0 ? config.tid() : options.tid());
        return GoJson.encode(body);
    }

    /** The severity-map value for {@code level}; its default when the map does not list the level. */
    static Object severity(Map<String, Object> severityMap, Level level) {
        String wanted = switch (level) {
            case OK -> "OK";
            case INFO -> "Info";
            case WARNING -> "Warning";
            case CRITICAL -> "Critical";
        };
        for (Map.Entry<String, Object> entry : severityMap.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(wanted)) {
                return goJsonValue(entry.getValue());
            }
        }
        return level == Level.OK ? "Clear" : wanted;
    }

    /**
     * A rendered custom field: embedded as JSON when it starts with {@code {} or {@code [} and parses (Kapacitor
     * decodes it into Go values, so object keys come out sorted and numbers as float64), else the text.
     */
    static Object customValue(String text) {
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                return fromJson(GoJson.mapper().readTree(text));
            } catch (IOException e) {
                return text;
            }
        }
        return text;
    }

    private static Object fromJson(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.put(field.getKey(), fromJson(field.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(element -> out.add(fromJson(element)));
            return out;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNull()) {
            return null;
        }
        return node.asText();
    }

    /** A value from a config or handler file as Go's encoder writes it: maps with sorted keys. */
    private static Object goJsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), goJsonValue(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ZenossRequest::goJsonValue).toList();
        }
        return value;
    }

    /**
     * Judges Zenoss' answer: Kapacitor accepts any HTTP 200; Ext.Direct, however, reports failures inside a 200,
     * either as {@code {"type":"exception","message":…}} or as a result with {@code "success":false} and a
     * {@code msg} (Zenoss' DirectResponse.fail/exception), possibly in a list of responses. Those are permanent
     * failures with Zenoss' text; a 200 whose body is empty or not JSON is accepted as Kapacitor accepts it.
     */
    static HandlerResult judge(int status, java.net.http.HttpHeaders headers, String body) {
        if (status != 200) {
            String reason = errorText(body).orElseGet(() -> "failed to understand Zenoss response. code: " + status
                    + " content: " + abbreviate(body));
            return HttpDelivery.fromStatus(status, headers, reason);
        }
        JsonNode root;
        try {
            root = GoJson.mapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            return HandlerResult.delivered();
        }
        if (root == null) {
            return HandlerResult.delivered();
        }
        List<JsonNode> responses = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(responses::add);
        } else {
            responses.add(root);
        }
        for (JsonNode response : responses) {
            if ("exception".equals(response.path("type").asText())) {
                return HandlerResult.permanent("Zenoss exception: " + text(response, "message", "where"));
            }
            JsonNode result = response.path("result");
            if (result.path("success").isBoolean() && !result.path("success").asBoolean()) {
                String kind = result.path("type").asText("error");
                return HandlerResult.permanent("Zenoss " + (kind.isEmpty() ? "error" : kind) + ": "
                        + text(result, "msg", "message"));
            }
        }
        return HandlerResult.delivered();
    }

    private static String text(JsonNode node, String first, String second) {
        String text = node.path(first).asText("");
        if (text.isEmpty()) {
            text = node.path(second).asText("");
        }
        return text.isEmpty() ? "(no message)" : unescapeHtml(text);
    }

    /** Zenoss escapes {@code msg} for HTML ({@code cgi.escape}). */
    private static String unescapeHtml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** Kapacitor decodes a string {@code error} from a non-200 reply. */
    private static Optional<String> errorText(String body) {
        return HttpDelivery.ErrorDecoder.jsonField("error").decode(0, body).filter(s -> !s.isEmpty());
    }

    private static String abbreviate(String body) {
        return body.length() <= 512 ? body : body.substring(0, 512) + "...";
    }

    /**
     * Kapacitor ignores template execution errors and sends what was written before the error; we send the
     * value empty and log the error, so an alert is never lost to a template.
     */
    private static String render(MessageTemplate template, Object data, System.Logger logger) {
        try {
            return template.render(data);
        } catch (TemplateException e) {
            logger.log(System.Logger.Level.WARNING, "Zenoss template failed: " + e.getMessage());
            return "";
        }
    }

    /** The longest prefix of at most {@code maxBytes} UTF-8 bytes that ends on a character boundary. */
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
