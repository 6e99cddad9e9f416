package dev.herald.engine.lineprotocol;

import dev.herald.engine.Point;
import java.util.List;

/**
 * Outcome of parsing one line protocol body: the points of the well-formed lines, in body order, and one error per
 * rejected line, in body order.
 *
 * @param points parsed points (immutable)
 * @param errors rejected lines (immutable); empty when every non-blank, non-comment line parsed
 */
public record ParseResult(List<Point> points, List<LineError> errors) {

    public ParseResult {
        points = List.copyOf(points);
        errors = List.copyOf(errors);
    }
}
