package dev.herald.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded store: one SQLite file in WAL mode holding tasks, templates, topic handlers, config overrides and
 * topic state, each as a JSON document under its key. Every write runs in its own transaction; one connection is
 * shared and serialized, which is plenty for an API's write rate.
 */
final class Store implements AutoCloseable {

    /** The tables and their key columns. */
    enum Table {
        TASKS("tasks", true),
        TEMPLATES("templates", true),
        TOPIC_HANDLERS("topic_handlers", true),
        CONFIG_OVERRIDES("config_overrides", true),
        TOPIC_EVENTS("topic_events", false),
        EVENT_HISTORY("event_history", false);

        final String name;
        /** Whether rows are definitions (made through the API), which a cluster shares; the rest is node state. */
        final boolean definition;

        Table(String name, boolean definition) {
            this.name = name;
            this.definition = definition;
        }
    }

    /** A committed change of a definition: the new document, or none when the row was deleted. */
    record Change(Table table, String group, String key, java.util.Optional<String> doc) {
    }

    /** A stored document: its group (a topic, or {@code ""}), its key and its JSON. */
    record Row(String group, String key, String doc) {
    }

    /** Work done in one transaction. */
    @FunctionalInterface
    interface Batch {
        void run(Writer writer) throws SQLException;
    }

    /** Writes inside a transaction. */
    final class Writer {
        private Writer() {
        }

        void put(Table table, String group, String key, String doc) throws SQLException {
            changed(table, group, key, doc);
            try (PreparedStatement st = connection.prepareStatement("INSERT INTO " + table.name
                    + " (grp, k, doc) VALUES (?, ?, ?) ON CONFLICT (grp, k) DO UPDATE SET doc = excluded.doc")) {
                st.setString(1, group);
                st.setString(2, key);
                st.setString(3, doc);
                st.executeUpdate();
            }
        }

        int delete(Table table, String group, String key) throws SQLException {
            changed(table, group, key, null);
            try (PreparedStatement st = connection.prepareStatement("DELETE FROM " + table.name
                    + " WHERE grp = ? AND k = ?")) {
                st.setString(1, group);
                st.setString(2, key);
                return st.executeUpdate();
            }
        }

        /** Keeps the {@code keep} rows of {@code group} with the greatest keys; returns how many went. */
        int keepNewest(Table table, String group, int keep) throws SQLException {
            try (PreparedStatement st = connection.prepareStatement("DELETE FROM " + table.name + " WHERE grp = ? AND"
                    + " k NOT IN (SELECT k FROM " + table.name + " WHERE grp = ? ORDER BY k DESC LIMIT ?)")) {
                st.setString(1, group);
                st.setString(2, group);
                st.setInt(3, keep);
                return st.executeUpdate();
            }
        }

        /** Deletes the rows of {@code group} whose key sorts before {@code key}. */
        int deleteBefore(Table table, String group, String key) throws SQLException {
            try (PreparedStatement st = connection.prepareStatement("DELETE FROM " + table.name
                    + " WHERE grp = ? AND k < ?")) {
                st.setString(1, group);
                st.setString(2, key);
                return st.executeUpdate();
            }
        }

        int deleteGroup(Table table, String group) throws SQLException {
            if (table.definition) {
                for (String key : keys(table, group)) {
                    changed(table, group, key, null);
                }
            }
            try (PreparedStatement st = connection.prepareStatement("DELETE FROM " + table.name
                    + " WHERE grp = ?")) {
                st.setString(1, group);
                return st.executeUpdate();
            }
        }

        int deleteGroupPrefix(Table table, String prefix) throws SQLException {
            if (table.definition) {
                throw new SQLException("definitions are deleted by group or key, not by prefix");
            }
            try (PreparedStatement st = connection.prepareStatement("DELETE FROM " + table.name
                    + " WHERE substr(grp, 1, ?) = ?")) {
                st.setInt(1, prefix.length());
                st.setString(2, prefix);
                return st.executeUpdate();
            }
        }
    }

