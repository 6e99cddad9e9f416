package dev.herald.engine.handlers;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;

/**
 * Options of the {@code log} handler: {@code .log('/var/log/alerts.log').mode(0644)} in TICKscript,
 * {@code path} and {@code mode} in a handler file.
 *
 * @param path absolute path of the file the alert JSON lines are appended to
 * @param mode permission bits the file is created with (an integer: {@code 420} is {@code 0644}); {@code 0} means
 *             the default {@code 0600}
 */
@Schema(entryArgs = {"path"}, description = "Append each alert as a JSON line to a file.")
record LogOptions(
        @Key(required = true, property = "filePath",
                description = "Absolute path of the file to append alert JSON lines to.") String path,
        @Key(defaultValue = "384",
                description = "Permission bits for a newly created file, e.g. 0644 (420); default 0600.") int mode) {
}
