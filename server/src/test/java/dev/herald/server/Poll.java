package dev.herald.server;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for asynchronous outcomes (handler delivery) by polling with a bound, never a fixed sleep. */
final class Poll {
    static final Duration BOUND = Duration.ofSeconds(20);

    private Poll() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + BOUND + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Polls {@code value} until it is non-null. */
    static <T> T value(String what, Supplier<T> value) {
        Object[] out = new Object[1];
        until(what, () -> (out[0] = value.get()) != null);
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }
}
