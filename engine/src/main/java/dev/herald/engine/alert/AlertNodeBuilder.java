package dev.herald.engine.alert;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ConfigKey;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import dev.herald.core.template.TemplateFunctions;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.PointExpression;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the TICKscript {@code |alert()} node and its property chain into an {@link AlertNode}. Handler chains are
 * bound generically from each plugin's options schema: after {@code .slack()}, a property the Slack options declare
 * ({@code .channel('#x')}) sets that option, any other property goes back to the alert node (as Kapacitor's handler
 * nodes embed the alert node), and an unknown one is an error naming the handler and its properties.
 */
public final class AlertNodeBuilder {
    static final String DEFAULT_ID = "{{ .Name }}:{{ .Group }}";
    static final String DEFAULT_MESSAGE = "{{ .ID }} is {{ .Level }}";
    static final String DEFAULT_DETAILS = "{{ json . }}";
    static final int DEFAULT_HISTORY = 21;

    private static final Set<String> PROPERTIES = Set.of("id", "message", "details", "info", "warn", "crit",
            "infoReset", "warnReset", "critReset", "history", "flapping", "stateChangesOnly", "noRecoveries", "all",
            "levelTag", "levelField", "messageField", "durationField", "idTag", "idField", "topic", "inhibit",
            "category", "quiet");

    private AlertNodeBuilder() {
    }

    /** Defaults that a node building on the alert node (deadman) sets before the script's own properties. */
    record Defaults(String id, String message, PointExpression crit) {
        static final Defaults ALERT = new Defaults(DEFAULT_ID, DEFAULT_MESSAGE, null);
    }

    /** Builds the node; every error names the line and column of the property at fault. */
    public static AlertNode build(PipelineNode node, TaskContext context) {
        NodeProperties.arity(new PipelineNode.Property(node.position(), "alert", node.args()), 0, 0);
        return build(node.name() + node.id(), node, Defaults.ALERT, context);
    }

    static AlertNode build(String name, PipelineNode node, Defaults defaults, TaskContext context) {
        // Split the chain: alert properties, and handler entries each with the properties that follow them.
        List<PipelineNode.Property> alertProps = new ArrayList<>();
        List<AlertHandlerSpec> handlerSpecs = new ArrayList<>();
        HandlerFactory<?, ?> current = null;
        Map<String, Object> currentOptions = null;
        for (PipelineNode.Property p : node.properties()) {
            // The current handler's own property wins over a handler or alert property of the same name when its
            // arguments fit (Kapacitor resolves on the handler first): .opsGenie2().teams('a') is OpsGenie's
            // teams, not Microsoft Teams; .opsGenie2().details() is the handler's flag, .details('..') the node's.
            if (current != null) {
                Optional<ConfigKey> own = current.optionsSchema().keyForProperty(p.name());
                if (own.isPresent() && fits(own.get(), p.args().size())) {
                    setOption(current, own.get(), p, currentOptions);
                    continue;
                }
            }
            Optional<HandlerFactory<?, ?>> entry = context.handlers().byTickName(p.name());
            if (entry.isPresent() && !PROPERTIES.contains(p.name())) {
                current = entry.get();
                currentOptions = new LinkedHashMap<>();
                entryArgs(current, p, currentOptions);
                handlerSpecs.add(new AlertHandlerSpec(current.kind(), currentOptions, p.position()));
                continue;
            }
            if (current != null) {
                Optional<ConfigKey> key = current.optionsSchema().keyForProperty(p.name());
                if (key.isPresent()) {
                    setOption(current, key.get(), p, currentOptions);
                    continue;
                }
                if (!PROPERTIES.contains(p.name())) {
                    throw new TickscriptException(p.position(), "no property \"" + p.name() + "\" on handler "
                            + current.tickName() + "; its properties are: " + String.join(", ",
                            properties(current.optionsSchema())));
                }
            } else if (!PROPERTIES.contains(p.name())) {
                throw new TickscriptException(p.position(), "no property or handler \"" + p.name()
                        + "\" on node alert; its properties are: " + String.join(", ", new TreeSet<>(PROPERTIES))
                        + "; installed handlers: " + String.join(", ", tickNames(context)));
            }
            alertProps.add(p);
        }
        return new AlertNode(name, settings(node, alertProps, handlerSpecs, defaults, context), context);
    }

    private static boolean fits(ConfigKey key, int args) {
        int arity = key.arity();
        if (arity == 0) {
            return args <= 1;
        }
        if (arity == ConfigKey.VARARGS) {
            return args >= 1;
        }
        if (key.type() == dev.herald.core.config.ValueType.OBJECT_LIST) {
            return args >= 1 && args <= arity;
        }
        return args == arity;
    }

    private static List<String> tickNames(TaskContext context) {
        return context.handlers().factories().stream().map(HandlerFactory::tickName).sorted().toList();
    }

