package dev.herald.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Logging through {@code java.util.logging} (what {@link System.Logger} uses by default), one line per record:
 * {@code ts=2024-05-01T10:00:00.123Z lvl=info logger=dev.herald.server msg="..."}, as kapacitord's logfmt lines.
 */
final class Logs {
    private Logs() {
    }

    /** One-line logfmt formatter. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder();
            sb.append("ts=").append(TimeText.format(Instant.ofEpochMilli(r.getMillis())))
                    .append(" lvl=").append(level(r.getLevel()))
                    .append(" logger=").append(r.getLoggerName())
                    .append(" msg=").append(quote(formatMessage(r)));
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                sb.append(" err=").append(quote(w.toString().strip()));
            }
            return sb.append(System.lineSeparator()).toString();
        }

        private static String level(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "error";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "warn";
            }
            if (l.intValue() >= Level.INFO.intValue()) {
                return "info";
            }
            return "debug";
        }

        private static String quote(String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
    }

    /** Maps Kapacitor's level names (DEBUG, INFO, WARN, ERROR, OFF) to JUL levels. */
    static Level parse(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.FINE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            case "OFF" -> Level.OFF;
            case "INFO" -> Level.INFO;
            default -> throw new StartupException("[logging] level: \"" + text
                    + "\" is not a level (DEBUG, INFO, WARN, ERROR, OFF)");
        };
    }

    /** Replaces the root handlers with one that writes one-line records to {@code file} (STDERR, STDOUT, a path). */
    static void install(String levelText, String file) {
        Level level = parse(levelText);
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler;
        if (file == null || file.isEmpty() || file.equalsIgnoreCase("STDERR")) {
            handler = new ConsoleHandler();
        } else if (file.equalsIgnoreCase("STDOUT")) {
            handler = new StreamHandler(System.out, new OneLine()) {
                @Override
                public synchronized void publish(LogRecord record) {
                    super.publish(record);
                    flush();
                }
            };
        } else {
            try {
                handler = new FileHandler(file, true);
            } catch (IOException | RuntimeException e) {
                handler = new ConsoleHandler();
                handler.setFormatter(new OneLine());
                root.addHandler(handler);
                Logger.getLogger("dev.herald.server").warning("[logging] file " + file + " cannot be opened ("
                        + e.getMessage() + "); logging to stderr");
            }
        }
        handler.setFormatter(new OneLine());
        handler.setLevel(level);
        if (root.getHandlers().length == 0) {
            root.addHandler(handler);
        }
        applyLevels(level);
    }

    /** Loggers kept so that their levels stick (JUL holds loggers weakly). */
    private static final java.util.List<Logger> KEPT = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Sets {@code level} on Herald's loggers. DEBUG stays Herald's own: other libraries (the JDK's HTTP client logs
     * request URLs, which carry tokens for some services) are held at INFO so debug logging shows no secrets.
     */
    static void applyLevels(Level level) {
        Logger root = Logger.getLogger("");
        root.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
        Logger herald = Logger.getLogger("dev.herald");
        herald.setLevel(level);
        KEPT.add(herald);
        // Jetty (the HTTP front) and Kafka's client report their start-up and connections at INFO: only their
        // warnings belong in an operator's log
        for (String library : new String[] {"org.eclipse.jetty", "org.apache.kafka"}) {
            Logger l = Logger.getLogger(library);
            l.setLevel(level.intValue() > Level.WARNING.intValue() ? level : Level.WARNING);
            KEPT.add(l);
        }
    }
}
