package dev.herald.engine.pipeline;

import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.Program;
import dev.herald.engine.tick.ast.Expr;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to key points so that, spread over partitions, no group of any task spans two of them: in cluster mode each
 * partition is evaluated by one node, and a task's alert state, windows and statistics are per group.
 *
 * <p>A task whose groups all agree on some tags (its {@code groupBy} dimensions, on every path of its graph) lets the
 * key hold those tags; a task that reads one measurement lets it hold the measurement. The key of a point is then:
 * when every task reads one measurement, the measurement plus the tags every task reading that measurement groups by;
 * otherwise (a task reading every measurement, or of a shape not analysed: several {@code from()}s, a join or union)
 * the tags every task groups by, and no measurement. No task, no constraint: the measurement. Conservative by design:
 * a key may be coarser than needed (fewer partitions used), never finer.
 */
public final class PartitionKeys {
    private static final char SEPARATOR = '\u0000';

    /** What one task needs: the measurement it reads (if exactly one) and the tags constant in its groups. */
    private record Need(Optional<String> measurement, Optional<Set<String>> tags) {
    }

    private final boolean byMeasurement;
    /** When keyed without the measurement: the tags; empty Optional = no task constrains them (any subset works). */
    private final Optional<Set<String>> tags;
    private final Map<String, Optional<Set<String>>> tagsByMeasurement;

    private PartitionKeys(boolean byMeasurement, Optional<Set<String>> tags,
            Map<String, Optional<Set<String>>> tagsByMeasurement) {
        this.byMeasurement = byMeasurement;
        this.tags = tags;
        this.tagsByMeasurement = tagsByMeasurement;
    }

    /** The keys for the enabled tasks' programs. */
    public static PartitionKeys of(Collection<Program> programs) {
        List<Need> needs = programs.stream().map(PartitionKeys::need).toList();
        boolean byMeasurement = needs.stream().allMatch(n -> n.measurement().isPresent());
        Optional<Set<String>> all = Optional.empty();
        Map<String, Optional<Set<String>>> perMeasurement = new HashMap<>();
        for (Need n : needs) {
            all = intersect(all, n.tags());
            n.measurement().ifPresent(m -> perMeasurement.merge(m, n.tags(), PartitionKeys::intersect));
        }
        if (!byMeasurement) {
            // a task that reads several measurements groups across them: no measurement in the key, and its tags
            // (and every other task's, whose groups it may share points with) bound the key everywhere
            all = all.isPresent() ? all : Optional.of(Set.of());
        }
        return new PartitionKeys(byMeasurement, all, Map.copyOf(perMeasurement));
    }

    private static Optional<Set<String>> intersect(Optional<Set<String>> a, Optional<Set<String>> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        Set<String> both = new TreeSet<>(a.get());
        both.retainAll(b.get());
        return Optional.of(Set.copyOf(both));
    }

    /** The key of a point of {@code measurement} with {@code pointTags}. */
    public String key(String measurement, Map<String, String> pointTags) {
        Optional<Set<String>> keyTags = byMeasurement
                ? tagsByMeasurement.getOrDefault(measurement, Optional.empty()) : tags;
        StringBuilder key = new StringBuilder(byMeasurement ? measurement : "");
        // unconstrained (no task reads it, or every one groups by all tags): the whole series
        Set<String> names = keyTags.isPresent() ? keyTags.get() : pointTags.keySet();
        for (String name : new TreeSet<>(names)) {
            key.append(SEPARATOR).append(name).append('=').append(pointTags.getOrDefault(name, ""));
        }
        return key.toString();
    }

    /** A line for logs: what keys the points. */
    public String describe() {
        if (!byMeasurement) {
            return "tags " + tags.orElse(Set.of()) + " (a task reads several measurements)";
        }
        return "measurement" + (tagsByMeasurement.isEmpty() ? "" : ", plus per measurement " + new java.util.TreeMap<>(
                tagsByMeasurement).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().map(
                s -> s.toString()).orElse("series")).toList());
    }

    private static final Need UNANALYSED = new Need(Optional.empty(), Optional.of(Set.of()));

    /** What {@code program}'s groups need; a shape not analysed needs everything on one key. */
    private static Need need(Program program) {
        List<PipelineNode> roots = program.roots();
        if (roots.size() != 1 || roots.get(0).children().size() != 1) {
            return UNANALYSED;
        }
        PipelineNode from = roots.get(0).children().get(0);
        if (!from.name().equals("from")) {
            return UNANALYSED;
        }
        NodeProperties props = new NodeProperties(from);
        Optional<String> measurement = props.string("measurement");
        // every node but groupBy keeps state per group of the grouping in force where it sits (from()'s own, or the
        // last groupBy above it): the key may only hold tags fixed in all of those groupings
        Optional<Set<String>> tags = Optional.empty();
        record Step(PipelineNode node, Optional<Set<String>> grouping) {
        }
        Optional<Set<String>> fromGrouping = grouping(props.all("groupBy").stream().flatMap(p -> p.args().stream())
                .toList());
        Deque<Step> todo = new ArrayDeque<>();
        from.children().forEach(c -> todo.push(new Step(c, fromGrouping)));
        while (!todo.isEmpty()) {
            Step step = todo.pop();
            PipelineNode node = step.node();
            if (node.parents().size() != 1) {
                return UNANALYSED; // join, union: groups meet points of other branches
            }
            Optional<Set<String>> grouping = step.grouping();
            if (node.name().equals("groupBy")) {
                grouping = grouping(node.args());
            } else {
                tags = intersect(tags, grouping);
            }
            for (PipelineNode child : node.children()) {
                todo.push(new Step(child, grouping));
            }
        }
        return new Need(measurement, tags);
    }

    /** The tags a grouping fixes: empty Optional for {@code *} (every tag), the dimensions otherwise. */
    private static Optional<Set<String>> grouping(List<Expr> args) {
        Set<String> dims = new TreeSet<>();
        for (Expr arg : args) {
            if (arg instanceof Expr.Star) {
                return Optional.empty();
            }
            dims.add(NodeProperties.asString(arg, dev.herald.engine.tick.ast.Position.NONE, "groupBy"));
        }
        return Optional.of(Set.copyOf(dims));
    }
}
