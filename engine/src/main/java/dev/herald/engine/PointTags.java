package dev.herald.engine;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The tags of a {@link Point}: an immutable map that behaves exactly like the {@code Map.copyOf} copy it wraps (same
 * equality, hash code, text, iteration order, null rejection and {@link UnsupportedOperationException} on every
 * mutator, which are all delegated to it), and that also knows, from construction, whether any tag key is also a
 * field key of the point ({@link #shadowed()}). The lambda language resolves a reference in the fields first, then in
 * the tags; when nothing is shadowed, a reference known to be a tag can be read from the tags directly.
 */
public final class PointTags extends AbstractMap<String, String> {
    private static final PointTags EMPTY = new PointTags(Map.of(), false);

    private final Map<String, String> tags;
    private final boolean shadowed;

    private PointTags(Map<String, String> tags, boolean shadowed) {
        this.tags = tags;
        this.shadowed = shadowed;
    }

    /**
     * The tags as an immutable copy (the given map itself when it already is one for the same shadowing), with
     * whether any of their keys is also a key of fields.
     *
     * @throws NullPointerException when tags is null or holds a null key or value (like {@code Map.copyOf})
     */
    static PointTags of(Map<String, String> tags, Map<String, ?> fields) {
        Map<String, String> copy = tags instanceof PointTags pt ? pt.tags : Map.copyOf(tags);
        boolean shadowed = shadows(copy, fields);
        if (tags instanceof PointTags pt && pt.shadowed == shadowed) {
            return pt;
        }
        if (copy.isEmpty()) {
            return EMPTY;
        }
        return new PointTags(copy, shadowed);
    }

    /** Whether some key of tags is a key of fields; iterates the smaller of the two. */
    private static boolean shadows(Map<String, String> tags, Map<String, ?> fields) {
        if (tags.isEmpty() || fields.isEmpty()) {
            return false;
        }
        if (tags.size() <= fields.size()) {
            for (String k : tags.keySet()) {
                if (fields.containsKey(k)) {
                    return true;
                }
            }
        } else {
            for (String k : fields.keySet()) {
                if (tags.containsKey(k)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether some tag key is also a field key of the point (the field then wins in lambda references). */
    public boolean shadowed() {
        return shadowed;
    }

    @Override
    public String get(Object key) {
        return tags.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return tags.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return tags.containsValue(value);
    }

    @Override
    public String getOrDefault(Object key, String defaultValue) {
        return tags.getOrDefault(key, defaultValue);
    }

    @Override
    public int size() {
        return tags.size();
    }

    @Override
    public boolean isEmpty() {
        return tags.isEmpty();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return tags.entrySet();
    }

    @Override
    public Set<String> keySet() {
        return tags.keySet();
    }

    @Override
    public Collection<String> values() {
        return tags.values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        tags.forEach(action);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || tags.equals(o);
    }

    @Override
    public int hashCode() {
        return tags.hashCode();
    }

    @Override
    public String toString() {
        return tags.toString();
    }

    // ------------------------------------------------------------------ mutators: all rejected by the copy

    @Override
    public String put(String key, String value) {
        return tags.put(key, value);
    }

    @Override
    public String remove(Object key) {
        return tags.remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ? extends String> m) {
        tags.putAll(m);
    }

    @Override
    public void clear() {
        tags.clear();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super String, ? extends String> function) {
        tags.replaceAll(function);
    }

    @Override
    public String putIfAbsent(String key, String value) {
        return tags.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return tags.remove(key, value);
    }

    @Override
    public boolean replace(String key, String oldValue, String newValue) {
        return tags.replace(key, oldValue, newValue);
    }

    @Override
    public String replace(String key, String value) {
        return tags.replace(key, value);
    }

    @Override
    public String computeIfAbsent(String key, Function<? super String, ? extends String> mappingFunction) {
        return tags.computeIfAbsent(key, mappingFunction);
    }

    @Override
    public String computeIfPresent(String key,
            BiFunction<? super String, ? super String, ? extends String> remappingFunction) {
        return tags.computeIfPresent(key, remappingFunction);
    }

    @Override
    public String compute(String key, BiFunction<? super String, ? super String, ? extends String> remappingFunction) {
        return tags.compute(key, remappingFunction);
    }

    @Override
    public String merge(String key, String value,
            BiFunction<? super String, ? super String, ? extends String> remappingFunction) {
        return tags.merge(key, value, remappingFunction);
    }
}
