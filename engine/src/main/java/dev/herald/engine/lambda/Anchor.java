package dev.herald.engine.lambda;

import java.lang.invoke.MethodHandles;

/**
 * Nest host and lookup class of the generated specialisations: {@link Codegen} defines each one as a hidden class in
 * this package, a nestmate of this class, with its constants (patterns, function implementations, error suppliers)
 * as class data.
 */
final class Anchor {
    static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private Anchor() {
    }
}
