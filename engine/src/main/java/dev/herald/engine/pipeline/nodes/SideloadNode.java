package dev.herald.engine.pipeline.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.herald.core.template.MessageTemplate;
import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code |sideload().source('file:///dir').order('host/{{.host}}.yml', ...).field('f', 0).tag('t', 'x')}: adds
 * fields and tags from YAML or JSON files of key/value pairs under a directory. For each point the {@code .order}
 * templates are rendered with the point's tags into paths relative to the directory; each {@code .field} and
 * {@code .tag} takes the value of its key from the first of those files that has it, converted to the type of its
 * default (Kapacitor's conversions), else the default. The files are read when the task starts (numbers are floats,
 * as Kapacitor's YAML-through-JSON reading gives). Only {@code file://} sources are supported.
 */
final class SideloadNode extends StreamNode {
    private final List<MessageTemplate> order;
    private final Map<String, Object> fields;
    private final Map<String, String> tags;
    private final Map<String, Map<String, Object>> files;
    private final TaskContext context;

    private SideloadNode(String name, List<MessageTemplate> order, Map<String, Object> fields,
            Map<String, String> tags, Map<String, Map<String, Object>> files, TaskContext context) {
        super(name);
        this.order = order;
        this.fields = fields;
        this.tags = tags;
        this.files = files;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        Nodes.arity(node, 0, 0, "no arguments");
        NodeProperties props = new NodeProperties(node);
        String source = props.string("source").orElseThrow(() -> new TickscriptException(node.position(),
                "sideload requires a .source()"));
        List<MessageTemplate> order = new ArrayList<>();
        for (String o : props.strings("order")) {
            order.add(MessageTemplate.parse(o));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (PipelineNode.Property p : props.all("field")) {
            NodeProperties.arity(p, 2, 2);
            fields.put(NodeProperties.asString(p.args().get(0), p.position(), "field"),
                    Nodes.literal(p.args().get(1), p.position(), "field"));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (PipelineNode.Property p : props.all("tag")) {
            NodeProperties.arity(p, 2, 2);
            tags.put(NodeProperties.asString(p.args().get(0), p.position(), "tag"),
                    NodeProperties.asString(p.args().get(1), p.position(), "tag"));
        }
        props.rejectUnknown();
        if (!source.startsWith("file://")) {
            throw new TickscriptException(node.position(), "sideload source must be a file:// URL, got " + source);
        }
        Path dir;
        try {
            dir = Path.of(URI.create(source));
        } catch (RuntimeException e) {
            throw new TickscriptException(node.position(), "invalid sideload source " + source + ": "
                    + e.getMessage());
        }
        if (!Files.isDirectory(dir)) {
            throw new TickscriptException(node.position(), "sideload source " + source + " is not a directory");
        }
        return new SideloadNode(Nodes.name(node), List.copyOf(order), fields, tags, load(dir, node), context);
    }

    private static Map<String, Map<String, Object>> load(Path dir, PipelineNode node) {
        Map<String, Map<String, Object>> files = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String file = p.getFileName().toString();
                ObjectMapper mapper = file.endsWith(".json") ? json
                        : file.endsWith(".yml") || file.endsWith(".yaml") ? yaml : null;
                if (mapper == null) {
                    continue;
                }
                JsonNode tree = mapper.readTree(p.toFile());
                Map<String, Object> values = new HashMap<>();
                if (tree != null && tree.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode v = e.getValue();
                        if (v.isNumber()) {
                            values.put(e.getKey(), v.doubleValue());
                        } else if (v.isBoolean()) {
                            values.put(e.getKey(), v.booleanValue());
                        } else if (v.isTextual()) {
                            values.put(e.getKey(), v.textValue());
                        }
                    }
                }
                files.put(dir.relativize(p).toString().replace('\\', '/'), values);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new TickscriptException(node.position(), "cannot read sideload files: " + e.getMessage());
        }
        return Map.copyOf(files);
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            emit(new Message.PointMessage(sideload(pm.point()), pm.group()));
        } else if (message instanceof Message.BatchMessage bm) {
            List<Point> out = new ArrayList<>(bm.points().size());
            for (Point p : bm.points()) {
                out.add(sideload(p));
            }
            emit(Nodes.withPoints(bm, out));
        }
    }

    private Point sideload(Point p) {
        List<String> paths = new ArrayList<>(order.size());
        try {
            for (MessageTemplate t : order) {
                paths.add(t.render(p.tags()));
            }
        } catch (RuntimeException e) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: failed to render order: {1}", name(),
                    e.getMessage());
            return p;
        }
        Map<String, Object> newFields = p.fields();
        if (!fields.isEmpty()) {
            newFields = new HashMap<>(p.fields());
            for (Map.Entry<String, Object> f : fields.entrySet()) {
                Object v = convert(lookup(paths, f.getKey()), f.getValue());
                newFields.put(f.getKey(), v != null ? v : f.getValue());
            }
        }
        Map<String, String> newTags = p.tags();
        if (!tags.isEmpty()) {
            newTags = new HashMap<>(p.tags());
            for (Map.Entry<String, String> t : tags.entrySet()) {
                Object v = convert(lookup(paths, t.getKey()), t.getValue());
                newTags.put(t.getKey(), v != null ? (String) v : t.getValue());
            }
        }
        return Nodes.with(p, newTags, newFields);
    }

    private Object lookup(List<String> paths, String key) {
        for (String path : paths) {
            Map<String, Object> values = files.get(path);
            if (values != null && values.containsKey(key)) {
                return values.get(key);
            }
        }
        return null;
    }

    /** Kapacitor's convertType: the value as the default's type, or null when it cannot be converted. */
    static Object convert(Object src, Object dflt) {
        if (src == null) {
            return null;
        }
        try {
            if (dflt instanceof Long) {
                if (src instanceof Double d) {
                    long i = (long) d.doubleValue();
                    return (double) i == d ? (Object) i : null;
                }
                if (src instanceof String s) {
                    return Long.parseLong(s);
                }
            } else if (dflt instanceof Double) {
                if (src instanceof Double) {
                    return src;
                }
                if (src instanceof String s) {
                    return Double.parseDouble(s);
                }
            } else if (dflt instanceof Boolean) {
                if (src instanceof Boolean) {
                    return src;
                }
                if (src instanceof String s) {
                    return switch (s) {
                        case "1", "t", "T", "TRUE", "true", "True" -> true;
                        case "0", "f", "F", "FALSE", "false", "False" -> false;
                        default -> null;
                    };
                }
            } else if (dflt instanceof String) {
                if (src instanceof Double d) {
                    // Go's FormatFloat(f, 'f', -1, 64): shortest digits, no exponent
                    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
                }
                if (src instanceof Boolean || src instanceof String) {
                    return String.valueOf(src);
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
