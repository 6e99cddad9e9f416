package dev.herald.core.config;

import dev.herald.core.Api;

/** The config or options record of a handler that has none (its schema has no keys). */
@Api(status = Api.Status.STABLE)
public record NoConfig() {
}
