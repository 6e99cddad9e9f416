package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Renders server responses the way the {@code kapacitor} CLI prints them. Every method is pure
 * (JSON in, text out) so the column layout can be tested without a server.
 */
final class Tables {
    private Tables() {}

    /** One row of {@code list topic-handlers}. */
    record HandlerRow(String topic, String id, String kind) {}

    /** One row of {@code service-tests}. */
    record TestResult(String service, boolean success, String message) {}

    // ---- lists ----

    /** {@code list tasks}: sorted by ID; {@code %-<maxID+1>s%-10v%-10v%-10v%s}. */
    static String tasks(List<JsonNode> tasks) {
        List<JsonNode> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(t -> text(t, "id")));
        int maxId = 2;
        for (JsonNode t : sorted) {
            maxId = Math.max(maxId, GoFmt.byteLen(text(t, "id")));
        }
        StringBuilder b = new StringBuilder();
        taskRow(b, maxId + 1, "ID", "Type", "Status", "Executing", "Databases and Retention Policies");
        for (JsonNode t : sorted) {
            taskRow(b, maxId + 1, text(t, "id"), text(t, "type"), text(t, "status"),
                    String.valueOf(t.path("executing").asBoolean(false)), Dbrp.listToString(dbrps(t)));
        }
        return b.toString();
    }

    private static void taskRow(StringBuilder b, int idWidth, String id, String type, String status,
            String executing, String dbrps) {
        b.append(GoFmt.padRight(id, idWidth)).append(GoFmt.padRight(type, 10))
                .append(GoFmt.padRight(status, 10)).append(GoFmt.padRight(executing, 10))
                .append(dbrps).append('\n');
    }

    /** {@code list templates}: sorted by ID; {@code %-<maxID+1>s%-10v%-40v}, vars comma-joined. */
    static String templates(List<JsonNode> templates) {
        List<JsonNode> sorted = new ArrayList<>(templates);
        sorted.sort(Comparator.comparing(t -> text(t, "id")));
        int maxId = 2;
        for (JsonNode t : sorted) {
            maxId = Math.max(maxId, GoFmt.byteLen(text(t, "id")));
        }
        StringBuilder b = new StringBuilder();
        b.append(GoFmt.padRight("ID", maxId + 1)).append(GoFmt.padRight("Type", 10))
                .append(GoFmt.padRight("Vars", 40)).append('\n');
        for (JsonNode t : sorted) {
            List<String> names = fieldNames(t.path("vars"));
            names.sort(null);
            b.append(GoFmt.padRight(text(t, "id"), maxId + 1)).append(GoFmt.padRight(text(t, "type"), 10))
                    .append(GoFmt.padRight(String.join(",", names), 40)).append('\n');
        }
        return b.toString();
    }

    /** {@code list topics}: server order; {@code %-<maxID+1>v%-<maxLevel+1>v%10v}. */
    static String topics(List<JsonNode> topics) {
        int maxId = 2;
        int maxLevel = 8;
        for (JsonNode t : topics) {
            maxId = Math.max(maxId, GoFmt.byteLen(text(t, "id")));
            maxLevel = Math.max(maxLevel, GoFmt.byteLen(text(t, "level")));
        }
        StringBuilder b = new StringBuilder();
        b.append(GoFmt.padRight("ID", maxId + 1)).append(GoFmt.padRight("Level", maxLevel + 1))
                .append(GoFmt.padLeft("Collected", 10)).append('\n');
        for (JsonNode t : topics) {
            b.append(GoFmt.padRight(text(t, "id"), maxId + 1))
                    .append(GoFmt.padRight(text(t, "level"), maxLevel + 1))
                    .append(GoFmt.padLeft(Long.toString(t.path("collected").asLong(0)), 10)).append('\n');
        }
        return b.toString();
    }

    /** {@code list topic-handlers}: columns at least 10 wide; {@code %-<w+1>v} each. */
    static String topicHandlers(List<HandlerRow> rows) {
        int maxTopic = 10;
        int maxId = 10;
        int maxKind = 10;
        for (HandlerRow r : rows) {
            maxTopic = Math.max(maxTopic, GoFmt.byteLen(r.topic()));
            maxId = Math.max(maxId, GoFmt.byteLen(r.id()));
            maxKind = Math.max(maxKind, GoFmt.byteLen(r.kind()));
        }
        StringBuilder b = new StringBuilder();
        b.append(GoFmt.padRight("Topic", maxTopic + 1)).append(GoFmt.padRight("ID", maxId + 1))
                .append(GoFmt.padRight("Kind", maxKind + 1)).append('\n');
        for (HandlerRow r : rows) {
            b.append(GoFmt.padRight(r.topic(), maxTopic + 1)).append(GoFmt.padRight(r.id(), maxId + 1))
                    .append(GoFmt.padRight(r.kind(), maxKind + 1)).append('\n');
        }
        return b.toString();
    }

    /** {@code list service-tests}: a header line, then one name per line. */
    static String serviceTestNames(List<String> names) {
        StringBuilder b = new StringBuilder("Service Name\n");
        for (String n : names) {
            b.append(n).append('\n');
        }
        return b.toString();
    }

    /** {@code service-tests}: {@code %-20s%-10v%s}. */
    static String serviceTestResults(List<TestResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(GoFmt.padRight("Service", 20)).append(GoFmt.padRight("Success", 10)).append("Message\n");
        for (TestResult r : results) {
            b.append(GoFmt.padRight(r.service(), 20)).append(GoFmt.padRight(String.valueOf(r.success()), 10))
                    .append(r.message()).append('\n');
        }
        return b.toString();
    }

    // ---- show ----

    /** {@code show <task>}. */
    static String task(JsonNode t, ZoneId local) throws CliException {
        StringBuilder b = new StringBuilder();
        b.append("ID: ").append(text(t, "id")).append('\n');
        b.append("Error: ").append(text(t, "error")).append('\n');
        b.append("Template: ").append(text(t, "template-id")).append('\n');
        b.append("Type: ").append(text(t, "type")).append('\n');
        b.append("Status: ").append(text(t, "status")).append('\n');
        b.append("Executing: ").append(t.path("executing").asBoolean(false)).append('\n');
        b.append("Created: ").append(GoFmt.rfc822AsParsed(text(t, "created"), local)).append('\n');
        b.append("Modified: ").append(GoFmt.rfc822AsParsed(text(t, "modified"), local)).append('\n');
        b.append("LastEnabled: ").append(GoFmt.rfc822AsParsed(text(t, "last-enabled"), local)).append('\n');
        b.append("Databases Retention Policies: ").append(Dbrp.listToString(dbrps(t))).append('\n');
        b.append("TICKscript:\n").append(text(t, "script")).append('\n');
        JsonNode vars = t.path("vars");
        List<String> names = fieldNames(vars);
        if (!names.isEmpty()) {
            names.sort(null);
            b.append("Vars:\n");
            b.append(GoFmt.padRight("Name", 30)).append(GoFmt.padRight("Type", 10))
                    .append(GoFmt.padRight("Value", 40)).append('\n');
            for (String name : names) {
                JsonNode v = vars.get(name);
                b.append(GoFmt.padRight(name, 30)).append(GoFmt.padRight(text(v, "type"), 10))
                        .append(GoFmt.padRight(varValue(name, v, "<nil>"), 40)).append('\n');
            }
        }
        b.append("DOT:\n").append(text(t, "dot")).append('\n');
        return b.toString();
    }

    /** {@code show-template <template>}. */
    static String template(JsonNode t, ZoneId local) throws CliException {
        StringBuilder b = new StringBuilder();
        b.append("ID: ").append(text(t, "id")).append('\n');
        b.append("Error: ").append(text(t, "error")).append('\n');
        b.append("Type: ").append(text(t, "type")).append('\n');
        b.append("Created: ").append(GoFmt.rfc822AsParsed(text(t, "created"), local)).append('\n');
        b.append("Modified: ").append(GoFmt.rfc822AsParsed(text(t, "modified"), local)).append('\n');
        b.append("TICKscript:\n").append(text(t, "script")).append('\n');
        b.append("Vars:\n");
        b.append(GoFmt.padRight("Name", 30)).append(GoFmt.padRight("Type", 10))
                .append(GoFmt.padRight("Default Value", 40)).append(GoFmt.padRight("Description", 40))
                .append('\n');
        JsonNode vars = t.path("vars");
        List<String> names = fieldNames(vars);
        names.sort(null);
        for (String name : names) {
            JsonNode v = vars.get(name);
            b.append(GoFmt.padRight(name, 30)).append(GoFmt.padRight(text(v, "type"), 10))
                    .append(GoFmt.padRight(varValue(name, v, "<required>"), 40))
                    .append(GoFmt.padRight(text(v, "description"), 40)).append('\n');
        }
        b.append("DOT:\n").append(text(t, "dot")).append('\n');
        return b.toString();
    }

    /** {@code show-topic-handler <topic> <handler>}: options as compact, key-sorted JSON. */
    static String topicHandler(String topic, JsonNode h) {
        JsonNode options = h.get("options");
        return "ID: " + text(h, "id") + '\n'
                + "Topic: " + topic + '\n'
                + "Kind: " + text(h, "kind") + '\n'
                + "Match: " + text(h, "match") + '\n'
                + "Options: " + GoFmt.marshalJson(options) + '\n';
    }

    /** {@code show-topic <topic>}: events sorted by time, {@code %-<maxEvent+1>s%-9s%-<maxMessage+1>s%-23s}. */
    static String topic(JsonNode topic, List<JsonNode> events, List<JsonNode> handlers, ZoneId local) {
        int maxEvent = 5;
        int maxMessage = 7;
        for (JsonNode e : events) {
            maxEvent = Math.max(maxEvent, GoFmt.byteLen(text(e, "id")));
            maxMessage = Math.max(maxMessage, GoFmt.byteLen(text(e.path("state"), "message")));
        }
        List<JsonNode> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(e -> instant(text(e.path("state"), "time"))));
        List<String> ids = new ArrayList<>();
        for (JsonNode h : handlers) {
            ids.add(text(h, "id"));
        }
        StringBuilder b = new StringBuilder();
        b.append("ID: ").append(text(topic, "id")).append('\n');
        b.append("Level: ").append(text(topic, "level")).append('\n');
        b.append("Collected: ").append(topic.path("collected").asLong(0)).append('\n');
        b.append("Handlers: [").append(String.join(", ", ids)).append("]\n");
        b.append("Events:\n");
        eventRow(b, maxEvent + 1, maxMessage + 1, "Event", "Level", "Message", "Date");
        for (JsonNode e : sorted) {
            JsonNode s = e.path("state");
            eventRow(b, maxEvent + 1, maxMessage + 1, text(e, "id"), text(s, "level"), text(s, "message"),
                    GoFmt.rfc822Local(text(s, "time"), local));
        }
        return b.toString();
    }

    private static void eventRow(StringBuilder b, int w1, int w3, String id, String level, String msg,
            String date) {
        b.append(GoFmt.padRight(id, w1)).append(GoFmt.padRight(level, 9)).append(GoFmt.padRight(msg, w3))
                .append(GoFmt.padRight(date, 23)).append('\n');
    }

    // ---- values ----

    /** {@code %v} of a task or template var's value, as the Go client decodes it. */
    static String varValue(String name, JsonNode v, String whenNull) throws CliException {
        JsonNode value = v.get("value");
        String type = text(v, "type");
        if (value == null || value.isNull()) {
            return whenNull;
        }
        switch (type) {
            case "duration":
                if (value.isNumber()) {
                    return GoFmt.formatDuration(value.asLong());
                }
                if (value.isTextual()) {
                    try {
                        return GoFmt.formatDuration(GoFmt.parseInfluxDuration(value.textValue()));
                    } catch (IllegalArgumentException | ArithmeticException e) {
                        return value.textValue();
                    }
                }
                break;
            case "int":
                if (value.isNumber()) {
                    return value.bigIntegerValue().toString();
                }
                break;
            case "float":
                if (value.isNumber()) {
                    return GoFmt.formatFloat(value.doubleValue());
                }
                break;
            case "list":
                if (value.isArray()) {
                    return listValue(name, value);
                }
                break;
            default:
                break;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() ? value.bigIntegerValue().toString()
                    : GoFmt.formatFloat(value.doubleValue());
        }
        if (value.isBoolean()) {
            return String.valueOf(value.booleanValue());
        }
        return value.toString();
    }

    /** A list var prints as {@code [a, b, *]}; it may hold only strings and stars. */
    private static String listValue(String name, JsonNode list) throws CliException {
        List<String> out = new ArrayList<>();
        for (JsonNode item : list) {
            String t = text(item, "type");
            switch (t) {
                case "string" -> {
                    JsonNode s = item.get("value");
                    if (s == null || !s.isTextual()) {
                        throw new CliException("invalid var " + name + ": non string value in string var");
                    }
                    out.add(s.textValue());
                }
                case "star" -> out.add("*");
                default -> throw new CliException("invalid var " + name
                        + ": lists can only contain strings or a star, got " + (t.isEmpty() ? "unknown" : t));
            }
        }
        return "[" + String.join(", ", out) + "]";
    }

    // ---- helpers ----

    static String text(JsonNode n, String field) {
        if (n == null) {
            return "";
        }
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    static List<Dbrp> dbrps(JsonNode task) {
        List<Dbrp> out = new ArrayList<>();
        JsonNode arr = task.path("dbrps");
        if (arr.isArray()) {
            for (JsonNode d : arr) {
                out.add(new Dbrp(text(d, "db"), text(d, "rp")));
            }
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode obj) {
        List<String> names = new ArrayList<>();
        if (obj != null && obj.isObject()) {
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
        return names;
    }

    private static Instant instant(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
