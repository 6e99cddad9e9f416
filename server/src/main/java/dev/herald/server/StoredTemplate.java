package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A template as the store keeps it.
 *
 * @param id       template id
 * @param type     {@code stream} or {@code batch}
 * @param script   the TICKscript with {@code var x type} declarations
 * @param created  when first defined
 * @param modified when last changed
 */
record StoredTemplate(String id, String type, String script, Instant created, Instant modified) {

    String toDoc() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("type", type);
        n.put("script", script);
        n.put("created", TimeText.format(created));
        n.put("modified", TimeText.format(modified));
        return Json.compact(n);
    }

    static StoredTemplate fromDoc(String doc) {
        JsonNode n = Json.tree(doc);
        return new StoredTemplate(n.path("id").asText(), n.path("type").asText("stream"), n.path("script").asText(),
                TimeText.parse(n.path("created").asText()), TimeText.parse(n.path("modified").asText()));
    }
}
