package dev.herald.engine.lambda;

/** Thrown by a specialised reference read when the point's value has another type than specialised for. */
final class GuardFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final GuardFailure INSTANCE = new GuardFailure();

    private GuardFailure() {
        super(null, null, false, false);
    }
}
