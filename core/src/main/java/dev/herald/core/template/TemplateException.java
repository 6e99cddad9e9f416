package dev.herald.core.template;

import dev.herald.core.Api;

/**
 * A template could not be parsed or executed.
 *
 * <p>The message follows Go's {@code text/template} wording, e.g.
 * {@code template: message:1:7: function "foo" not defined} or
 * {@code template: message:1:2: executing "message" at <index .Level 1>: error calling index: ...}.
 * {@link #line()} is 1-based; {@link #column()} is, as in Go's messages, the 0-based offset (in characters) of the
 * offending token from the start of its line.
 */
@Api(status = Api.Status.STABLE)
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    TemplateException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    TemplateException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /** The 1-based line of the offending token. */
    public int line() {
        return line;
    }

    /** The 0-based column (characters from the start of the line) of the offending token, as Go reports it. */
    public int column() {
        return column;
    }
}
