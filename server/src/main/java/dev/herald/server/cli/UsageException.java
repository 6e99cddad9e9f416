package dev.herald.server.cli;

/**
 * The command line was wrong for a verb: {@link Cli} prints the message (when there is one) and
 * the verb's usage to stderr, and exits with status 2.
 */
final class UsageException extends Exception {
    private final String verb;

    UsageException(String verb, String message) {
        super(message);
        this.verb = verb;
    }

    String verb() {
        return verb;
    }
}
