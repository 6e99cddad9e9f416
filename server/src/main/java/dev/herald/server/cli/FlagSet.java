package dev.herald.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A command-line flag parser with the semantics of Go's {@code flag} package, which the
 * {@code kapacitor} CLI is built on: {@code -name value}, {@code -name=value}, {@code --name}
 * spellings; boolean flags take no separate argument; parsing stops at the first non-flag
 * argument, at a lone {@code -}, or after {@code --}; {@code -h}/{@code -help} request help.
 */
final class FlagSet {

    /** A flag-parse failure; the message is worded as Go's {@code flag} package words it. */
    static final class FlagException extends Exception {
        FlagException(String message) {
            super(message);
        }
    }

    /** {@code -h}, {@code -help} or {@code --help} was given and is not a defined flag. */
    static final class HelpRequested extends Exception {
        HelpRequested() {
            super("help requested");
        }
    }

    /** A flag value that rejects bad input with a message. */
    interface Setter {
        void set(String value) throws IllegalArgumentException;
    }

    private record Flag(String name, String usage, boolean bool, String typeName, Setter setter) {}

    private final Map<String, Flag> flags = new TreeMap<>();
    private final Map<String, String> strings = new TreeMap<>();
    private final Map<String, Boolean> bools = new TreeMap<>();
    private final Map<String, Boolean> seen = new TreeMap<>();
    private List<String> rest = List.of();

    /** A string flag; {@link #string(String)} reads it. */
    FlagSet stringFlag(String name, String usage) {
        flags.put(name, new Flag(name, usage, false, "string", v -> strings.put(name, v)));
        strings.put(name, "");
        return this;
    }

    /** A boolean flag; {@link #bool(String)} reads it. */
    FlagSet boolFlag(String name, String usage) {
        flags.put(name, new Flag(name, usage, true, null, v -> {
            Boolean b = parseBool(v);
            if (b == null) {
                throw new IllegalArgumentException("parse error");
            }
            bools.put(name, b);
        }));
        bools.put(name, false);
        return this;
    }

    /** A flag with a custom setter, e.g. one that may be repeated. */
    FlagSet valueFlag(String name, String usage, Setter setter) {
        flags.put(name, new Flag(name, usage, false, "value", setter));
        return this;
    }

    /** A repeated string flag collected into {@code sink}. */
    FlagSet listFlag(String name, String usage, Consumer<String> sink) {
        return valueFlag(name, usage, sink::accept);
    }

    String string(String name) {
        return strings.getOrDefault(name, "");
    }

    boolean bool(String name) {
        return bools.getOrDefault(name, false);
    }

    boolean isSet(String name) {
        return seen.containsKey(name);
    }

    /** The arguments left after the flags. */
    List<String> args() {
        return rest;
    }

    /** Go's {@code strconv.ParseBool}. */
    static Boolean parseBool(String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> null;
        };
    }

    /** Parses {@code args}; the remaining arguments are then available from {@link #args()}. */
    FlagSet parse(List<String> args) throws FlagException, HelpRequested {
        int i = 0;
        while (i < args.size()) {
            String s = args.get(i);
            if (s.length() < 2 || s.charAt(0) != '-') {
                break;
            }
            int minuses = 1;
            if (s.charAt(1) == '-') {
                minuses = 2;
                if (s.length() == 2) { // "--" terminates the flags
                    i++;
                    break;
                }
            }
            String name = s.substring(minuses);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw new FlagException("bad flag syntax: " + s);
            }
            i++;
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Flag f = flags.get(name);
            if (f == null) {
                if (name.equals("help") || name.equals("h")) {
                    throw new HelpRequested();
                }
                throw new FlagException("flag provided but not defined: -" + name);
            }
            if (f.bool()) {
                String v = value == null ? "true" : value;
                try {
                    f.setter().set(v);
                } catch (IllegalArgumentException e) {
                    throw new FlagException(
                            "invalid boolean value " + GoFmt.quote(v) + " for -" + name + ": parse error");
                }
            } else {
                if (value == null) {
                    if (i >= args.size()) {
                        throw new FlagException("flag needs an argument: -" + name);
                    }
                    value = args.get(i++);
                }
                try {
                    f.setter().set(value);
                } catch (IllegalArgumentException e) {
                    throw new FlagException(
                            "invalid value " + GoFmt.quote(value) + " for flag -" + name + ": " + e.getMessage());
                }
            }
            seen.put(name, true);
        }
        rest = List.copyOf(args.subList(i, args.size()));
        return this;
    }

    /** Go's {@code PrintDefaults} layout: flags sorted by name, usage on an indented line below. */
    String defaults() {
        StringBuilder b = new StringBuilder();
        for (Flag f : flags.values()) {
            StringBuilder line = new StringBuilder("  -").append(f.name());
            String usage = f.usage();
            String typeName = f.typeName();
            // As in Go, a `quoted` word in the usage names the argument.
            int open = usage.indexOf('`');
            if (open >= 0) {
                int close = usage.indexOf('`', open + 1);
                if (close > open) {
                    typeName = usage.substring(open + 1, close);
                    usage = usage.substring(0, open) + typeName + usage.substring(close + 1);
                }
            }
            if (typeName != null && !typeName.isEmpty()) {
                line.append(' ').append(typeName);
            }
            if (line.length() <= 4) {
                line.append('\t');
            } else {
                line.append("\n    \t");
            }
            line.append(usage.replace("\n", "\n    \t"));
            b.append(line).append('\n');
        }
        return b.toString();
    }

    static List<String> listOf(String[] args, int from) {
        List<String> l = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            l.add(args[i]);
        }
        return l;
    }
}
