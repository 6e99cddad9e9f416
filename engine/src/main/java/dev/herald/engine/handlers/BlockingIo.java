package dev.herald.engine.handlers;

import dev.herald.core.handler.HandlerResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the blocking work of the built-in handlers (connecting a socket, appending to a file, waiting for a child
 * process) off the engine's delivery thread, on daemon threads that exit after a minute of idleness.
 */
final class BlockingIo {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ThreadFactory THREADS = runnable -> {
        Thread thread = new Thread(runnable, "herald-handler-io-" + COUNT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), THREADS);

    private BlockingIo() {
    }

    /** The shared pool (also used to drain child-process output). */
    static ExecutorService pool() {
        return POOL;
    }

    /**
     * Runs {@code work} on the pool; an unexpected runtime exception becomes a permanent failure, so nothing
     * escapes the handler as an exception.
     */
    static CompletionStage<HandlerResult> run(String what, Supplier<HandlerResult> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                return HandlerResult.permanent(what + ": " + describe(e));
            }
        }, POOL);
    }

    /** An exception as a short reason: its message, or its class name when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
