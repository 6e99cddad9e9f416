package dev.herald.server;

import java.util.logging.LogManager;

/**
 * The JDK's log manager resets (closes) every handler in its own shutdown hook, racing the server's hook, so the
 * lines about draining queues on SIGTERM would be lost. This one resets only when the server says it is done.
 * Installed by {@link Main} through {@code java.util.logging.manager} before anything logs.
 */
public final class ShutdownSafeLogManager extends LogManager {
    private static volatile boolean resetAllowed;

    @Override
    public void reset() {
        if (resetAllowed) {
            super.reset();
        }
    }

    /** Lets the JDK's reset happen (after the server has stopped). */
    static void allowReset() {
        resetAllowed = true;
    }
}
