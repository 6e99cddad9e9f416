package dev.herald.engine.topic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A topic handler as Kapacitor's handler files and API define it: {@code id}, {@code topic}, {@code kind},
 * {@code match}, {@code options}.
 *
 * @param id      handler id, unique in its topic ({@code ^[-._\p{L}0-9]+$})
 * @param topic   the topic ({@code ^[-:._\p{L}0-9]+$})
 * @param kind    the handler kind
 * @param match   match expression; {@code ""} matches every event
 * @param options the handler's options, as given
 */
public record TopicHandlerSpec(String id, String topic, String kind, String match, Map<String, Object> options) {
    private static final Pattern ID = Pattern.compile("^[-._\\p{L}0-9]+$");
    private static final Pattern TOPIC = Pattern.compile("^[-:._\\p{L}0-9]+$");
    private static final List<String> FIELDS = List.of("id", "topic", "kind", "match", "options");

    public TopicHandlerSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kind, "kind");
        match = match == null ? "" : match;
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid handler id \"" + id
                    + "\": use letters, digits, '-', '.' and '_' only");
        }
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("invalid topic \"" + topic
                    + "\": use letters, digits, '-', ':', '.' and '_' only");
        }
        if (kind.isEmpty()) {
            throw new IllegalArgumentException("field \"kind\" is required");
        }
    }

    /**
     * A spec from a parsed handler file or API body. {@code defaultTopic} fills a missing {@code topic} (the API
     * takes it from the URL).
     *
     * @throws IllegalArgumentException naming the field at fault and what it accepts
     */
    @SuppressWarnings("unchecked")
    public static TopicHandlerSpec fromMap(Map<String, ?> raw, String defaultTopic) {
        List<String> unknown = new ArrayList<>();
        for (String key : raw.keySet()) {
            if (!FIELDS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown field(s) " + unknown + " in handler; allowed fields: "
                    + String.join(", ", FIELDS));
        }
        String id = text(raw, "id", true);
        String topic = raw.containsKey("topic") ? text(raw, "topic", true) : defaultTopic;
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("field \"topic\" is required");
        }
        String kind = text(raw, "kind", true);
        String match = text(raw, "match", false);
        Object options = raw.get("options");
        if (options != null && !(options instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("field \"options\" must be an object of option names to values");
        }
        return new TopicHandlerSpec(id, topic, kind, match, (Map<String, Object>) options);
    }

    private static String text(Map<String, ?> raw, String field, boolean required) {
        Object value = raw.get(field);
        if (value == null || "".equals(value)) {
            if (required) {
                throw new IllegalArgumentException("field \"" + field + "\" is required");
            }
            return "";
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("field \"" + field + "\" must be a string, got " + value);
        }
        return s;
    }

    /** The spec as Kapacitor's API shows it (without links). */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("kind", kind);
        out.put("options", options);
        out.put("match", match);
        return out;
    }
}
