package dev.herald.core.config;

import dev.herald.core.Api;
import java.util.Optional;

/**
 * A config section or options map that does not fit its schema: an unknown key, a wrong type, a missing
 * required value or a value outside the allowed ones. The message names the section, the key, the value (never
 * a secret one) and what was expected.
 */
@Api(status = Api.Status.STABLE)
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String section;
    private final String key;
    private final String detail;

    public ConfigException(String section, String key, String message) {
        super(section.isEmpty() ? message : section + ": " + message);
        this.section = section;
        this.key = key;
        this.detail = message;
    }

    /** What is wrong, without the section prefix of {@link #getMessage()}. */
    public String detail() {
        return detail;
    }

    /** The same error reported under another section name (a plugin's kind instead of its record's name). */
    public ConfigException inSection(String otherSection) {
        ConfigException moved = new ConfigException(otherSection, key, detail);
        moved.setStackTrace(getStackTrace());
        return moved;
    }

    /** The schema (section or handler kind) the error is about. */
    public String section() {
        return section;
    }

    /** The key at fault, when the error is about one key. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
