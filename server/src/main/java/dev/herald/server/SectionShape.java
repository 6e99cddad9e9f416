package dev.herald.server;

import dev.herald.core.config.ConfigKey;
import dev.herald.core.config.ValueType;
import dev.herald.core.handler.HandlerFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the config reader knows of one section: whether it is a list ({@code [[slack]]}) and the type of each key,
 * so that environment variables, which are all text, can be typed.
 *
 * @param name the section name ({@code ""} for top-level keys)
 * @param list whether the section is a list of elements
 * @param keys key name to type
 */
record SectionShape(String name, boolean list, Map<String, ValueType> keys) {

    static SectionShape of(HandlerFactory<?, ?> factory) {
        Map<String, ValueType> keys = new LinkedHashMap<>();
        for (ConfigKey key : factory.configSchema().keys()) {
            keys.put(key.name(), key.type());
        }
        return new SectionShape(factory.section(), factory.configSchema().elementKey().isPresent(), keys);
    }

    /** Kapacitor's environment form of a name: upper case, {@code -} and {@code .} as {@code _}. */
    static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
