package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ConfigKey;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.config.ValueType;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.engine.handler.HandlerRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kapacitor's config overrides: changes to handler sections made through the config API, kept in the store and
 * applied on top of the file's sections, live (running handlers read config at send time).
 *
 * <p>An override targets one element ({@code section/element}; {@code element} is {@code ""} for a single
 * section) and holds the options it sets; an override with {@code create} adds a new element to a list section.
 */
final class ConfigOverrides {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.config");

    /** One stored override. */
    record Override(String section, String element, boolean create, Map<String, Object> options) {
        String toDoc() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", section);
            m.put("element", element);
            m.put("create", create);
            m.put("options", options);
            return Json.compact(m);
        }

        static Override fromDoc(String doc) {
            JsonNode n = Json.tree(doc);
            return new Override(n.path("section").asText(), n.path("element").asText(""),
                    n.path("create").asBoolean(false), Json.toMap(n.path("options")));
        }
    }

    private final HandlerRegistry registry;
    private final Store store;
    private final Map<String, List<Map<String, Object>>> base;
    private final Map<String, List<Override>> overrides = new LinkedHashMap<>();

    ConfigOverrides(HandlerRegistry registry, Store store, Map<String, List<Map<String, Object>>> base) {
        this.registry = registry;
        this.store = store;
        this.base = base;
    }

    /** Applies the stored overrides; a section whose overrides no longer fit keeps its file config (logged). */
    synchronized void restore(boolean skip) {
        for (Store.Row row : store.list(Store.Table.CONFIG_OVERRIDES)) {
            Override o = Override.fromDoc(row.doc());
            overrides.computeIfAbsent(o.section(), k -> new ArrayList<>()).add(o);
        }
        if (skip) {
            if (!overrides.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "skip-config-overrides is set: ignoring stored overrides of "
                        + overrides.keySet());
            }
            overrides.clear();
            return;
        }
        for (Map.Entry<String, List<Override>> e : overrides.entrySet()) {
            try {
                registry.configure(e.getKey(), effective(e.getKey(), e.getValue()));
                LOG.log(System.Logger.Level.INFO, "applied stored config overrides of [" + e.getKey() + "]");
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, "stored config overrides of [" + e.getKey()
                        + "] no longer apply, using the file's config: " + ex.getMessage());
            }
        }
    }

    HandlerFactory<?, ?> factory(String section) {
        return registry.bySection(section).filter(HandlerFactory::hasConfigSection)
                .orElseThrow(() -> ApiException.notFound("unknown section: " + section));
    }

    /** The elements of {@code section} with {@code list} applied. */
    private List<Map<String, Object>> effective(String section, List<Override> list) {
        HandlerFactory<?, ?> factory = factory(section);
        ConfigSchema<?> schema = factory.configSchema();
        List<Map<String, Object>> elements = new ArrayList<>();
        for (Map<String, Object> e : base.getOrDefault(section, List.of())) {
            elements.add(new LinkedHashMap<>(e));
        }
        if (elements.isEmpty()) {
            elements.add(new LinkedHashMap<>());
        }
        for (Override o : list) {
            if (o.create()) {
                elements.add(new LinkedHashMap<>(o.options()));
                continue;
            }
            Map<String, Object> target = find(schema, elements, o.element()).orElseThrow(() -> ApiException
                    .notFound("unknown section/element: " + section + "/" + o.element()));
            Optional<String> key = schema.elementKey();
            if (key.isPresent() && o.options().containsKey(key.get())) {
                throw ApiException.badRequest("cannot override element key " + key.get());
            }
            target.putAll(o.options());
        }
        return elements;
    }

    private static Optional<Map<String, Object>> find(ConfigSchema<?> schema, List<Map<String, Object>> elements,
            String name) {
        if (schema.elementKey().isEmpty()) {
            return name.isEmpty() ? Optional.of(elements.get(0)) : Optional.empty();
        }
        String key = schema.elementKey().get();
        for (Map<String, Object> e : elements) {
            Object value = nameOf(schema, e, key);
            if (name.equals(String.valueOf(value))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static <R extends Record> Object nameOf(ConfigSchema<R> schema, Map<String, Object> e, String key) {
        return schema.revealedValues(schema.bind(e)).get(key);
    }

    /**
     * Applies one update of Kapacitor's config API ({@code set}/{@code delete} on an element, or {@code add}/
     * {@code remove} of list elements): live first, then stored.
     *
     * @throws ApiException 400/404 saying what is wrong; nothing changes then
     */
    synchronized void update(String section, String element, boolean hasElement, ObjectNode action) {
        HandlerFactory<?, ?> factory = factory(section);
        ConfigSchema<?> schema = factory.configSchema();
        for (Iterator<String> it = action.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!List.of("set", "delete", "add", "remove", "rename").contains(f)) {
                throw ApiException.badRequest("failed to apply update: unknown field \"" + f
                        + "\"; use set, delete, add, remove or rename");
            }
        }
        if (action.has("rename")) {
            rename(section, element, schema, action);
            return;
        }
        Map<String, Object> set = objectField(action, "set");
        List<String> delete = listField(action, "delete");
        Map<String, Object> add = objectField(action, "add");
        List<String> remove = listField(action, "remove");
        boolean setOrDelete = !set.isEmpty() || !delete.isEmpty();
        boolean addOrRemove = !add.isEmpty() || !remove.isEmpty();
        if (setOrDelete && addOrRemove) {
            throw ApiException.badRequest("invalid update action: cannot provide both set/delete and add/remove "
                    + "actions in the same update");
        }
        if (!add.isEmpty() && !element.isEmpty()) {
            throw ApiException.badRequest("invalid update action: must not provide an element name when adding a "
                    + "new element; post to /kapacitor/v1/config/" + section);
        }
        if (!remove.isEmpty() && !element.isEmpty()) {
            throw ApiException.badRequest("invalid update action: must not provide element when removing an "
                    + "element; post to /kapacitor/v1/config/" + section);
        }
        if (!addOrRemove && !hasElement) {
            throw ApiException.badRequest("invalid update action: element not specified, are you missing a "
                    + "trailing '/'? (post to /kapacitor/v1/config/" + section + "/ or /kapacitor/v1/config/"
                    + section + "/<element>)");
        }
        List<Override> current = new ArrayList<>(overrides.getOrDefault(section, List.of()));
        List<Override> next = new ArrayList<>(current);
        List<Override> saved = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        if (!add.isEmpty()) {
            String key = schema.elementKey().orElseThrow(() -> ApiException.badRequest("section \"" + section
                    + "\" is not a list, cannot add new element"));
            Object name = add.get(key);
            if (!(name instanceof String s)) {
                throw ApiException.badRequest("missing key \"" + key + "\" (a string) in \"add\" map");
            }
            if (find(schema, effective(section, current), s).isPresent()) {
                throw ApiException.badRequest("cannot add new element, element " + section + "/" + s
                        + " already exists");
            }
            Override o = new Override(section, s, true, typed(schema, add));
            next.add(o);
            saved.add(o);
        } else if (!remove.isEmpty()) {
            for (String r : remove) {
                if (!next.removeIf(o -> o.element().equals(r))) {
                    throw ApiException.notFound("no override exists for element " + section + "/" + r);
                }
                removed.add(r);
            }
        } else {
            if (find(schema, effective(section, current), element).isEmpty()) {
                throw ApiException.notFound("unknown section/element: " + section + "/" + element);
            }
            Override existing = null;
            for (Override o : current) {
                if (o.element().equals(element)) {
                    existing = o;
                }
            }
            Map<String, Object> options = new LinkedHashMap<>(existing == null ? Map.of() : existing.options());
            options.putAll(typed(schema, set));
            delete.forEach(options::remove);
            Override o = new Override(section, element, existing != null && existing.create(), options);
            if (existing != null) {
                next.set(next.indexOf(existing), o);
            } else {
                next.add(o);
            }
            saved.add(o);
        }
        apply(section, next, saved, removed, "failed to update configuration " + section + "/" + element);
        LOG.log(System.Logger.Level.INFO, "config of [" + section + "] updated through the API");
    }

    /**
     * Makes element {@code element} of {@code section}'s overrides what another node stored (cluster mode), or drops
     * it; a section the overrides no longer fit keeps its config here (logged), as at start-up.
     */
    synchronized void applyShared(String section, String element, Optional<String> doc) {
        List<Override> next = new ArrayList<>(overrides.getOrDefault(section, List.of()));
        next.removeIf(o -> o.element().equals(element));
        doc.map(Override::fromDoc).ifPresent(next::add);
        store.write(w -> {
            if (doc.isPresent()) {
                w.put(Store.Table.CONFIG_OVERRIDES, section, element, doc.get());
            } else {
                w.delete(Store.Table.CONFIG_OVERRIDES, section, element);
            }
        });
        overrides.put(section, next);
        try {
            registry.configure(section, effective(section, next));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "config overrides of [" + section + "] from another node do not "
                    + "apply here, keeping the current config: " + e.getMessage());
        }
    }

    /**
     * Makes {@code next} the section's overrides: applied live first (refused with {@code failure} and the key at
     * fault when the section does not accept them, nothing changed then), then stored and remembered.
     */
    private void apply(String section, List<Override> next, List<Override> saved, List<String> removed,
            String failure) {
        try {
            registry.configure(section, effective(section, next));
        } catch (RuntimeException e) {
            throw configError(failure, e);
        }
        store.write(w -> {
            for (String r : removed) {
                w.delete(Store.Table.CONFIG_OVERRIDES, section, r);
            }
            for (Override o : saved) {
                w.put(Store.Table.CONFIG_OVERRIDES, section, o.element(), o.toDoc());
            }
        });
        overrides.put(section, next);
    }

    /**
     * Herald's extension of the config API: {@code {"rename": "new-name"}} posted to a list element added through
     * the API (as Chronograf's endpoint pages rename a Slack workspace) gives it a new name, keeping every option and
     * secret. Elements from the config file are renamed there.
     */
    private void rename(String section, String element, ConfigSchema<?> schema, ObjectNode action) {
        if (action.size() != 1) {
            throw ApiException.badRequest("invalid update action: rename cannot be combined with other actions");
        }
        String key = schema.elementKey().orElseThrow(() -> ApiException.badRequest("section \"" + section
                + "\" is not a list, its element cannot be renamed"));
        JsonNode to = action.get("rename");
        if (!to.isTextual() || to.asText().isBlank()) {
            throw ApiException.badRequest("rename: give the new " + key + " as a non-empty string");
        }
        String name = to.asText();
        List<Override> current = new ArrayList<>(overrides.getOrDefault(section, List.of()));
        Override existing = current.stream().filter(o -> o.create() && o.element().equals(element)).findFirst()
                .orElseThrow(() -> find(schema, effective(section, current), element).isPresent()
                        ? ApiException.badRequest("element " + section + "/" + element + " comes from the config "
                                + "file: rename it there (only elements added through the API can be renamed)")
                        : ApiException.notFound("unknown section/element: " + section + "/" + element));
        if (find(schema, effective(section, current), name).isPresent()) {
            throw ApiException.badRequest("cannot rename " + section + "/" + element + ": element " + section + "/"
                    + name + " already exists");
        }
        Map<String, Object> options = new LinkedHashMap<>(existing.options());
        options.put(key, name);
        Override renamed = new Override(section, name, true, options);
        List<Override> next = new ArrayList<>(current);
        next.set(next.indexOf(existing), renamed);
        apply(section, next, List.of(renamed), List.of(element), "failed to rename " + section + "/" + element);
        LOG.log(System.Logger.Level.INFO, "config element " + section + "/" + element + " renamed to " + name
                + " through the API");
    }

    /** A refused update: the message names the key at fault (and the reply carries it) when there is one. */
    private static ApiException configError(String what, RuntimeException e) {
        if (e instanceof ConfigException c && c.key().isPresent()) {
            String key = c.key().get();
            String detail = c.detail().startsWith(key + ":") || c.detail().startsWith(key + " ") ? c.detail()
                    : key + ": " + c.detail();
            return ApiException.badField(what + ": " + detail, key);
        }
        return ApiException.badRequest(what + ": " + e.getMessage());
    }

    /** Values from JSON typed as the schema needs: numbers given as text become numbers, as Kapacitor does. */
    private static Map<String, Object> typed(ConfigSchema<?> schema, Map<String, Object> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            Optional<ConfigKey> key = schema.key(e.getKey());
            if (key.isPresent() && v instanceof String s) {
                try {
                    if (key.get().type() == ValueType.INT) {
                        v = Long.parseLong(s.trim());
                    } else if (key.get().type() == ValueType.FLOAT) {
                        v = Double.parseDouble(s.trim());
                    }
                } catch (NumberFormatException ex) {
                    throw ApiException.badRequest("failed to apply update: invalid value for \"" + e.getKey()
                            + "\": \"" + s + "\" is not a number");
                }
            }
            out.put(key.map(ConfigKey::name).orElse(e.getKey()), v);
        }
        return out;
    }

    private static Map<String, Object> objectField(ObjectNode action, String name) {
        JsonNode n = action.get(name);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw ApiException.badRequest("failed to decode JSON: \"" + name + "\" must be an object");
        }
        return Json.toMap(n);
    }

    private static List<String> listField(ObjectNode action, String name) {
        JsonNode n = action.get(name);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw ApiException.badRequest("failed to decode JSON: \"" + name + "\" must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isTextual()) {
                throw ApiException.badRequest("failed to decode JSON: \"" + name + "\" must be a list of strings");
            }
            out.add(v.asText());
        }
        return out;
    }
}
