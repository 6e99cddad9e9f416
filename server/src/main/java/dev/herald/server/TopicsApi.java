package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.topic.Topic;
import dev.herald.engine.Herald;
import dev.herald.engine.topic.TopicHandlerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /kapacitor/v1/alerts/topics}: topics, their events and their handlers, shaped as Kapacitor's. */
final class TopicsApi {
    static final String TOPICS = Paths.BASE + "/alerts/topics";

    private final Herald herald;
    private final HandlerService handlers;
    private final TopicState state;

    TopicsApi(Herald herald, HandlerService handlers, TopicState state) {
        this.herald = herald;
        this.handlers = handlers;
        this.state = state;
    }

    void register(Router router) {
        router.add("GET", TOPICS, this::listTopics)
                .add("GET", TOPICS + "/{topic}", r -> Reply.ok(topicView(topic(r))))
                .add("DELETE", TOPICS + "/{topic}", r -> {
                    if (!handlers.deleteTopic(r.param("topic"))) {
                        throw ApiException.notFound("unknown topic: \"" + r.param("topic") + "\"");
                    }
                    return Reply.noContent();
                })
                .add("GET", TOPICS + "/{topic}/events", this::listEvents)
                .add("GET", TOPICS + "/{topic}/history", this::history)
                .add("GET", TOPICS + "/{topic}/events/{event}", this::showEvent)
                .add("GET", TOPICS + "/{topic}/handlers", this::listHandlers)
                .add("POST", TOPICS + "/{topic}/handlers", this::createHandler)
                .add("GET", TOPICS + "/{topic}/handlers/{handler}", r -> Reply.ok(handlerView(spec(r))))
                .add("PUT", TOPICS + "/{topic}/handlers/{handler}", this::putHandler)
                .add("PATCH", TOPICS + "/{topic}/handlers/{handler}", this::patchHandler)
                .add("DELETE", TOPICS + "/{topic}/handlers/{handler}", r -> {
                    if (!handlers.remove(r.param("topic"), r.param("handler"))) {
                        throw ApiException.notFound("unknown handler: \"" + r.param("handler") + "\" in topic \""
                                + r.param("topic") + "\"");
                    }
                    return Reply.noContent();
                });
    }

    private static Level minLevel(Request r) {
        String text = r.query("min-level");
        if (text.isEmpty()) {
            return Level.OK;
        }
        return Level.parse(text).orElseThrow(() -> ApiException.badRequest("invalid min-level \"" + text
                + "\": use OK, INFO, WARNING or CRITICAL"));
    }

    private Topic topic(Request r) {
        String id = r.param("topic");
        return herald.topics().topic(id).filter(this::open)
                .orElseThrow(() -> ApiException.notFound("unknown topic: \"" + id + "\""));
    }

    /**
     * Whether the topic is shown: an anonymous topic ({@code main:<task>:alert<N>}) exists, as in Kapacitor 1.7+, only
     * while its task runs; its state is kept and shows again when the task is enabled.
     */
    private boolean open(Topic t) {
        String prefix = dev.herald.engine.pipeline.TaskContext.TASK_MASTER_ID + ":";
        if (!t.id().startsWith(prefix)) {
            return true;
        }
        int end = t.id().indexOf(':', prefix.length());
        if (end < 0) {
            return true;
        }
        String task = t.id().substring(prefix.length(), end);
        return herald.task(task).map(dev.herald.engine.TaskState::executing).orElse(false);
    }

    private Reply listTopics(Request r) {
        String pattern = r.query("pattern");
        Glob.compile(pattern.isEmpty() ? "*" : pattern);
        List<Object> out = new ArrayList<>();
        for (Topic t : herald.topics().topics(minLevel(r))) {
            if (Glob.matches(pattern, t.id()) && open(t)) {
                out.add(topicView(t));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(r.uri()));
        body.put("topics", out);
        return Reply.ok(body);
    }

    private Map<String, Object> topicView(Topic t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(TOPICS + "/" + t.id()));
        m.put("id", t.id());
        m.put("level", t.level().name());
        m.put("collected", state.collected(t.id()));
        m.put("events-link", Paths.link("events", TOPICS + "/" + t.id() + "/events"));
        m.put("handlers-link", Paths.link("handlers", TOPICS + "/" + t.id() + "/handlers"));
        return m;
    }

