package dev.herald.core.handler;

import dev.herald.core.Api;
import java.util.Objects;

/**
 * One element of a service's config section.
 *
 * @param name      the element's name ({@code ""} for a single section or an unnamed element)
 * @param isDefault whether it is the default element
 * @param enabled   the section's {@code enabled} flag (a disabled service still creates handlers; sending fails)
 * @param config    the bound config record
 * @param <C>       the plugin's config record
 */
@Api(status = Api.Status.STABLE)
public record ServiceElement<C extends Record>(String name, boolean isDefault, boolean enabled, C config) {
    public ServiceElement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
    }
}
