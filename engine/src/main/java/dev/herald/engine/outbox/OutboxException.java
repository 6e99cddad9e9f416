package dev.herald.engine.outbox;

/** The outbox cannot be written (disk full, read-only, removed): writes must be refused, not acknowledged. */
public final class OutboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
