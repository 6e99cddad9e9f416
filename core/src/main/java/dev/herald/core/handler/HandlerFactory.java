package dev.herald.core.handler;

import dev.herald.core.Api;
import dev.herald.core.config.ConfigSchema;
import java.util.Optional;

/**
 * The one entry point of a handler plugin, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.herald.core.handler.HandlerFactory}.
 *
 * <p>A factory names its {@link #kind()}, declares its config and options as records (their schemas are derived
 * with {@link ConfigSchema#of(Class)}), and creates handlers. The same options record serves TICKscript chains
 * ({@code .slack().channel('#x')}), handler files ({@code kind: slack, options: {channel: '#x'}}) and the API;
 * the config record serves {@code kapacitor.conf} sections and the config API.
 *
 * <p>Config keys named {@code enabled}, {@code global} and {@code state-changes-only} have Kapacitor's meaning
 * and are acted on by the engine: a disabled service's handlers fail with {@code service is not enabled}; a
 * global service gets a handler on every alert node that names none of its kind.
 *
 * @param <C> the config record ({@link dev.herald.core.config.NoConfig} when the handler has no config section)
 * @param <O> the options record
 */
@Api(status = Api.Status.STABLE)
public interface HandlerFactory<C extends Record, O extends Record> {

    /** The handler kind used in handler files and the API ({@code slack}, {@code hipchat}, {@code post}). */
    String kind();

    /** The TICKscript entry method ({@code hipChat} for {@code .hipChat()}); by default the kind. */
    default String tickName() {
        return kind();
    }

    /** The config section and service-test name ({@code httppost} for kind {@code post}); by default the kind. */
    default String section() {
        return kind();
    }

    /** One sentence describing the service, for the API and the web page. */
    default String description() {
        return "";
    }

    /** The config record type. */
    Class<C> configType();

    /** The options record type. */
    Class<O> optionsType();

    /** The config schema, derived from {@link #configType()}. */
    default ConfigSchema<C> configSchema() {
        return ConfigSchema.of(configType());
    }

    /** The options schema, derived from {@link #optionsType()}. */
    default ConfigSchema<O> optionsSchema() {
        return ConfigSchema.of(optionsType());
    }

    /** Whether the service has a config section in {@code kapacitor.conf}. */
    default boolean hasConfigSection() {
        return !configSchema().keys().isEmpty();
    }

    /**
     * Creates a handler for {@code options}. Config is read from {@code config} at send time, so later config
     * changes apply.
     *
     * @throws dev.herald.core.config.ConfigException when the options are invalid for reasons the schema cannot
     *                                                 express
     */
    Handler create(O options, ServiceConfig<C> config, HandlerContext context);

    /**
     * Checks a bound config section as a whole, for rules the schema cannot express (Slack: only the default
     * workspace may be global). Called whenever the section is loaded or changed through the API.
     *
     * @throws dev.herald.core.config.ConfigException naming the element and key at fault
     */
    default void validateConfig(java.util.List<ServiceElement<C>> elements) {
    }

    /** The service test, when the service has one. */
    default Optional<ServiceTest<?>> serviceTest(ServiceConfig<C> config, HandlerContext context) {
        return Optional.empty();
    }
}
