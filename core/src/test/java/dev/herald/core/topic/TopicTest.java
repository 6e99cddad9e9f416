package dev.herald.core.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.core.testkit.SampleEvents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void publishSetsTopicAndPreviousLevelPerAlertId() {
        Topic topic = new Topic("cpu");
        AlertEvent first = topic.publish(SampleEvents.event(Level.WARNING, "w"));
        assertEquals("cpu", first.topic());
        assertEquals(Level.OK, first.previousLevel());
        AlertEvent second = topic.publish(SampleEvents.event(Level.CRITICAL, "c"));
        assertEquals(Level.WARNING, second.previousLevel());
        assertEquals(Level.CRITICAL, topic.level());
        assertEquals(Optional.of(second), topic.event("id"));
    }

    @Test
    void levelIsTheMaxOfLatestEventsAndListingFiltersByMinLevel() {
        Topic topic = new Topic("t");
        assertEquals(Level.OK, topic.level());
        AlertEvent a = SampleEvents.event(Level.WARNING, "a");
        AlertEvent b = new AlertEvent("x", "b", "m", "", a.time(), a.duration(), Level.INFO, Level.OK, a.data());
        topic.publish(a);
        topic.publish(b);
        assertEquals(Level.WARNING, topic.level());
        assertEquals(List.of("b", "id"), topic.events(Level.OK).stream().map(AlertEvent::id).toList());
        assertEquals(List.of("id"), topic.events(Level.WARNING).stream().map(AlertEvent::id).toList());
        topic.publish(SampleEvents.event(Level.OK, "recovered"));
        assertEquals(Level.INFO, topic.level());
        topic.clear();
        assertEquals(List.of(), topic.events(Level.OK));
    }
}
