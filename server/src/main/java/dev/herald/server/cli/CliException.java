package dev.herald.server.cli;

/** A command failed; {@link Cli} prints {@code Error: <message>} and exits with status 3. */
final class CliException extends Exception {
    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Go's {@code errors.Wrap(err, context)}: {@code context: message}. */
    static CliException wrap(String context, CliException e) {
        return new CliException(context + ": " + e.getMessage(), e);
    }
}
