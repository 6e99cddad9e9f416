package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON Patch, the subset Kapacitor's clients send: {@code add}, {@code remove}, {@code replace}. */
final class JsonPatch {
    private JsonPatch() {
    }

    /**
     * Applies {@code patch} (an array of operations) to a copy of {@code doc}.
     *
     * @throws ApiException 400 naming the operation that cannot be applied
     */
    static JsonNode apply(JsonNode patch, JsonNode doc) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("invalid patch json: expected an array of {\"op\", \"path\", \"value\"}");
        }
        JsonNode result = doc.deepCopy();
        int i = 0;
        for (JsonNode op : patch) {
            String where = "failed to apply patch: operation " + i++ + ": ";
            String name = op.path("op").asText("");
            if (!op.path("path").isTextual()) {
                throw ApiException.badRequest(where + "missing \"path\"");
            }
            List<String> path = pointer(op.get("path").asText(), where);
            if (path.isEmpty()) {
                throw ApiException.badRequest(where + "cannot " + name + " the whole document");
            }
            JsonNode parent = result;
            for (String token : path.subList(0, path.size() - 1)) {
                parent = child(parent, token);
                if (parent == null) {
                    throw ApiException.badRequest(where + "path " + op.get("path").asText() + " does not exist");
                }
            }
            String last = path.get(path.size() - 1);
            switch (name) {
                case "add", "replace" -> {
                    if (!op.has("value")) {
                        throw ApiException.badRequest(where + "missing \"value\"");
                    }
                    if (name.equals("replace") && child(parent, last) == null) {
                        throw ApiException.badRequest(where + "cannot replace missing path "
                                + op.get("path").asText());
                    }
                    set(parent, last, op.get("value"), name.equals("add"), where);
                }
                case "remove" -> {
                    if (child(parent, last) == null) {
                        throw ApiException.badRequest(where + "cannot remove missing path " + op.get("path").asText());
                    }
                    if (parent instanceof ObjectNode o) {
                        o.remove(last);
                    } else {
                        ((ArrayNode) parent).remove(Integer.parseInt(last));
                    }
                }
                default -> throw ApiException.badRequest(where + "unsupported op \"" + name
                        + "\"; supported: add, remove, replace");
            }
        }
        return result;
    }

    private static List<String> pointer(String text, String where) {
        if (text.isEmpty()) {
            return List.of();
        }
        if (!text.startsWith("/")) {
            throw ApiException.badRequest(where + "path \"" + text + "\" must start with /");
        }
        List<String> out = new ArrayList<>();
        for (String t : text.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode child(JsonNode parent, String token) {
        if (parent instanceof ObjectNode o) {
            return o.get(token);
        }
        if (parent instanceof ArrayNode a) {
            try {
                int idx = Integer.parseInt(token);
                return idx >= 0 && idx < a.size() ? a.get(idx) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static void set(JsonNode parent, String token, JsonNode value, boolean insert, String where) {
        if (parent instanceof ObjectNode o) {
            o.set(token, value);
        } else if (parent instanceof ArrayNode a) {
            if (token.equals("-")) {
                a.add(value);
                return;
            }
            int idx;
            try {
                idx = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(where + "invalid array index \"" + token + "\"");
            }
            if (idx < 0 || idx > a.size() || (!insert && idx == a.size())) {
                throw ApiException.badRequest(where + "array index " + idx + " out of range");
            }
            if (insert) {
                a.insert(idx, value);
            } else {
                a.set(idx, value);
            }
        } else {
            throw ApiException.badRequest(where + "cannot set a member of a " + parent.getNodeType());
        }
    }
}
