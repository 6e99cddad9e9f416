package dev.herald.engine.lineprotocol;

/**
 * A rejected line of a line protocol body.
 *
 * @param line    1-based line number within the body
 * @param text    the line as received, without its line terminator
 * @param message what is wrong and where, e.g.
 *                {@code line 3: invalid field value "12x" for field "usage" at column 17}; columns are 1-based
 */
public record LineError(int line, String text, String message) {

    @Override
    public String toString() {
        return message;
    }
}
