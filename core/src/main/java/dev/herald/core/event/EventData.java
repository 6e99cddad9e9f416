package dev.herald.core.event;

import dev.herald.core.Api;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an alert event is about: the measurement, task, group, tags and fields of the triggering point, and the
 * triggering data as rows.
 *
 * @param name        measurement name ({@code .Name} in templates)
 * @param taskName    the task that raised the alert ({@code .TaskName})
 * @param category    Kapacitor's alert category ({@code ""} unless set)
 * @param group       group id, {@code ""} for ungrouped data, else e.g. {@code host=serverA}
 * @param tags        tags of the triggering point
 * @param fields      fields of the triggering point (String, Long, Double or Boolean values)
 * @param recoverable {@code false} when the alert node used {@code .noRecoveries()}
 * @param series      the triggering data; empty when there is none
 */
@Api(status = Api.Status.STABLE)
public record EventData(
        String name,
        String taskName,
        String category,
        String group,
        Map<String, String> tags,
        Map<String, Object> fields,
        boolean recoverable,
        List<SeriesRow> series) {

    /** Data with no triggering point, as service tests send. */
    public static final EventData EMPTY = new EventData("", "", "", "", Map.of(), Map.of(), true, List.of());

    public EventData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(group, "group");
        tags = Map.copyOf(tags);
        fields = Map.copyOf(fields);
        series = List.copyOf(series);
    }
}
