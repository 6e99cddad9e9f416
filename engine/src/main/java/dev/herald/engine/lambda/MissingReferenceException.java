package dev.herald.engine.lambda;

/**
 * A referenced field or tag is absent from the point: {@code no field or tag exists for NAME}. The alert node treats
 * the point as not matching the level whose expression raised it.
 */
public final class MissingReferenceException extends LambdaException {
    private static final long serialVersionUID = 1L;
    private final String reference;

    public MissingReferenceException(String reference) {
        super("no field or tag exists for " + reference, false);
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
