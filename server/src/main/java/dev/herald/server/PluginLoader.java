package dev.herald.server;

import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.ServiceConfig;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads handler plugins from a folder of jars: each jar gets its own {@link URLClassLoader} whose parent is the
 * server's class loader (so {@code dev.herald.core} is shared), and its factories are found with
 * {@link ServiceLoader}. A jar that is not a zip, names a class it does not contain, or whose factory throws is
 * logged and skipped; so is a factory whose kind, TICKscript method or section is already taken.
 */
final class PluginLoader {
    private static final System.Logger LOG = System.getLogger("dev.herald.server.plugins");

    /** One loaded jar. */
    record Plugin(Path jar, URLClassLoader loader, List<HandlerFactory<?, ?>> factories) {
    }

    /** What loading found. */
    record Result(List<Plugin> plugins, List<String> problems) {
        List<HandlerFactory<?, ?>> factories() {
            List<HandlerFactory<?, ?>> out = new ArrayList<>();
            plugins.forEach(p -> out.addAll(p.factories()));
            return out;
        }
    }

    private PluginLoader() {
    }

    /**
     * Loads every {@code *.jar} in {@code dir} (sorted by name) whose factories do not clash with {@code taken}
     * (the built-in factories) or with each other.
     */
    static Result load(Path dir, List<HandlerFactory<?, ?>> taken, ClassLoader parent) {
        List<Plugin> plugins = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            LOG.log(System.Logger.Level.INFO, "no plugins folder at " + dir + "; only built-in handlers");
            return new Result(plugins, problems);
        }
        Set<String> kinds = new HashSet<>();
        Set<String> tickNames = new HashSet<>();
        Set<String> sections = new HashSet<>();
        for (HandlerFactory<?, ?> f : taken) {
            kinds.add(f.kind());
            tickNames.add(f.tickName());
            sections.add(f.section());
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            problems.add(dir + ": cannot list plugins folder: " + e.getMessage());
            LOG.log(System.Logger.Level.ERROR, problems.get(0));
            return new Result(plugins, problems);
        }
        Path realDir;
        try {
            realDir = dir.toRealPath();
        } catch (IOException e) {
            realDir = dir.toAbsolutePath().normalize();
        }
        for (Path jar : jars) {
            try {
                // only jars that really are in the configured folder: a symbolic link leading elsewhere is refused
                if (!realDir.equals(jar.toRealPath().getParent())) {
                    report(problems, jar + ": skipped, it links outside the plugins folder (" + jar.toRealPath()
                            + ")");
                    continue;
                }
            } catch (IOException e) {
                report(problems, jar + ": skipped, cannot resolve: " + e.getMessage());
                continue;
            }
            try (JarFile check = new JarFile(jar.toFile())) {
                if (check.getEntry("META-INF/services/dev.herald.core.handler.HandlerFactory") == null) {
                    throw new IOException("no META-INF/services/dev.herald.core.handler.HandlerFactory entry");
                }
            } catch (IOException e) {
                report(problems, jar + ": skipped, not a usable plugin jar: " + e.getMessage());
                continue;
            }
            URLClassLoader loader;
            try {
                loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
            } catch (IOException e) {
                report(problems, jar + ": skipped: " + e.getMessage());
                continue;
            }
            List<HandlerFactory<?, ?>> factories = new ArrayList<>();
            for (ServiceLoader.Provider<HandlerFactory> provider : providers(jar, loader, problems)) {
                try {
                    HandlerFactory<?, ?> f = provider.get();
                    String problem = clash(f, kinds, tickNames, sections);
                    if (problem != null) {
                        report(problems, jar + ": factory " + f.getClass().getName() + " skipped: " + problem);
                        continue;
                    }
                    f.optionsSchema();
                    checkConfig(f);
                    kinds.add(f.kind());
                    tickNames.add(f.tickName());
                    sections.add(f.section());
                    factories.add(f);
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    report(problems, jar + ": factory " + provider.type().getName() + " skipped: " + describe(e));
                }
            }
            if (factories.isEmpty()) {
                try {
                    loader.close();
                } catch (IOException ignored) {
                    // nothing to release beyond the file handle
                }
                continue;
            }
            plugins.add(new Plugin(jar, loader, factories));
            LOG.log(System.Logger.Level.INFO, "loaded plugin " + jar.getFileName() + ": kinds "
                    + factories.stream().map(HandlerFactory::kind).toList());
        }
        return new Result(plugins, problems);
    }

    @SuppressWarnings("rawtypes")
    private static List<ServiceLoader.Provider<HandlerFactory>> providers(Path jar, URLClassLoader loader,
            List<String> problems) {
        List<ServiceLoader.Provider<HandlerFactory>> out = new ArrayList<>();
        var it = ServiceLoader.load(HandlerFactory.class, loader).stream().iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                ServiceLoader.Provider<HandlerFactory> p = it.next();
                // The parent's providers (the built-ins) are listed too; keep only this jar's own.
                if (p.type().getClassLoader() == loader) {
                    out.add(p);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                report(problems, jar + ": a factory skipped: " + describe(e));
            }
        }
        return out;
    }

    private static String clash(HandlerFactory<?, ?> f, Set<String> kinds, Set<String> tickNames,
            Set<String> sections) {
        if (kinds.contains(f.kind())) {
            return "kind \"" + f.kind() + "\" is already provided";
        }
        if (tickNames.contains(f.tickName())) {
            return "TICKscript method \"" + f.tickName() + "\" is already provided";
        }
        if (sections.contains(f.section())) {
            return "config section \"" + f.section() + "\" is already provided";
        }
        return null;
    }

    private static <C extends Record> void checkConfig(HandlerFactory<C, ?> f) {
        // The registry binds every section's defaults at start; a plugin whose defaults do not bind would stop it.
        ServiceConfig.bind(f, List.of());
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getMessage() + " (" + root + ")";
    }

    private static void report(List<String> problems, String message) {
        problems.add(message);
        LOG.log(System.Logger.Level.ERROR, message);
    }
}
