package dev.herald.engine.tick.ast;

import java.util.List;

/**
 * One link of a pipeline chain: {@code |name(args)} (kind {@link Kind#PIPE}) or {@code .name(args)} / {@code .name}
 * (kind {@link Kind#PROPERTY}; {@code parens} false for the bare form).
 */
public record Link(Position position, Kind kind, String name, List<Expr> args, boolean parens, boolean multiLine)
        implements Node {

    public enum Kind {
        PIPE("|"), PROPERTY(".");

        private final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public Link {
        args = List.copyOf(args);
    }
}
