package dev.herald.server;

import dev.herald.engine.Herald;
import dev.herald.engine.lineprotocol.LineError;
import dev.herald.engine.lineprotocol.ParseResult;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.outbox.OutboxException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * {@code POST /kapacitor/v1/write} and {@code POST /write} (for InfluxDB 1.x clients): line protocol with
 * {@code db}, {@code rp} and {@code precision} query parameters. Good lines are written even when others are not;
 * then the answer is 400 naming each rejected line. The answer comes once the events the write raised are durable
 * in the outbox; when the outbox cannot be written (disk full, read-only) it is 503 with the reason.
 */
final class WriteApi {
    /** Where parsed writes go: this node's engine, or in cluster mode the cluster's points topic. */
    @FunctionalInterface
    interface Destination {
        ParseResult write(String body, String database, String retentionPolicy, Precision precision);
    }

    private final Destination destination;
    private final String defaultRp;

    WriteApi(Herald herald, String defaultRp) {
        this(herald::write, defaultRp);
    }

    WriteApi(Destination destination, String defaultRp) {
        this.destination = destination;
        this.defaultRp = defaultRp;
    }

    void register(Router router) {
        router.add("POST", Paths.BASE + "/write", this::write).add("POST", "/write", this::write)
                .add("GET", Paths.BASE + "/ping", r -> Reply.noContent())
                .add("GET", "/ping", r -> Reply.noContent());
    }

    private Reply write(Request r) {
        String db = r.query("db");
        if (db.isEmpty()) {
            throw ApiException.badRequest("database is required: add ?db=<name> to the URL");
        }
        String rp = r.query("rp").isEmpty() ? defaultRp : r.query("rp");
        String p = r.query("precision");
        Precision precision = Precision.parse(p).orElseThrow(() -> ApiException.badRequest("invalid precision \""
                + p + "\": use n, u, ms, s, m or h"));
        ParseResult result;
        try {
            result = destination.write(new String(r.body(), StandardCharsets.UTF_8), db, rp, precision);
        } catch (OutboxException e) {
            // Nothing of this write is acknowledged: the client keeps its points and tries again later.
            return Reply.error(503, "write refused: " + e.getMessage());
        }
        if (result.errors().isEmpty()) {
            return Reply.noContent();
        }
        String lines = result.errors().stream().map(LineError::message).collect(Collectors.joining("; "));
        return Reply.error(400, "partial write: " + result.errors().size() + " line(s) rejected, "
                + result.points().size() + " point(s) written: " + lines);
    }
}
