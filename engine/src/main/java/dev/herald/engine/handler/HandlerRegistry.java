package dev.herald.engine.handler;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The installed handler plugins and their live service config: finds factories (by kind, by TICKscript entry
 * method, by config section), binds config sections, and creates handlers from options maps.
 */
public final class HandlerRegistry {
    private final Map<String, HandlerFactory<?, ?>> byKind = new TreeMap<>();
    private final Map<String, HandlerFactory<?, ?>> byTickName = new TreeMap<>();
    private final Map<String, HandlerFactory<?, ?>> bySection = new TreeMap<>();
    private final Map<String, LiveServiceConfig<?>> configs = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> rawSections = new ConcurrentHashMap<>();
    private final HandlerContext context;

    /**
     * A registry of {@code factories}.
     *
     * @throws IllegalArgumentException when two factories claim the same kind, entry method or section
     */
    public HandlerRegistry(Collection<? extends HandlerFactory<?, ?>> factories, HandlerContext context) {
        this.context = context;
        for (HandlerFactory<?, ?> factory : factories) {
            put(byKind, factory.kind(), factory, "kind");
            put(byTickName, factory.tickName(), factory, "TICKscript method");
            put(bySection, factory.section(), factory, "config section");
            configs.put(factory.section(), live(factory));
        }
    }

    private static void put(Map<String, HandlerFactory<?, ?>> map, String key, HandlerFactory<?, ?> factory,
            String what) {
        HandlerFactory<?, ?> previous = map.putIfAbsent(key, factory);
        if (previous != null) {
            throw new IllegalArgumentException("two handler plugins claim " + what + " \"" + key + "\": "
                    + previous.getClass().getName() + " and " + factory.getClass().getName());
        }
    }

    private static <C extends Record> LiveServiceConfig<C> live(HandlerFactory<C, ?> factory) {
        return new LiveServiceConfig<>(ServiceConfig.bind(factory, List.of()));
    }

    /** Every {@link HandlerFactory} visible to {@code loader} through {@link ServiceLoader}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static List<HandlerFactory<?, ?>> discover(ClassLoader loader) {
        List<HandlerFactory<?, ?>> out = new ArrayList<>();
        for (HandlerFactory factory : ServiceLoader.load(HandlerFactory.class, loader)) {
            out.add(factory);
        }
        return out;
    }

    /** The context handed to factories. */
    public HandlerContext context() {
        return context;
    }

    /** All factories, sorted by kind. */
    public Collection<HandlerFactory<?, ?>> factories() {
        return byKind.values();
    }

    /** The factory of {@code kind}. */
    public Optional<HandlerFactory<?, ?>> byKind(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** The factory whose TICKscript entry method is {@code name} ({@code hipChat}). */
    public Optional<HandlerFactory<?, ?>> byTickName(String name) {
        return Optional.ofNullable(byTickName.get(name));
    }

    /** The factory of config section {@code section} ({@code httppost}). */
    public Optional<HandlerFactory<?, ?>> bySection(String section) {
        return Optional.ofNullable(bySection.get(section));
    }

    /** The factory of {@code kind}, or an error listing the installed kinds. */
    public HandlerFactory<?, ?> require(String kind) {
        HandlerFactory<?, ?> factory = byKind.get(kind);
        if (factory == null) {
            throw new UnknownHandlerKindException(kind, byKind.keySet());
        }
        return factory;
    }

    /**
     * Replaces the config of {@code section} with {@code elements} (raw key/value maps as parsed from TOML or
     * stored by the config API); running handlers see it from their next event.
     *
     * @throws ConfigException when the section does not fit the plugin's schema
     */
    public void configure(String section, List<Map<String, Object>> elements) {
        HandlerFactory<?, ?> factory = bySection.get(section);
        if (factory == null) {
            throw new ConfigException(section, null, "no handler plugin has a config section \"" + section
                    + "\"; known sections: " + String.join(", ", bySection.keySet()));
        }
        reconfigure(factory, elements);
        rawSections.put(section, List.copyOf(elements));
    }

    @SuppressWarnings("unchecked")
    private <C extends Record> void reconfigure(HandlerFactory<C, ?> factory, List<Map<String, Object>> elements) {
        ServiceConfig<C> bound = ServiceConfig.bind(factory, elements);
        ((LiveServiceConfig<C>) configs.get(factory.section())).replace(bound);
    }

    /** The raw elements last given to {@link #configure}, empty when the section was never configured. */
    public List<Map<String, Object>> rawSection(String section) {
        return rawSections.getOrDefault(section, List.of());
    }

    /** The live config of {@code factory}'s section. */
    @SuppressWarnings("unchecked")
    public <C extends Record> ServiceConfig<C> serviceConfig(HandlerFactory<C, ?> factory) {
        return (ServiceConfig<C>) configs.get(factory.section());
    }

    /** The bound config of {@code section}'s elements, redacted, as the config API shows them. */
    public List<Map.Entry<ServiceElement<?>, Map<String, Object>>> redactedSection(String section) {
        HandlerFactory<?, ?> factory = bySection.get(section);
        if (factory == null) {
            return List.of();
        }
        return redacted(factory);
    }

    private <C extends Record> List<Map.Entry<ServiceElement<?>, Map<String, Object>>> redacted(
            HandlerFactory<C, ?> factory) {
        ConfigSchema<C> schema = factory.configSchema();
        List<Map.Entry<ServiceElement<?>, Map<String, Object>>> out = new ArrayList<>();
        for (ServiceElement<C> element : serviceConfig(factory).elements()) {
            out.add(Map.entry(element, schema.redactedValues(element.config())));
        }
        return out;
    }

    /** Whether the default element of {@code factory}'s section has {@code global = true}. */
    public boolean isGlobal(HandlerFactory<?, ?> factory) {
        return defaultFlag(factory, "global");
    }

    /** Whether the default element has {@code global} and {@code state-changes-only} both true. */
    public boolean forcesStateChangesOnly(HandlerFactory<?, ?> factory) {
        return defaultFlag(factory, "global") && defaultFlag(factory, "state-changes-only");
    }

    private <C extends Record> boolean defaultFlag(HandlerFactory<C, ?> factory, String key) {
        if (factory.configSchema().key(key).isEmpty()) {
            return false;
        }
        return serviceConfig(factory).defaultElement()
                .map(e -> Boolean.TRUE.equals(factory.configSchema().revealedValues(e.config()).get(key)))
                .orElse(false);
    }

    /**
     * Creates a handler of {@code kind} from an options map (handler file, API or TICKscript chain).
     *
     * @throws UnknownHandlerKindException when no plugin provides {@code kind}
     * @throws ConfigException             when the options do not fit the plugin's options schema
     */
    public Handler create(String kind, Map<String, ?> options) {
        return createWith(require(kind), options);
    }

    private <C extends Record, O extends Record> Handler createWith(HandlerFactory<C, O> factory,
            Map<String, ?> options) {
        O bound;
        try {
            bound = factory.optionsSchema().bind(options);
        } catch (ConfigException e) {
            throw e.inSection(factory.kind());
        }
        return factory.create(bound, serviceConfig(factory), context);
    }

    /** The service test of {@code section}, if its plugin has one. */
    public Optional<ServiceTest<?>> serviceTest(String section) {
        HandlerFactory<?, ?> factory = bySection.get(section);
        return factory == null ? Optional.empty() : serviceTestOf(factory);
    }

    private <C extends Record> Optional<ServiceTest<?>> serviceTestOf(HandlerFactory<C, ?> factory) {
        return factory.serviceTest(serviceConfig(factory), context);
    }
}
