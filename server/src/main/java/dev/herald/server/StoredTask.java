package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.task.Dbrp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A task as the store keeps it: Kapacitor's task record.
 *
 * @param id          task id
 * @param templateId  the template it was made from, {@code ""} when none
 * @param type        {@code stream} or {@code batch}
 * @param dbrps       databases and retention policies it reads
 * @param script      the TICKscript as given (the template's when made from one)
 * @param vars        vars in Kapacitor's JSON form
 * @param enabled     whether it should run
 * @param created     when first defined
 * @param modified    when last changed
 * @param lastEnabled when last enabled, null when never
 * @param error       why it does not run, {@code ""} when it does (or is disabled)
 */
record StoredTask(String id, String templateId, String type, List<Dbrp> dbrps, String script, ObjectNode vars,
        boolean enabled, Instant created, Instant modified, Instant lastEnabled, String error) {

    StoredTask withError(String message) {
        return new StoredTask(id, templateId, type, dbrps, script, vars, enabled, created, modified, lastEnabled,
                message);
    }

    String toDoc() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("template-id", templateId);
        n.put("type", type);
        n.set("dbrps", dbrpsJson(dbrps));
        n.put("script", script);
        n.set("vars", vars);
        n.put("status", enabled ? "enabled" : "disabled");
        n.put("created", TimeText.format(created));
        n.put("modified", TimeText.format(modified));
        if (lastEnabled != null) {
            n.put("last-enabled", TimeText.format(lastEnabled));
        }
        n.put("error", error);
        return Json.compact(n);
    }

    static StoredTask fromDoc(String doc) {
        JsonNode n = Json.tree(doc);
        return new StoredTask(n.path("id").asText(), n.path("template-id").asText(""), n.path("type").asText("stream"),
                dbrps(n.path("dbrps")), n.path("script").asText(), n.path("vars").isObject()
                        ? (ObjectNode) n.get("vars") : Json.MAPPER.createObjectNode(),
                n.path("status").asText().equals("enabled"), TimeText.parse(n.path("created").asText()),
                TimeText.parse(n.path("modified").asText()),
                n.hasNonNull("last-enabled") ? TimeText.parse(n.get("last-enabled").asText()) : null,
                n.path("error").asText(""));
    }

    static ArrayNode dbrpsJson(List<Dbrp> dbrps) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Dbrp d : dbrps) {
            a.addObject().put("db", d.db()).put("rp", d.rp());
        }
        return a;
    }

    /** @throws ApiException 400 when an entry lacks {@code db} or {@code rp} */
    static List<Dbrp> dbrps(JsonNode array) {
        List<Dbrp> out = new ArrayList<>();
        if (array == null || array.isNull() || array.isMissingNode()) {
            return out;
        }
        if (!array.isArray()) {
            throw ApiException.badRequest("invalid dbrps: expected a list of {\"db\": ..., \"rp\": ...}");
        }
        for (JsonNode d : array) {
            if (!d.path("db").isTextual() || !d.path("rp").isTextual() || d.get("db").asText().isEmpty()) {
                throw ApiException.badRequest("invalid dbrp " + d + ": expected {\"db\": \"name\", \"rp\": \"name\"}");
            }
            out.add(new Dbrp(d.get("db").asText(), d.get("rp").asText()));
        }
        return out;
    }
}
