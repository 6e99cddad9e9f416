package dev.herald.core.handler;

import dev.herald.core.Api;
import java.util.List;
import java.util.Optional;

/**
 * The current configuration of a handler's service: the elements of its config section, read at send time so
 * that changes through the config API apply to running handlers, as in Kapacitor.
 *
 * <p>A single section ({@code [hipchat]}) has one element named {@code ""}; a list section ({@code [[slack]]})
 * has one per named element, one of which is the default.
 *
 * @param <C> the plugin's config record
 */
@Api(status = Api.Status.STABLE)
public interface ServiceConfig<C extends Record> {

    /** All elements, the default first. */
    List<ServiceElement<C>> elements();

    /** The default element; for a single section, the only one. */
    default Optional<ServiceElement<C>> defaultElement() {
        List<ServiceElement<C>> all = elements();
        return all.stream().filter(ServiceElement::isDefault).findFirst()
                .or(() -> all.isEmpty() ? Optional.empty() : Optional.of(all.get(0)));
    }

    /** The element named {@code name}; {@code ""} names the default element. */
    default Optional<ServiceElement<C>> element(String name) {
        if (name == null || name.isEmpty()) {
            return defaultElement();
        }
        return elements().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The config of the element named {@code name} ({@code ""} = default), or a permanent failure explaining why
     * there is none or why it cannot be used ({@code service is not enabled}).
     *
     * @throws HandlerException when the element is missing or disabled
     */
    default C require(String name) {
        ServiceElement<C> element = element(name).orElseThrow(() -> new HandlerException(
                elements().isEmpty() ? "no configuration found" : "element id not found: " + name));
        if (!element.enabled()) {
            throw new HandlerException("service is not enabled");
        }
        return element.config();
    }

    /** A fixed config, for tests and for embedding programs that configure handlers in code. */
    static <C extends Record> ServiceConfig<C> of(List<ServiceElement<C>> elements) {
        List<ServiceElement<C>> copy = List.copyOf(elements);
        return () -> copy;
    }

    /**
     * Binds the raw elements of {@code factory}'s config section (as parsed from TOML, or as stored by the config
     * API) and validates them: each element is bound with the config schema; its name is the value of the
     * schema's element key ({@code ""} for a single section); it is enabled when its {@code enabled} key is true
     * (or the schema has no such key); it is the default when its {@code default} key is true or it is the only
     * element. No elements at all gives one element at the defaults, as Kapacitor's built-in section.
     *
     * @throws dev.herald.core.config.ConfigException when an element does not fit the schema or the factory's
     *                                                 {@link HandlerFactory#validateConfig(List)} rejects the set
     */
    static <C extends Record> ServiceConfig<C> bind(HandlerFactory<C, ?> factory,
            List<? extends java.util.Map<String, ?>> sections) {
        dev.herald.core.config.ConfigSchema<C> schema = factory.configSchema();
        List<? extends java.util.Map<String, ?>> raw = sections.isEmpty() ? List.of(java.util.Map.of()) : sections;
        List<ServiceElement<C>> elements = new java.util.ArrayList<>(raw.size());
        for (java.util.Map<String, ?> section : raw) {
            C bound = schema.bind(section);
            java.util.Map<String, Object> values = schema.revealedValues(bound);
            String name = schema.elementKey().map(k -> String.valueOf(values.getOrDefault(k, ""))).orElse("");
            boolean enabled = !schema.key("enabled").isPresent() || Boolean.TRUE.equals(values.get("enabled"));
            boolean isDefault = raw.size() == 1 || Boolean.TRUE.equals(values.get("default"));
            elements.add(new ServiceElement<>(name, isDefault, enabled, bound));
        }
        factory.validateConfig(List.copyOf(elements));
        return of(elements);
    }

    /** A fixed single-section config, enabled. */
    static <C extends Record> ServiceConfig<C> single(C config) {
        return of(List.of(new ServiceElement<>("", true, true, config)));
    }
}
