package dev.herald.engine.topic;

import dev.herald.core.config.ConfigKey;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.topic.EventPublisher;
import dev.herald.core.topic.Topic;
import dev.herald.engine.dispatch.Dispatcher;
import dev.herald.engine.dispatch.DeliveryLane;
import dev.herald.engine.outbox.OutboxException;
import dev.herald.engine.handler.HandlerRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The engine's topics, with the handlers registered on each: topic handlers defined from specs (handler files, the
 * API) and the anonymous handlers of TICKscript alert nodes. Publishing stores the event in its topic and queues it
 * to every handler whose match expression accepts it; it never waits for delivery.
 */
public final class TopicRegistry implements EventPublisher {

    /** A handler bound to a topic. */
    private record Binding(String id, Optional<TopicHandlerSpec> spec, MatchExpression match, DeliveryLane channel) {
    }

    private static final class Entry {
        final Topic topic;
        final List<Binding> bindings = new CopyOnWriteArrayList<>();

        Entry(String id) {
            this.topic = new Topic(id);
        }
    }

    private final ConcurrentHashMap<String, Entry> topics = new ConcurrentHashMap<>();
    private final HandlerRegistry handlers;
    private final Dispatcher dispatcher;
    private final List<Consumer<AlertEvent>> listeners = new CopyOnWriteArrayList<>();

    public TopicRegistry(HandlerRegistry handlers, Dispatcher dispatcher) {
        this.handlers = handlers;
        this.dispatcher = dispatcher;
    }

    /** Adds an observer of every published event (the server persists topic state with it). */
    public void onPublished(Consumer<AlertEvent> listener) {
        listeners.add(listener);
    }

    private Entry entry(String topic) {
        return topics.computeIfAbsent(topic, Entry::new);
    }

    /**
     * Where a cluster node sends the events its alert nodes raise, in place of recording and delivering them here: the
     * cluster's events topic, which every node reads to keep topic state ({@link #record}) and whose partitions the
     * delivering nodes share ({@link #route}).
     */
    @FunctionalInterface
    public interface Forwarder {
        /** Takes {@code published} (its topic and previous level set); must not block on the network. */
        void forward(AlertEvent published);
    }

    private volatile Forwarder forwarder;

    /**
     * From now on, publishing stores the event in its topic (so the next event of its alert id finds its previous
     * level here) and hands it to {@code forwarder} instead of telling the listeners and queueing it to handlers.
     */
    public void forwardTo(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /**
     * Stores the event in its topic, tells the listeners (the server's topic state first, so that its checkpoint
     * never passes an event it has not seen), appends it to the outbox with the lanes whose match accepts it, and
     * queues it to them. When the outbox cannot be written the event is still queued in memory (and delivered while
     * the process lives); the outbox stays failed, so the commit that ends the write refuses it. With a
     * {@link #forwardTo forwarder}, stores it and forwards it only.
     */
    @Override
    public void publish(String topic, AlertEvent event) {
        Entry entry = entry(topic);
        AlertEvent published = entry.topic.publish(event);
        Forwarder f = forwarder;
        if (f != null) {
            f.forward(published);
            return;
        }
        for (Consumer<AlertEvent> listener : listeners) {
            listener.accept(published);
        }
        route(entry, published);
    }

    /**
     * Records an event published elsewhere (a cluster's events topic) as {@link #publish} records its own: stored
     * in its topic as it was (unless {@code stored}: this node published it and stored it then) and told to the
     * listeners. Not queued to any handler: see {@link #route}.
     */
    public void record(AlertEvent published, boolean stored) {
        Entry entry = entry(published.topic());
        if (!stored) {
            entry.topic.restore(published);
        }
        for (Consumer<AlertEvent> listener : listeners) {
            listener.accept(published);
        }
    }

    /**
     * Appends an event published elsewhere to the outbox with the lanes of its topic whose match accepts it, and
     * queues it to them; returns how many lanes took it.
     */
    public int route(AlertEvent published) {
        return route(entry(published.topic()), published);
    }

    private int route(Entry entry, AlertEvent published) {
        List<Binding> bound = entry.bindings;
        List<DeliveryLane> lanes = new ArrayList<>(bound.size());
        List<String> names = new ArrayList<>(bound.size());
        for (Binding binding : bound) {
            if (binding.match().matches(published)) {
                lanes.add(binding.channel());
                names.add(binding.channel().name());
            }
        }
        long seq;
        try {
            seq = dispatcher.outbox().append(published, names);
        } catch (OutboxException e) {
            seq = -1;
        }
        for (DeliveryLane lane : lanes) {
            lane.offer(seq, published);
        }
        return lanes.size();
    }

    /**
     * Creates or replaces the topic handler {@code spec.id()} on {@code spec.topic()}.
     *
     * @throws dev.herald.engine.handler.UnknownHandlerKindException when the kind is not installed
     * @throws dev.herald.core.config.ConfigException                 when the options do not fit the kind
     * @throws dev.herald.engine.tick.TickscriptException             when the match expression is invalid
     */
    public void define(TopicHandlerSpec spec) {
        MatchExpression match = MatchExpression.compile(spec.match());
        Handler handler = handlers.create(spec.kind(), spec.options());
        DeliveryLane channel = dispatcher.lane(spec.topic() + "/" + spec.id(), spec.kind(), handler);
        Entry entry = entry(spec.topic());
        synchronized (entry) {
            removeBinding(entry, spec.id());
            entry.bindings.add(new Binding(spec.id(), Optional.of(spec), match, channel));
        }
    }

    /** Removes topic handler {@code id} of {@code topic}; false when there was none. */
    public boolean remove(String topic, String id) {
        Entry entry = topics.get(topic);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            return removeBinding(entry, id);
        }
    }

