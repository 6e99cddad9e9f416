package dev.herald.server.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Help texts for the CLI and each verb. */
final class Usage {
    private Usage() {}

    static final String PROG = "herald";

    /** Verb to one-line summary, in the order the overall help lists them. */
    static final Map<String, String> SUMMARIES = new LinkedHashMap<>();

    static {
        SUMMARIES.put("define", "Create a task, or change an existing one.");
        SUMMARIES.put("define-template", "Create a template, or change an existing one.");
        SUMMARIES.put("define-topic-handler", "Create or replace an alert handler on a topic.");
        SUMMARIES.put("enable", "Start tasks on live data.");
        SUMMARIES.put("disable", "Stop tasks.");
        SUMMARIES.put("reload", "Stop and restart tasks so they pick up their current definition.");
        SUMMARIES.put("delete", "Remove tasks, templates, topics or topic handlers.");
        SUMMARIES.put("list", "Tabulate tasks, templates, topics, topic handlers or testable services.");
        SUMMARIES.put("show", "Print everything about one task.");
        SUMMARIES.put("show-template", "Print everything about one template.");
        SUMMARIES.put("show-topic", "Print an alert topic's state, handlers and events.");
        SUMMARIES.put("show-topic-handler", "Print one alert handler of a topic.");
        SUMMARIES.put("service-tests", "Run the built-in test of one or more services.");
        SUMMARIES.put("version", "Print the CLI's version.");
        SUMMARIES.put("help", "Print help for a command.");
    }

    static String main(String globalDefaults) {
        StringBuilder b = new StringBuilder();
        b.append("\nUsage: ").append(PROG).append(" [options] [command] [args]\n\n");
        b.append("Talks to a Herald (or Kapacitor) server over its /kapacitor/v1 HTTP API.\n\n");
        b.append("Commands:\n\n");
        for (Map.Entry<String, String> e : SUMMARIES.entrySet()) {
            b.append('\t').append(GoFmt.padRight(e.getKey(), 22)).append(e.getValue()).append('\n');
        }
        b.append("\nRun '").append(PROG).append(" help <command>' for a command's arguments.\n");
        b.append("\nOptions:\n\n");
        b.append(globalDefaults);
        return b.toString();
    }

    static final String HELP = """
            Usage: herald help [command]

            \tPrint the arguments and options of a command.
            """;

    static final String DEFINE = """
            Usage: herald define <task ID> [options]

            \tCreate a task or update an existing one. A task is a TICKscript pipeline plus
            \tthe databases and retention policies it reads from.

            \tOnly the options you pass are changed on an existing task; everything else is
            \tkept. An enabled task is restarted after the update unless -no-reload is given.

            Examples:

            \tA new task needs its script, its type and at least one dbrp:

            \t\t$ herald define cpu_alert -tick cpu_alert.tick -type stream -dbrp telegraf.autogen

            \tAfterwards a single property can be changed on its own:

            \t\t$ herald define cpu_alert -tick cpu_alert.tick

            \tThe -dbrp flag may be repeated; to change the pairs, pass the full new set:

            \t\t$ herald define cpu_alert -dbrp telegraf.autogen -dbrp other.default

            \tA task can also be instantiated from a template with a vars file, or from a
            \tYAML/JSON task file holding template-id, dbrps and vars:

            \t\t$ herald define cpu_alert -template threshold -vars cpu_vars.json -dbrp telegraf.autogen
            \t\t$ herald define cpu_alert -file cpu_alert.yaml

            Options:

            """;

    static final String DEFINE_TEMPLATE = """
            Usage: herald define-template <template ID> [options]

            \tCreate a template or update an existing one. A template is a TICKscript whose
            \t'var' declarations are filled in by each task created from it.

            \tOnly the options you pass are changed; updating a template reloads every task
            \tbuilt from it.

            Examples:

            \t\t$ herald define-template threshold -tick threshold.tick -type stream
            \t\t$ herald define-template threshold -tick threshold_v2.tick

            Options:

            """;

