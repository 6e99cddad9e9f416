package dev.herald.engine.lambda;

/** A lambda evaluation error for a given point (wrong runtime type, division by zero, bad conversion...). */
public class LambdaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LambdaException(String message) {
        super(message);
    }

    LambdaException(String message, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
    }
}
