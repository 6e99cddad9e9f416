package dev.herald.engine.handler;

import java.util.Collection;

/** A handler kind that no installed plugin provides; the message lists the kinds that are installed. */
public final class UnknownHandlerKindException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    UnknownHandlerKindException(String kind, Collection<String> known) {
        super("unknown handler kind \"" + kind + "\"; known kinds: " + String.join(", ", known));
        this.kind = kind;
    }

    /** The kind asked for. */
    public String kind() {
        return kind;
    }
}
