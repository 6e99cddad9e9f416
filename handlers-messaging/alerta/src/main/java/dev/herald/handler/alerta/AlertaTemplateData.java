package dev.herald.handler.alerta;

import dev.herald.core.event.AlertEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** What Kapacitor's Alerta templates see: its {@code TemplateData}, and a smaller set for {@code event}. */
final class AlertaTemplateData {
    private AlertaTemplateData() {
    }

    /** Kapacitor's {@code alert.TemplateData}. */
    static Map<String, Object> of(AlertEvent event) {
        return event.templateData();
    }

    /** The event template's data in Kapacitor: ID, Name, TaskName, Group and Tags only. */
    static Map<String, Object> eventOnly(AlertEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ID", event.id());
        data.put("Name", event.data().name());
        data.put("TaskName", event.data().taskName());
        data.put("Group", event.data().group());
        data.put("Tags", event.data().tags());
        return data;
    }
}
