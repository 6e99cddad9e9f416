package dev.herald.engine.handlers;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.util.List;

/**
 * Options of the {@code exec} handler: {@code .exec('/path/prog', 'arg1', 'arg2')} in TICKscript,
 * {@code prog} and {@code args} in a handler file.
 *
 * @param prog the program to run; a name without a slash is looked up in {@code PATH}
 * @param args its arguments, passed as they are (no shell)
 */
@Schema(entryArgs = {"prog", "args"}, description = "Run a program with the alert JSON on its standard input.")
record ExecOptions(
        @Key(required = true, description = "Program to run (a name without a slash is looked up in PATH).")
        String prog,
        @Key(description = "Arguments of the program, passed without a shell.") List<String> args) {
}
