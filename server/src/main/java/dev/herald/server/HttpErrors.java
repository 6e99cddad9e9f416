package dev.herald.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers before a request reaches the API (a header block over {@code [http] max-header-size}, a
 * client that stopped sending, a malformed request line) in Kapacitor's {@code {"error": ...}} shape, with the
 * config key that sets the limit.
 */
final class HttpErrors extends ErrorHandler {
    private final HttpHardening limits;

    HttpErrors(HttpHardening limits) {
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = switch (status) {
            case 431 -> "request headers too large: at most " + limits.maxHeaderSize()
                    + " bytes ([http] max-header-size)";
            case 408 -> "request not received within the read timeout ([http] read-timeout); the client is "
                    + "sending too slowly";
            case 413 -> "request too large: at most " + limits.maxBodySize() + " bytes ([http] max-body-size)";
            default -> {
                Object m = request.getAttribute(ERROR_MESSAGE);
                yield m != null ? m.toString() : "HTTP " + status;
            }
        };
        byte[] body = Json.compact(java.util.Map.of("error", message)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
