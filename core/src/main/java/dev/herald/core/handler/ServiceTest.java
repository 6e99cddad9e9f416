package dev.herald.core.handler;

import dev.herald.core.Api;
import dev.herald.core.config.ConfigSchema;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A service test: sends a test alert through the service with default options that the caller may override
 * (Kapacitor's {@code /kapacitor/v1/service-tests/<name>}, Chronograf's "Send Test Alert").
 *
 * <p>The API lists {@link #defaultOptions()} through the options schema and binds a request body on top of them.
 *
 * @param <T> the test's options record
 */
@Api(status = Api.Status.STABLE)
public interface ServiceTest<T extends Record> {

    /** The options record type; its schema lists and binds the test options. */
    Class<T> optionsType();

    /** The default options, taken from the current config ({@code room} = the configured room, ...). */
    T defaultOptions();

    /** Sends the test alert with {@code options}. */
    CompletionStage<HandlerResult> run(T options);

    /** The schema of the options. */
    default ConfigSchema<T> optionsSchema() {
        return ConfigSchema.of(optionsType());
    }

    /** A service test from its parts. */
    static <T extends Record> ServiceTest<T> of(Class<T> type, T defaults,
            Function<T, CompletionStage<HandlerResult>> run) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(run, "run");
        return new ServiceTest<>() {
            @Override
            public Class<T> optionsType() {
                return type;
            }

            @Override
            public T defaultOptions() {
                return defaults;
            }

            @Override
            public CompletionStage<HandlerResult> run(T options) {
                return run.apply(options);
            }
        };
    }
}
