package dev.herald.engine.tick;

import dev.herald.engine.tick.ast.Position;

/** A TICKscript or lambda syntax/definition error at a source position. Message: {@code line L col C: detail}. */
public class TickscriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;
    private final String detail;

    public TickscriptException(int line, int column, String detail) {
        super("line " + line + " col " + column + ": " + detail);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public TickscriptException(Position position, String detail) {
        this(position.line(), position.column(), detail);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }
}
