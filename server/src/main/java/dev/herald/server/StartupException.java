package dev.herald.server;

/** A configuration problem that stops start-up; the message names the file (or variable), the key and the reason. */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
