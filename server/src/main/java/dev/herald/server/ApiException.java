package dev.herald.server;

/** A request the API refuses: the HTTP status and a message that says what to fix. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    private ApiException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** A bad value of one config key: the reply names it in {@code "field"} so that a form can mark it. */
    static ApiException badField(String message, String field) {
        return new ApiException(400, message, field);
    }

    /** The config key at fault, when there is one. */
    java.util.Optional<String> field() {
        return java.util.Optional.ofNullable(field);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    int status() {
        return status;
    }
}
