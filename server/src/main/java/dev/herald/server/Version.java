package dev.herald.server;

/** Version strings. */
final class Version {
    /** Herald's version. */
    static final String HERALD = "0.1.0";

    private Version() {
    }
}
