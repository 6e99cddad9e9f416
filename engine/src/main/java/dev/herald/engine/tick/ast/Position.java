package dev.herald.engine.tick.ast;

/**
 * Source position of a node: 0-based character offset, 1-based line and column.
 */
public record Position(int offset, int line, int column) {
    public static final Position NONE = new Position(0, 1, 1);

    @Override
    public String toString() {
        return "line " + line + " col " + column;
    }
}
