package dev.herald.server;

import com.fasterxml.jackson.core.StreamReadConstraints;

/** The limits set outside the HTTP server: JSON nesting, and the TLS protocol versions. */
final class RequestLimits {
    private RequestLimits() {
    }

    /** Bounds JSON nesting ({@code [http] max-json-depth}) for every request body the API parses. */
    static void configure(HttpHardening limits) {
        Json.MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth()).build());
    }

    /** TLS protocols from {@code min} ({@code tls1.2} or {@code tls1.3}) up. */
    static String[] tlsProtocols(String min) {
        return min.equals("tls1.3") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"};
    }
}
