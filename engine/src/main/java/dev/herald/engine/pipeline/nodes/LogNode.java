package dev.herald.engine.pipeline.nodes;

import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code |log()}: writes every point or batch to the task's logger ({@link TaskContext#logger()}) at
 * {@code .level()} ({@code DEBUG}, {@code INFO} (default), {@code WARN}, {@code ERROR}) with {@code .prefix()},
 * in a logfmt line like Kapacitor's, and passes it on unchanged.
 */
final class LogNode extends StreamNode {
    private final System.Logger.Level level;
    private final String prefix;
    private final TaskContext context;

    private LogNode(String name, System.Logger.Level level, String prefix, TaskContext context) {
        super(name);
        this.level = level;
        this.prefix = prefix;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        String levelName = props.string("level").orElse("INFO");
        String prefix = props.string("prefix").orElse("");
        props.rejectUnknown();
        System.Logger.Level level = switch (levelName.toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> System.Logger.Level.DEBUG;
            case "INFO" -> System.Logger.Level.INFO;
            case "WARN" -> System.Logger.Level.WARNING;
            case "ERROR" -> System.Logger.Level.ERROR;
            default -> throw new TickscriptException(Nodes.at(props, "level", node), "invalid log level \""
                    + levelName + "\": use DEBUG, INFO, WARN or ERROR");
        };
        return new LogNode(Nodes.name(node), level, prefix, context);
    }

    @Override
    public void receive(Message message) {
        if (context.logger().isLoggable(level)) {
            context.logger().log(level, format(message));
        }
        emit(message);
    }

    /** The logged line. */
    String format(Message message) {
        StringBuilder sb = new StringBuilder();
        kv(sb, "node", name());
        if (!prefix.isEmpty()) {
            kv(sb, "prefix", prefix);
        }
        if (message instanceof Message.PointMessage pm) {
            Point p = pm.point();
            sb.append(" msg=point");
            kv(sb, "name", p.name());
            kv(sb, "db", p.database());
            kv(sb, "rp", p.retentionPolicy());
            kv(sb, "group", pm.group().id());
            point(sb, p.tags(), p.fields());
            kv(sb, "time", p.time().toString());
        } else if (message instanceof Message.BatchMessage bm) {
            sb.append(" msg=batch");
            kv(sb, "name", bm.name());
            kv(sb, "group", bm.group().id());
            for (Map.Entry<String, String> t : new TreeMap<>(bm.tags()).entrySet()) {
                kv(sb, "tag_" + t.getKey(), t.getValue());
            }
            kv(sb, "time", bm.time().toString());
            for (Point p : bm.points()) {
                sb.append(" |");
                point(sb, p.tags(), p.fields());
                kv(sb, "time", p.time().toString());
            }
        }
        return sb.substring(1);
    }

    private static void point(StringBuilder sb, Map<String, String> tags, Map<String, Object> fields) {
        for (Map.Entry<String, String> t : new TreeMap<>(tags).entrySet()) {
            kv(sb, "tag_" + t.getKey(), t.getValue());
        }
        for (Map.Entry<String, Object> f : new TreeMap<>(fields).entrySet()) {
            kv(sb, "field_" + f.getKey(), String.valueOf(f.getValue()));
        }
    }

    private static void kv(StringBuilder sb, String key, String value) {
        sb.append(' ').append(key).append('=');
        if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')) {
            sb.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else {
            sb.append(value);
        }
    }
}