    private final Path file;
    private final Connection connection;
    /** Definition changes of the running transaction, told to {@link #listener} once it commits. */
    private final List<Change> pending = new ArrayList<>();
    private volatile java.util.function.Consumer<Change> listener = change -> { };
    /** Set while a change that came from elsewhere (another cluster node) is written: not told again. */
    private final ThreadLocal<Boolean> quiet = ThreadLocal.withInitial(() -> false);

    private Store(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating when absent) the store at {@code file}.
     *
     * @throws IllegalStateException naming the file when it cannot be opened
     */
    static Store open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA busy_timeout=5000");
                for (Table t : Table.values()) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + t.name
                            + " (grp TEXT NOT NULL, k TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (grp, k))");
                }
                st.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
                st.execute("INSERT OR IGNORE INTO meta (k, v) VALUES ('schema', '1')");
            }
            c.setAutoCommit(false);
            c.commit();
            return new Store(file, c);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open store " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** The journal mode in force ({@code wal}). */
    synchronized String journalMode() {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tells {@code listener} every committed change of a definition (cluster mode shares them), in commit order, on
     * the writing thread, except those written inside {@link #quietly}.
     */
    void onDefinitionChange(java.util.function.Consumer<Change> listener) {
        this.listener = listener;
    }

    /** Runs {@code batch} in one transaction; rolled back when it throws. */
    void write(Batch batch) {
        List<Change> committed;
        synchronized (this) {
            pending.clear();
            try {
                batch.run(new Writer());
                connection.commit();
            } catch (SQLException e) {
                pending.clear();
                try {
                    connection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new IllegalStateException("store write failed (" + file + "): " + e.getMessage(), e);
            }
            committed = quiet.get() ? List.of() : List.copyOf(pending);
            pending.clear();
        }
        // outside the lock: the listener may block (cluster mode waits for Kafka's acknowledgement)
        committed.forEach(listener);
    }

    /** Runs {@code work}, whose store writes are not told to the definition listener (they came from it). */
    void quietly(Runnable work) {
        quiet.set(true);
        try {
            work.run();
        } finally {
            quiet.set(false);
        }
    }

    /** The document under {@code group}/{@code key}, if any. */
    synchronized java.util.Optional<String> get(Table table, String group, String key) {
        try (PreparedStatement st = connection.prepareStatement("SELECT doc FROM " + table.name
                + " WHERE grp = ? AND k = ?")) {
            st.setString(1, group);
            st.setString(2, key);
            try (ResultSet rs = st.executeQuery()) {
                java.util.Optional<String> doc = rs.next() ? java.util.Optional.of(rs.getString(1))
                        : java.util.Optional.empty();
                connection.commit();
                return doc;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store read failed (" + file + "): " + e.getMessage(), e);
        }
    }

    private void changed(Table table, String group, String key, String doc) {
        if (table.definition) {
            pending.add(new Change(table, group, key, java.util.Optional.ofNullable(doc)));
        }
    }

    /** The keys of one group (inside a transaction). */
    private List<String> keys(Table table, String group) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT k FROM " + table.name + " WHERE grp = ?")) {
            st.setString(1, group);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    void put(Table table, String group, String key, String doc) {
        write(w -> w.put(table, group, key, doc));
    }

    void delete(Table table, String group, String key) {
        write(w -> w.delete(table, group, key));
    }

    /** Every row of {@code table}, ordered by group and key. */
    /** The rows of one group, by key. */
    synchronized List<Row> list(Table table, String group) {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT grp, k, doc FROM " + table.name
                + " WHERE grp = ? ORDER BY k")) {
            st.setString(1, group);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("store read failed (" + file + "): " + e.getMessage(), e);
        }
        return out;
    }

    synchronized List<Row> list(Table table) {
        List<Row> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT grp, k, doc FROM " + table.name + " ORDER BY grp, k")) {
            while (rs.next()) {
                out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("store read failed (" + file + "): " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            connection.commit();
            connection.close();
        } catch (SQLException e) {
            System.getLogger("dev.herald.server").log(System.Logger.Level.WARNING, "closing store: " + e);
        }
    }
}
