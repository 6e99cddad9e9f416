package dev.herald.server;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The request limits the JDK server cannot enforce by itself, and the ones it can through its
 * {@code sun.net.httpserver.*} properties (read once per JVM, so they are set before the first server starts and
 * an explicit {@code -D} wins).
 */
final class RequestLimits {
    private RequestLimits() {
    }

    /**
     * Sets {@code sun.net.httpserver.maxReqTime} (a client that stalls completely is disconnected after twice
     * {@code read-timeout}, at least read-timeout + 60s), {@code maxReqHeaderSize} (the JDK's own header cap, above ours) and the JSON nesting bound.
     */
    static void configureJdk(HttpHardening limits) {
        // The JDK's timer also runs while a handler works on the request, so it gets a margin past read-timeout;
        // read-timeout itself is checked (408) while the body arrives.
        long seconds = Math.max(limits.readTimeout().toSeconds() * 2, limits.readTimeout().toSeconds() + 60);
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqHeaderSize",
                Integer.toString(Math.max(limits.maxHeaderSize() * 2, 8192)));
        Json.MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth()).build());
    }

    /** 431 when the request headers (names, values and their separators) exceed {@code max} bytes. */
    static Reply headerSize(Headers headers, int max) {
        long size = 0;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String v : e.getValue()) {
                size += e.getKey().length() + v.length() + 4;
            }
        }
        if (size > max) {
            return Reply.error(431, "request headers too large: " + size + " bytes, at most " + max
                    + " ([http] max-header-size)");
        }
        return null;
    }

    /** TLS parameters: protocols from {@code min} ({@code tls1.2} or {@code tls1.3}) up, no client certificates. */
    static HttpsConfigurator tls(SSLContext context, String min) {
        String[] protocols = min.equals("tls1.3") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"};
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setProtocols(protocols);
                p.setNeedClientAuth(false);
                params.setSSLParameters(p);
            }
        };
    }
}