    private static List<String> properties(ConfigSchema<?> schema) {
        return schema.keys().stream().flatMap(k -> k.property().stream()).sorted().toList();
    }

    private static void entryArgs(HandlerFactory<?, ?> factory, PipelineNode.Property p, Map<String, Object> into) {
        ConfigSchema<?> schema = factory.optionsSchema();
        List<String> names = schema.entryArgs();
        List<Expr> args = p.args();
        int i = 0;
        for (int n = 0; n < names.size() && i < args.size(); n++) {
            ConfigKey key = schema.key(names.get(n)).orElseThrow();
            if (key.arity() == ConfigKey.VARARGS) {
                List<String> rest = new ArrayList<>();
                for (; i < args.size(); i++) {
                    rest.add(NodeProperties.asString(args.get(i), p.position(), p.name()));
                }
                into.put(key.name(), rest);
            } else {
                into.put(key.name(), literal(args.get(i++), p, key));
            }
        }
        if (i < args.size()) {
            throw new TickscriptException(p.position(), "handler " + factory.tickName() + "() takes "
                    + (names.isEmpty() ? "no arguments" : "arguments (" + String.join(", ", names) + ")")
                    + ", got " + args.size());
        }
    }

    @SuppressWarnings("unchecked")
    private static void setOption(HandlerFactory<?, ?> factory, ConfigKey key, PipelineNode.Property p,
            Map<String, Object> options) {
        int arity = key.arity();
        List<Expr> args = p.args();
        if (arity == 0) {
            // a flag: .retained() or, as Kapacitor's MQTT takes it, .retained(TRUE)
            NodeProperties.arity(p, 0, 1);
            if (args.isEmpty()) {
                options.put(key.name(), Boolean.TRUE);
            } else if (args.get(0) instanceof Expr.BoolLit b) {
                options.put(key.name(), b.value());
            } else {
                throw NodeProperties.typeError(p.position(), p.name(), "TRUE or FALSE", args.get(0));
            }
        } else if (arity == ConfigKey.VARARGS) {
            if (args.isEmpty()) {
                throw new TickscriptException(p.position(), "property \"" + p.name() + "\" takes one or more "
                        + "arguments");
            }
            List<String> list = (List<String>) options.computeIfAbsent(key.name(), k -> new ArrayList<String>());
            for (Expr arg : args) {
                list.add(NodeProperties.asString(arg, p.position(), p.name()));
            }
        } else if (key.type() == dev.herald.core.config.ValueType.MAP) {
            NodeProperties.arity(p, 2, 2);
            Map<String, Object> map = (Map<String, Object>) options.computeIfAbsent(key.name(),
                    k -> new LinkedHashMap<String, Object>());
            // Values keep their literal type (.attribute('c', 9001.0), .customField('ticks', 33)): a plugin whose
            // option is Map<String, Object> gets them as given, a Map<String, String> option rejects them by name.
            Expr value = args.get(1);
            map.put(NodeProperties.asString(args.get(0), p.position(), p.name()),
                    value instanceof Expr.IntLit || value instanceof Expr.FloatLit || value instanceof Expr.BoolLit
                            ? literal(value, p, key) : NodeProperties.asString(value, p.position(), p.name()));
        } else if (key.type() == dev.herald.core.config.ValueType.OBJECT_LIST) {
            ConfigSchema<?> element = key.elementSchema().orElseThrow();
            // trailing fields may be left out (.link('href') as .link('href', 'text')): they take their defaults
            NodeProperties.arity(p, 1, arity);
            Map<String, Object> item = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                ConfigKey field = element.keys().get(i);
                item.put(field.name(), literal(args.get(i), p, field));
            }
            ((List<Object>) options.computeIfAbsent(key.name(), k -> new ArrayList<>())).add(item);
        } else {
            NodeProperties.arity(p, 1, 1);
            options.put(key.name(), literal(args.get(0), p, key));
        }
    }

    private static Object literal(Expr arg, PipelineNode.Property p, ConfigKey key) {
        if (arg instanceof Expr.StringLit s) {
            return s.value();
        }
        if (arg instanceof Expr.IntLit i) {
            return i.value();
        }
        if (arg instanceof Expr.FloatLit f) {
            return f.value();
        }
        if (arg instanceof Expr.DurationLit d) {
            return d.duration();
        }
        if (arg instanceof Expr.BoolLit b) {
            return b.value();
        }
        throw NodeProperties.typeError(p.position(), p.name(), "a literal value for option \"" + key.name() + "\"",
                arg);
    }

    private static AlertNode.Settings settings(PipelineNode node, List<PipelineNode.Property> props,
            List<AlertHandlerSpec> specs, Defaults defaults, TaskContext context) {
        NodeProperties reader = new NodeProperties(node.name(), props);
        PointExpression[] levels = new PointExpression[4];
        PointExpression[] resets = new PointExpression[4];
        String[] names = {null, "info", "warn", "crit"};
        levels[3] = defaults.crit();
        for (int l = 1; l <= 3; l++) {
            int level = l;
            reader.lambda(names[l]).ifPresent(e -> levels[level] = PointExpression.predicate(e));
            reader.lambda(names[l] + "Reset").ifPresent(e -> resets[level] = PointExpression.predicate(e));
        }
        MessageTemplate id = template(reader, "id", defaults.id(), false);
        MessageTemplate message = template(reader, "message", defaults.message(), false);
        MessageTemplate details = template(reader, "details", DEFAULT_DETAILS, true);
        int history = reader.integer("history").map(Long::intValue).orElse(DEFAULT_HISTORY);
        boolean useFlapping = false;
        double low = 0;
        double high = 0;
        Optional<PipelineNode.Property> flapping = reader.last("flapping");
        if (flapping.isPresent()) {
            NodeProperties.arity(flapping.get(), 2, 2);
            low = NodeProperties.asNumber(flapping.get().args().get(0), flapping.get().position(), "flapping");
            high = NodeProperties.asNumber(flapping.get().args().get(1), flapping.get().position(), "flapping");
            if (low > 1 || high > 1) {
                throw new TickscriptException(flapping.get().position(),
                        "alert flap thresholds are percentages and should be between 0 and 1");
            }
            useFlapping = true;
        }
        boolean stateChangesOnly = false;
        Duration interval = Duration.ZERO;
        Optional<PipelineNode.Property> sco = reader.last("stateChangesOnly");
        if (sco.isPresent()) {
            NodeProperties.arity(sco.get(), 0, 1);
            stateChangesOnly = true;
            if (!sco.get().args().isEmpty()) {
                interval = NodeProperties.asDuration(sco.get().args().get(0), sco.get().position(),
                        "stateChangesOnly");
            }
        }
        List<Map.Entry<String, List<String>>> inhibits = new ArrayList<>();
        for (PipelineNode.Property p : reader.all("inhibit")) {
            if (p.args().isEmpty()) {
                throw new TickscriptException(p.position(), "inhibit takes a category and optional tag names");
            }
            List<String> tags = new ArrayList<>();
            for (int i = 1; i < p.args().size(); i++) {
                tags.add(NodeProperties.asString(p.args().get(i), p.position(), "inhibit"));
            }
            inhibits.add(Map.entry(NodeProperties.asString(p.args().get(0), p.position(), "inhibit"), tags));
        }
        reader.flag("quiet");
        // Handlers: explicit ones, then one per global service the node names none of.
        List<Map.Entry<String, Handler>> handlers = new ArrayList<>();
        Set<String> explicitKinds = new TreeSet<>();
        for (AlertHandlerSpec spec : specs) {
            explicitKinds.add(spec.kind());
            handlers.add(Map.entry(spec.kind(), create(context, spec)));
        }
        for (HandlerFactory<?, ?> factory : context.handlers().factories()) {
            if (context.handlers().isGlobal(factory)) {
                if (!explicitKinds.contains(factory.kind())) {
                    handlers.add(Map.entry(factory.kind(), context.handlers().create(factory.kind(), Map.of())));
                }
                if (context.handlers().forcesStateChangesOnly(factory)) {
                    stateChangesOnly = true;
                }
            }
        }
        AlertNode.Settings settings = new AlertNode.Settings(levels, resets, id, message, details, history,
                useFlapping, low, high, stateChangesOnly, interval, reader.flag("noRecoveries"), reader.flag("all"),
                reader.string("levelTag").orElse(""), reader.string("levelField").orElse(""),
                reader.string("messageField").orElse(""), reader.string("durationField").orElse(""),
                reader.string("idTag").orElse(""), reader.string("idField").orElse(""), reader.string("topic"),
                reader.string("category").orElse(""), inhibits, handlers);
        reader.rejectUnknown();
        return settings;
    }

    private static Handler create(TaskContext context, AlertHandlerSpec spec) {
        try {
            return context.handlers().create(spec.kind(), spec.options());
        } catch (ConfigException e) {
            throw new TickscriptException(spec.position(), "invalid " + spec.kind() + " handler: "
                    + e.getMessage());
        }
    }

    private static MessageTemplate template(NodeProperties reader, String property, String fallback, boolean html) {
        Optional<PipelineNode.Property> p = reader.last(property);
        String text = p.isPresent() ? reader.string(property).orElseThrow() : fallback;
        try {
            Map<String, dev.herald.core.template.TemplateFunction> funcs = Map.of(
                    "json", TemplateFunctions.json(), "jsonCompact", TemplateFunctions.jsonCompact());
            return html ? MessageTemplate.parseHtml(property, text, funcs) : MessageTemplate.parse(property, text,
                    funcs);
        } catch (TemplateException e) {
            Position at = p.map(PipelineNode.Property::position).orElse(Position.NONE);
            throw new TickscriptException(at, "invalid " + property + " template: " + e.getMessage());
        }
    }
}