    private static boolean removeBinding(Entry entry, String id) {
        for (Binding b : entry.bindings) {
            if (b.id().equals(id)) {
                entry.bindings.remove(b);
                b.channel().close();
                return true;
            }
        }
        return false;
    }

    /**
     * Registers the handlers of a TICKscript alert node on its anonymous topic; returns a token that removes them.
     */
    public Runnable registerAnonymous(String topic, List<Map.Entry<String, Handler>> kindAndHandler) {
        Entry entry = entry(topic);
        List<Binding> added = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Handler> h : kindAndHandler) {
            DeliveryLane channel = dispatcher.lane(topic + "/~" + h.getKey() + "-" + n, h.getKey(), h.getValue());
            Binding binding = new Binding("~anon-" + n++, Optional.empty(), MatchExpression.compile(""), channel);
            entry.bindings.add(binding);
            added.add(binding);
        }
        return () -> {
            for (Binding b : added) {
                entry.bindings.remove(b);
                b.channel().close();
            }
        };
    }

    /** The topic handler specs of {@code topic}, sorted by id. */
    public List<TopicHandlerSpec> specs(String topic) {
        Entry entry = topics.get(topic);
        if (entry == null) {
            return List.of();
        }
        return entry.bindings.stream().flatMap(b -> b.spec().stream())
                .sorted(Comparator.comparing(TopicHandlerSpec::id)).toList();
    }

    /** One topic handler spec. */
    public Optional<TopicHandlerSpec> spec(String topic, String id) {
        return specs(topic).stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Every topic handler spec of every topic. */
    public List<TopicHandlerSpec> allSpecs() {
        List<TopicHandlerSpec> out = new ArrayList<>();
        for (String id : topicIds()) {
            out.addAll(specs(id));
        }
        return out;
    }

    /** {@code spec}'s options with secret options replaced by {@code true}/{@code false}, for the API. */
    public Map<String, Object> redactedOptions(TopicHandlerSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>(spec.options());
        Optional<HandlerFactory<?, ?>> factory = handlers.byKind(spec.kind());
        if (factory.isPresent()) {
            for (Map.Entry<String, Object> option : spec.options().entrySet()) {
                Optional<ConfigKey> key = factory.get().optionsSchema().key(option.getKey());
                if (key.isPresent() && key.get().secret()) {
                    Object v = option.getValue();
                    out.put(option.getKey(), v != null && !"".equals(v));
                }
            }
        }
        return out;
    }

    /** The topic {@code id}, if it exists. */
    public Optional<Topic> topic(String id) {
        Entry entry = topics.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.topic);
    }

    /** Topic ids, sorted. */
    public List<String> topicIds() {
        return topics.keySet().stream().sorted().toList();
    }

    /** Topics with level at least {@code minLevel}, sorted by id. */
    public List<Topic> topics(Level minLevel) {
        return topicIds().stream().map(topics::get).filter(e -> e != null)
                .map(e -> e.topic).filter(t -> t.level().compareTo(minLevel) >= 0).toList();
    }

    /** Deletes {@code id} with its events and handlers; false when it did not exist. */
    /**
     * Forgets the events of {@code topic} whose alert id {@code which} accepts (a cluster deletes a topic partition
     * by partition); returns their ids.
     */
    public List<String> forgetEvents(String topic, java.util.function.Predicate<String> which) {
        Entry entry = topics.get(topic);
        if (entry == null) {
            return List.of();
        }
        List<String> forgotten = new ArrayList<>();
        for (AlertEvent e : entry.topic.events(Level.OK)) {
            if (which.test(e.id())) {
                entry.topic.remove(e.id());
                forgotten.add(e.id());
            }
        }
        return forgotten;
    }

    public boolean delete(String id) {
        Entry entry = topics.remove(id);
        if (entry == null) {
            return false;
        }
        for (Binding b : entry.bindings) {
            b.channel().close();
        }
        return true;
    }

    /** Ensures topic {@code id} exists (restoring state, or defining a handler on a new topic). */
    public Topic ensure(String id) {
        return entry(id).topic;
    }

    /** Queue depth per handler kind across all topics, for metrics. */
    public Map<String, Integer> queueDepths() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Entry entry : topics.values()) {
            for (Binding b : entry.bindings) {
                out.merge(b.channel().kind(), b.channel().depth(), Integer::sum);
            }
        }
        return out;
    }

    /** Completes when every handler's lane is drained, removed ones included (bounded by the caller). */
    public java.util.concurrent.CompletableFuture<Void> drained() {
        return dispatcher.drained();
    }
}
