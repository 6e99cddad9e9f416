package dev.herald.engine.tick.ast;

/** A top level TICKscript statement. */
public sealed interface Statement extends Node {

    /** {@code var name = value}. */
    record VarDecl(Position position, String name, Expr value) implements Statement {
    }

    /** {@code var name type} — a template variable whose value is supplied when the task is created. */
    record TypeDecl(Position position, String name, String type) implements Statement {
    }

    /** {@code dbrp "db"."rp"}. */
    record Dbrp(Position position, String database, String retentionPolicy) implements Statement {
    }

    /** A bare expression, usually a pipeline chain. */
    record ExprStatement(Position position, Expr expr) implements Statement {
    }
}
