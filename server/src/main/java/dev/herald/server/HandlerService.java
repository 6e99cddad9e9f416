package dev.herald.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.Herald;
import dev.herald.engine.topic.TopicHandlerSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Topic handlers defined through the API and handler files: defined in the engine, kept in the store. */
final class HandlerService {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.handlers");

    private final Herald herald;
    private final Store store;
    private final TopicState topicState;

    HandlerService(Herald herald, Store store, TopicState topicState) {
        this.herald = herald;
        this.store = store;
        this.topicState = topicState;
    }

    /** Defines the stored handlers; one that no longer fits (a removed plugin) is logged and kept in the store. */
    synchronized void restore() {
        for (Store.Row row : store.list(Store.Table.TOPIC_HANDLERS)) {
            try {
                herald.topics().define(fromDoc(row.doc()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "stored topic handler " + row.group() + "/" + row.key()
                        + " cannot be created: " + e.getMessage());
            }
        }
    }

    /** Parses a handler from an API body or handler file; {@code topic} fills or overrides its topic. */
    static TopicHandlerSpec parse(Map<String, Object> raw, String topic, boolean topicFromPath) {
        Map<String, Object> m = new LinkedHashMap<>(raw);
        if (topicFromPath) {
            m.remove("topic");
        }
        return TopicHandlerSpec.fromMap(m, topic);
    }

    /** Creates a handler; 400 when one with the id exists on the topic. */
    synchronized TopicHandlerSpec create(TopicHandlerSpec spec) {
        if (herald.topics().spec(spec.topic(), spec.id()).isPresent()) {
            throw ApiException.badRequest("handler " + spec.id() + " already exists in topic " + spec.topic()
                    + "; use PUT /kapacitor/v1/alerts/topics/" + spec.topic() + "/handlers/" + spec.id()
                    + " to replace it");
        }
        return put(spec);
    }

    /** Creates or replaces (handler files). */
    synchronized TopicHandlerSpec put(TopicHandlerSpec spec) {
        herald.topics().define(spec);
        store.put(Store.Table.TOPIC_HANDLERS, spec.topic(), spec.id(), toDoc(spec));
        LOG.log(System.Logger.Level.INFO, "defined topic handler " + spec.topic() + "/" + spec.id() + " (kind "
                + spec.kind() + ")");
        return spec;
    }

    /** Replaces handler {@code oldId} of {@code topic} with {@code spec} (whose id may differ). */
    synchronized TopicHandlerSpec replace(String topic, String oldId, TopicHandlerSpec spec) {
        herald.topics().define(spec);
        store.write(w -> {
            if (!spec.id().equals(oldId)) {
                w.delete(Store.Table.TOPIC_HANDLERS, topic, oldId);
            }
            w.put(Store.Table.TOPIC_HANDLERS, spec.topic(), spec.id(), toDoc(spec));
        });
        if (!spec.id().equals(oldId)) {
            herald.topics().remove(topic, oldId);
        }
        return spec;
    }

    synchronized boolean remove(String topic, String id) {
        boolean had = herald.topics().remove(topic, id);
        store.delete(Store.Table.TOPIC_HANDLERS, topic, id);
        return had;
    }

    /** Makes topic handler {@code topic/id} what another node stored (cluster mode), or removes it. */
    synchronized void applyShared(String topic, String id, Optional<String> doc) {
        if (doc.isEmpty()) {
            remove(topic, id);
        } else {
            put(fromDoc(doc.get()));
        }
    }

    /** Deletes a topic with its events and handlers. */
    synchronized boolean deleteTopic(String topic) {
        boolean had = herald.topics().delete(topic);
        store.write(w -> w.deleteGroup(Store.Table.TOPIC_HANDLERS, topic));
        topicState.deleteTopic(topic);
        if (had) {
            topicDeleted.accept(topic);
        }
        return had;
    }

    private volatile java.util.function.Consumer<String> topicDeleted = topic -> {
    };

    /** Tells {@code listener} of every topic deleted through the API (a cluster tells the other nodes). */
    void onTopicDeleted(java.util.function.Consumer<String> listener) {
        this.topicDeleted = listener;
    }

    /** The stored form, secrets in clear: only for the store and for applying a JSON patch. */
    static ObjectNode toJson(TopicHandlerSpec spec) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", spec.id());
        n.put("topic", spec.topic());
        n.put("kind", spec.kind());
        n.put("match", spec.match());
        n.set("options", Json.toTree(spec.options()));
        return n;
    }

    static String toDoc(TopicHandlerSpec spec) {
        return Json.compact(toJson(spec));
    }

    static TopicHandlerSpec fromDoc(String doc) {
        return TopicHandlerSpec.fromMap(Json.toMap(Json.tree(doc)), null);
    }
}