    private Reply listEvents(Request r) {
        Topic t = topic(r);
        List<Object> events = new ArrayList<>();
        for (AlertEvent e : t.events(minLevel(r))) {
            events.add(eventView(t.id(), e));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(TOPICS + "/" + t.id() + "/events"));
        body.put("topic", t.id());
        body.put("events", events);
        return Reply.ok(body);
    }

    /**
     * Herald extension: the topic's recent events, oldest first, OK ones included ({@code [history]}); {@code id}
     * narrows them to one alert. Each as in {@code .../events}, with the triggering data.
     */
    private Reply history(Request r) {
        Topic t = topic(r);
        List<Object> events = new ArrayList<>();
        for (dev.herald.core.event.AlertEvent e : state.history().events(t.id(), r.query("id"))) {
            Map<String, Object> view = eventView(t.id(), e);
            try {
                // Go-style JSON as the alert data is everywhere else (RFC 3339 times, shortest numbers)
                view.put("data", Json.MAPPER.readTree(dev.herald.core.json.GoJson.encode(
                        dev.herald.core.event.AlertEventJson.result(e.data()))));
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
            events.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(r.uri()));
        body.put("topic", t.id());
        body.put("events", events);
        return Reply.ok(body);
    }

    private Reply showEvent(Request r) {
        Topic t = topic(r);
        String id = r.param("event");
        AlertEvent e = t.event(id).orElseThrow(() -> ApiException.notFound("unknown event \"" + id
                + "\" in topic \"" + t.id() + "\""));
        return Reply.ok(eventView(t.id(), e));
    }

    private static Map<String, Object> eventView(String topic, AlertEvent e) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("message", e.message());
        state.put("details", e.details());
        state.put("time", TimeText.format(e.time()));
        state.put("duration", TimeText.format(e.duration()));
        state.put("level", e.level().name());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(TOPICS + "/" + topic + "/events/" + e.id()));
        m.put("id", e.id());
        m.put("state", state);
        return m;
    }

    private Reply listHandlers(Request r) {
        String topic = r.param("topic");
        String pattern = r.query("pattern");
        Glob.compile(pattern.isEmpty() ? "*" : pattern);
        List<Object> out = new ArrayList<>();
        for (TopicHandlerSpec s : herald.topics().specs(topic)) {
            if (Glob.matches(pattern, s.id())) {
                out.add(handlerView(s));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", Paths.link(r.uri()));
        body.put("topic", topic);
        body.put("handlers", out);
        return Reply.ok(body);
    }

    private TopicHandlerSpec spec(Request r) {
        String topic = r.param("topic");
        String id = r.param("handler");
        return herald.topics().spec(topic, id).orElseThrow(() -> ApiException.notFound("unknown handler: \"" + id
                + "\" in topic \"" + topic + "\""));
    }

    /** A handler as the API shows it: secret options as true/false. */
    private Map<String, Object> handlerView(TopicHandlerSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link", Paths.link(TOPICS + "/" + s.topic() + "/handlers/" + s.id()));
        m.put("id", s.id());
        m.put("kind", s.kind());
        m.put("options", herald.topics().redactedOptions(s));
        m.put("match", s.match());
        return m;
    }

    private static TopicHandlerSpec parse(JsonNode body, String topic) {
        if (!body.isObject()) {
            throw ApiException.badRequest("invalid handler json: expected an object with id, kind, options, match");
        }
        try {
            return HandlerService.parse(Json.toMap(body), topic, true);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid handler spec: " + e.getMessage());
        }
    }

    private Reply createHandler(Request r) {
        TopicHandlerSpec spec = parse(r.jsonObject(), r.param("topic"));
        return Reply.ok(handlerView(handlers.create(spec)));
    }

    private Reply putHandler(Request r) {
        TopicHandlerSpec old = spec(r);
        TopicHandlerSpec spec = parse(r.jsonObject(), old.topic());
        return Reply.ok(handlerView(handlers.replace(old.topic(), old.id(), spec)));
    }

    private Reply patchHandler(Request r) {
        TopicHandlerSpec old = spec(r);
        JsonNode patched = JsonPatch.apply(r.json(), HandlerService.toJson(old));
        TopicHandlerSpec spec = parse(patched, old.topic());
        return Reply.ok(handlerView(handlers.replace(old.topic(), old.id(), spec)));
    }
}
