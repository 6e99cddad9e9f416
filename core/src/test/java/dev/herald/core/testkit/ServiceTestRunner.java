package dev.herald.core.testkit;

import dev.herald.core.config.ConfigSchema;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceTest;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plugin's service test as {@code POST /kapacitor/v1/service-tests/<name>} does: the request's options bound on
 * top of the test's defaults.
 */
public final class ServiceTestRunner {
    private ServiceTestRunner() {
    }

    /** The outcome of {@code test} with {@code overrides} over its default options (at most 60 s). */
    public static <T extends Record> HandlerResult run(ServiceTest<T> test, Map<String, ?> overrides)
            throws Exception {
        ConfigSchema<T> schema = test.optionsSchema();
        T options = schema.bind(overrides, schema.revealedValues(test.defaultOptions()));
        return test.run(options).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
