package dev.herald.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store: WAL mode, transactions that roll back whole, reopening. */
class StoreTest {
    @TempDir
    Path dir;

    @Test
    void walModeTransactionsAndReopen() {
        Path file = dir.resolve("herald.db");
        try (Store store = Store.open(file)) {
            assertEquals("wal", store.journalMode());
            store.put(Store.Table.TASKS, "", "a", "{\"id\":\"a\"}");
            assertThrows(IllegalStateException.class, () -> store.write(w -> {
                w.put(Store.Table.TASKS, "", "b", "{}");
                w.put(Store.Table.TASKS, "", null, "{}");
            }));
            assertEquals(1, store.list(Store.Table.TASKS).size());
            store.write(w -> {
                w.put(Store.Table.TOPIC_EVENTS, "main:t:alert2", "x", "{}");
                w.put(Store.Table.TOPIC_EVENTS, "cpu", "y", "{}");
            });
            store.write(w -> w.deleteGroupPrefix(Store.Table.TOPIC_EVENTS, "main:t:"));
        }
        try (Store again = Store.open(file)) {
            assertEquals("{\"id\":\"a\"}", again.list(Store.Table.TASKS).get(0).doc());
            assertEquals("cpu", again.list(Store.Table.TOPIC_EVENTS).get(0).group());
            assertEquals(1, again.list(Store.Table.TOPIC_EVENTS).size());
        }
    }
}