    static final String DEFINE_TOPIC_HANDLER = """
            Usage: herald define-topic-handler <handler file>

            \tCreate an alert handler on a topic, or replace it if it already exists.

            \tThe file is YAML (.yaml or .yml) or JSON (.json) with the keys id, topic, kind,
            \tmatch (optional) and options (the kind's settings).

            Example:

            \t\t$ herald define-topic-handler slack.yaml

            \twhere slack.yaml holds:

            \t\tid: slack-ops
            \t\ttopic: cpu
            \t\tkind: slack
            \t\tmatch: changed() == TRUE
            \t\toptions:
            \t\t  channel: '#ops'
            """;

    static final String ENABLE = """
            Usage: herald enable <task ID or pattern>...

            \tStart tasks on the live data stream. Patterns use '*' as a wildcard.

            Examples:

            \t\t$ herald enable cpu_alert
            \t\t$ herald enable '*_alert'
            """;

    static final String DISABLE = """
            Usage: herald disable <task ID or pattern>...

            \tStop running tasks. Patterns use '*' as a wildcard.

            Examples:

            \t\t$ herald disable cpu_alert
            \t\t$ herald disable '*_alert'
            """;

    static final String RELOAD = """
            Usage: herald reload <task ID or pattern>...

            \tDisable and then enable tasks. Patterns use '*' as a wildcard.

            Examples:

            \t\t$ herald reload cpu_alert
            \t\t$ herald reload '*_alert'
            """;

    static final String LIST = """
            Usage: herald list (tasks|templates|topics|topic-handlers|service-tests) [ID or pattern]...

            \tPrint a table of the named kind of item. Without IDs or patterns everything is
            \tlisted; patterns use '*' as a wildcard.

            \tFor topic-handlers the first argument selects topics and any further ones
            \tselect handlers within them:

            \t\t$ herald list topic-handlers                 (every handler of every topic)
            \t\t$ herald list topic-handlers cpu             (the handlers of topic cpu)
            \t\t$ herald list topic-handlers cpu 'slack*'    (cpu's handlers named slack...)
            """;

    static final String DELETE = """
            Usage: herald delete (tasks|templates|topics|topic-handlers) <ID or pattern>...

            \tRemove items. Patterns use '*' as a wildcard. Enabled tasks are stopped first.

            \tFor topic-handlers, name the topic before the handler IDs or patterns.

            Examples:

            \t\t$ herald delete tasks cpu_alert
            \t\t$ herald delete tasks '*_alert'
            \t\t$ herald delete templates threshold
            \t\t$ herald delete topics cpu
            \t\t$ herald delete topic-handlers cpu slack-ops
            """;

    static final String SHOW = """
            Usage: herald show [-replay <replay ID>] <task ID>

            \tPrint a task's definition, state, vars and DOT graph with node statistics.

            Options:

            """;

    static final String SHOW_TEMPLATE = """
            Usage: herald show-template <template ID>

            \tPrint a template's definition, its vars with their defaults, and its DOT graph.
            """;

    static final String SHOW_TOPIC = """
            Usage: herald show-topic <topic ID>

            \tPrint a topic's level, its handlers and the current state of its events.
            """;

    static final String SHOW_TOPIC_HANDLER = """
            Usage: herald show-topic-handler <topic ID> <handler ID>

            \tPrint one handler of a topic: its kind, match expression and options.
            """;

    static final String SERVICE_TESTS = """
            Usage: herald service-tests <service name or pattern>...

            \tRun the test action of each named service with its default options and print
            \twhether it succeeded. 'herald list service-tests' shows the testable services.

            Example:

            \t\t$ herald service-tests slack telegram
            \t\t$ herald service-tests '*'
            """;

    static final String VERSION = """
            Usage: herald version

            \tPrint the version of this CLI.
            """;
}
