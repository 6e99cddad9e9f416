package dev.herald.engine.alert;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alert inhibition across tasks ({@code .inhibit(category, tags...)}): while an alert group of a category is
 * non-OK, events of that category whose tags equal the inhibitor's tags are suppressed.
 */
public final class Inhibitors {

    /** One active or inactive inhibitor. */
    static final class Inhibitor {
        final String category;
        final Map<String, String> tags;
        volatile boolean active;

        Inhibitor(String category, Map<String, String> tags) {
            this.category = category;
            this.tags = Map.copyOf(tags);
        }

        boolean matches(String eventCategory, Map<String, String> eventTags) {
            if (!active || !category.equals(eventCategory)) {
                return false;
            }
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (!tag.getValue().equals(eventTags.get(tag.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Set<Inhibitor> inhibitors = ConcurrentHashMap.newKeySet();

    Inhibitor add(String category, Map<String, String> tags) {
        Inhibitor inhibitor = new Inhibitor(category, tags);
        inhibitors.add(inhibitor);
        return inhibitor;
    }

    void remove(Inhibitor inhibitor) {
        inhibitors.remove(inhibitor);
    }

    /** Whether an event of {@code category} with {@code tags} is inhibited now. */
    public boolean isInhibited(String category, Map<String, String> tags) {
        if (category.isEmpty()) {
            return false;
        }
        for (Inhibitor inhibitor : inhibitors) {
            if (inhibitor.matches(category, tags)) {
                return true;
            }
        }
        return false;
    }
}
