package dev.herald.core.handler;

import dev.herald.core.Api;

/**
 * Thrown while building a request or resolving config when the event cannot be delivered and retrying will not
 * help (a disabled service, an unknown workspace, an invalid option). The engine turns it into a permanent
 * {@link HandlerResult.Failed} with this message, so it must never contain a secret.
 */
@Api(status = Api.Status.STABLE)
public final class HandlerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandlerException(String message) {
        super(message);
    }
}
