package dev.herald.engine.tick.ast;

/** Any TICKscript syntax node. */
public sealed interface Node permits Statement, Expr, Link {
    Position position();
}
