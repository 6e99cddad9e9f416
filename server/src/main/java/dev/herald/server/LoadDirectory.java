package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Kapacitor's {@code [load]} directory, read at start: {@code templates/*.tick} (id = file name),
 * {@code tasks/*.tick} (id = file name, dbrp from the script's {@code dbrp} statement), {@code tasks/*.yaml|json}
 * (tasks from templates: {@code id}, {@code template-id}, {@code dbrps}, {@code vars}) and
 * {@code handlers/*.yaml|json} (topic handlers: {@code id}, {@code topic}, {@code kind}, {@code match},
 * {@code options}). Loaded definitions replace earlier ones of the same id; a file that cannot be used stops
 * start-up with its name and the reason.
 */
final class LoadDirectory {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.load");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final TaskService tasks;
    private final HandlerService handlers;

    LoadDirectory(TaskService tasks, HandlerService handlers) {
        this.tasks = tasks;
        this.handlers = handlers;
    }

    /** Loads {@code dir}; a missing directory is logged and skipped. */
    void load(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.log(System.Logger.Level.WARNING, "[load] dir " + dir + " does not exist; nothing loaded");
            return;
        }
        for (Path f : files(dir.resolve("templates"), ".tick")) {
            template(f.toString(), id(f), read(f));
        }
        for (Path f : files(dir.resolve("tasks"), ".tick", ".yaml", ".yml", ".json")) {
            if (f.toString().endsWith(".tick")) {
                task(f.toString(), id(f), read(f));
            } else {
                templateTask(f.toString(), read(f));
            }
        }
        for (Path f : files(dir.resolve("handlers"), ".yaml", ".yml", ".json")) {
            handler(f.toString(), read(f));
        }
    }

    /** Loads the quickstart from the class path with {@code $DATA_DIR} replaced by the data directory. */
    void quickstart(Path dataDir) {
        UnaryOperator<String> subst = s -> s.replace("$DATA_DIR", dataDir.toString());
        String task = "quickstart/tasks/cpu_alert.tick";
        task("classpath:" + task, "cpu_alert", subst.apply(resource(task)));
        String handler = "quickstart/handlers/cpu_log.yaml";
        handler("classpath:" + handler, subst.apply(resource(handler)));
        LOG.log(System.Logger.Level.INFO, "quickstart loaded: task cpu_alert, topic handler cpu/cpu_log writing "
                + dataDir.resolve("alerts.log"));
    }

    private static String resource(String name) {
        try (InputStream in = LoadDirectory.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new StartupException("quickstart resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StartupException("cannot read quickstart resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static String id(Path f) {
        String name = f.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static List<Path> files(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                for (String suffix : suffixes) {
                    if (p.getFileName().toString().endsWith(suffix)) {
                        return true;
                    }
                }
                return false;
            }).sorted().toList();
        } catch (IOException e) {
            throw new StartupException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new StartupException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    private void template(String source, String id, String script) {
        guard(source, () -> tasks.loadTemplate(id, script));
    }

    private void task(String source, String id, String script) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", id).put("script", script);
        guard(source, () -> tasks.load(body));
    }

    private void templateTask(String source, String text) {
        JsonNode doc = parse(source, text);
        if (!(doc instanceof ObjectNode body) || TaskService.text(doc, "id").isEmpty()
                || TaskService.text(doc, "template-id").isEmpty()) {
            throw new StartupException(source + ": a task file needs \"id\" and \"template-id\"");
        }
        guard(source, () -> tasks.load(body.deepCopy()));
    }

    private void handler(String source, String text) {
        JsonNode doc = parse(source, text);
        if (!doc.isObject()) {
            throw new StartupException(source + ": a handler file must be an object with id, topic, kind, options");
        }
        guard(source, () -> handlers.put(HandlerService.parse(Json.toMap(doc), null, false)));
    }

    private static JsonNode parse(String source, String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new StartupException(source + ": invalid YAML/JSON: " + e.getMessage().lines().findFirst()
                    .orElse(""), e);
        }
    }

    private static void guard(String source, Runnable action) {
        try {
            action.run();
            LOG.log(System.Logger.Level.INFO, "loaded " + source);
        } catch (ApiException | IllegalArgumentException | dev.herald.core.config.ConfigException e) {
            throw new StartupException(source + ": " + e.getMessage(), e);
        }
    }
}
