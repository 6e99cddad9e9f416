package dev.herald.handler.bigpanda;

import dev.herald.core.config.ConfigException;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the request Kapacitor's BigPanda service sends: {@code POST <url>} with a compact JSON object (a Go map:
 * keys sorted), no trailing newline, {@code Authorization: Bearer <token>} and {@code Content-Type:
 * application/json}.
 */
final class BigPandaRequest {
    static final String SERVICE = "BigPanda";
    static final String DEFAULT_URL = "https://api.bigpanda.io/data/v2/alerts";

    /**
     * The keys that identify and describe the alert. Event tags and fields copied by {@code auto-attributes} never
     * overwrite them (in Kapacitor a tag or field named {@code check} or {@code status} does, which breaks the
     * alert's identity between trigger and recovery).
     */
    static final Set<String> STANDARD_KEYS = Set.of("app_key", "check", "description", "details", "status", "task",
            "timestamp", "primary_property", "secondary_property");

    /** Kapacitor decodes a string {@code error} from a non-201 reply. */
    static final HttpDelivery.ErrorDecoder ERRORS = (status, body) ->
            HttpDelivery.ErrorDecoder.jsonField("error").decode(status, body).filter(text -> !text.isEmpty());

    private BigPandaRequest() {
    }

    /** The templates of one handler, compiled once when it is created. */
    record Templates(MessageTemplate host, Map<String, Object> attributes) {

        /**
         * Compiles the option templates.
         *
         * @throws ConfigException naming the option whose template does not parse
         */
        static Templates compile(BigPandaOptions options) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            options.attributes().forEach((k, v) -> attributes.put(k, v instanceof String s
                    ? parse("attributes", s) : v));
            return new Templates(parse("host", options.host()), attributes);
        }

        private static MessageTemplate parse(String option, String text) {
            try {
                return MessageTemplate.parse(text);
            } catch (TemplateException e) {
                throw new ConfigException("bigpanda", option, "invalid template for \"" + option + "\": "
                        + e.getMessage());
            }
        }
    }

    /** The request for {@code event}, with options falling back to the config. */
    static HttpRequest build(BigPandaConfig config, BigPandaOptions options, Templates templates, AlertEvent event,
            System.Logger logger) {
        String url = options.url().isEmpty() ? config.url() : options.url();
        if (url.isEmpty()) {
            throw new HandlerException("must specify the BigPanda webhook URL");
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(new URI(url));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HandlerException("invalid url");
        }
        return request.header("Authorization", "Bearer " + config.token().reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(config, options, templates, event, logger)))
                .build();
    }

    /** The JSON body, compact, without a trailing newline. */
    static String body(BigPandaConfig config, BigPandaOptions options, Templates templates, AlertEvent event,
            System.Logger logger) {
        Map<String, Object> alert = new TreeMap<>();
        if (!event.message().isEmpty()) {
            alert.put("description", event.message());
        }
        // The default details ({{ json . }}) are the whole event as JSON: Kapacitor leaves them out.
        String details = unescapeHtml(event.details());
        if (!details.isEmpty() && !details.startsWith("{")) {
            alert.put("details", details);
        }
        if (!event.id().isEmpty()) {
            alert.put("check", event.id());
        }
        alert.put("task", event.data().taskName() + ":" + event.data().name());
        alert.put("timestamp", event.time().getEpochSecond());
        alert.put("status", status(event.level()));
        if (!options.primaryProperty().isEmpty()) {
            alert.put("primary_property", options.primaryProperty());
        }
        if (!options.secondaryProperty().isEmpty()) {
            alert.put("secondary_property", options.secondaryProperty());
        }
        alert.put("app_key", options.appKey().isEmpty() ? config.appKey() : options.appKey());

        String auto = config.autoAttributes().toLowerCase(Locale.ROOT);
        if (auto.contains("tags")) {
            event.data().tags().forEach((k, v) -> putAttribute(alert, k, v));
        }
        if (auto.contains("fields")) {
            event.data().fields().forEach((k, v) -> putAttribute(alert, k, v instanceof String s ? s
                    : GoJson.encode(v)));
        }
        Map<String, Object> data = event.templateData();
        String host = render(templates.host(), data, logger);
        // Kapacitor always writes the rendered host, so an unset host option blanks the event's host tag; we keep
        // the tag then, so that host and check stay the same from trigger to recovery.
        if (!host.isEmpty() || !alert.containsKey("host")) {
            alert.put("host", host);
        }
        templates.attributes().forEach((k, v) -> alert.put(k, v instanceof MessageTemplate t
                ? render(t, data, logger) : GoJson.encode(v)));
        return GoJson.encode(alert);
    }

    private static void putAttribute(Map<String, Object> alert, String key, String value) {
        if (!STANDARD_KEYS.contains(key)) {
            alert.put(key, value);
        }
    }

    /** BigPanda status: {@code ok} for OK and INFO, {@code warning}, {@code critical}. */
    static String status(dev.herald.core.event.Level level) {
        return switch (level) {
            case OK, INFO -> "ok";
            case WARNING -> "warning";
            case CRITICAL -> "critical";
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
            logger.log(System.Logger.Level.WARNING, "BigPanda template failed: " + e.getMessage());
            return "";
        }
    }

    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Map<String, String> NAMED = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"",
            "apos", "'", "nbsp", "\u00a0");

    /**
     * HTML entities decoded as Go's {@code html.UnescapeString} decodes the ones {@code html/template} writes
     * (numeric entities and {@code lt gt amp quot apos nbsp}); other named entities are left as they are.
     */
    static String unescapeHtml(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("#")) {
                try {
                    int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                            ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                    replacement = Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "\ufffd";
                } catch (NumberFormatException e) {
                    replacement = m.group();
                }
            } else {
                replacement = NAMED.getOrDefault(name, m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
