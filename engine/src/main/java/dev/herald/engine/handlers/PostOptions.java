package dev.herald.engine.handlers;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import java.time.Duration;
import java.util.Map;

/**
 * Options of the {@code post} handler: {@code .post('http://host/path').header('X-K', 'v').captureResponse()
 * .timeout(10s)} or {@code .post().endpoint('name')} in TICKscript; the same keys in a handler file.
 *
 * @param url                 the URL (a template over the alert data); used when {@code endpoint} names no
 *                            configured element
 * @param endpoint            a configured {@code [[httppost]]} element whose URL, headers, basic auth and alert
 *                            template are used
 * @param headers             headers set on each request after the endpoint's (replacing same-named ones)
 * @param captureResponse     report the response body as the failure reason of a non-2xx answer
 * @param timeout             deadline of one request ({@code 0}: the engine's request timeout)
 * @param skipSslVerification do not verify the server's TLS certificate
 */
@Schema(entryArgs = {"url"}, description = "POST the alert JSON, or a template of it, to a URL.")
record PostOptions(
        @Key(description = "URL to POST to (a template over the alert data); used if endpoint is not configured.")
        String url,
        @Key(description = "Name of a configured [[httppost]] endpoint to use.") String endpoint,
        @Key(property = "header", description = "Headers to set, replacing the endpoint's headers of the same name.")
        Map<String, String> headers,
        @Key(description = "Report the response body as the error of a non-2xx answer.") boolean captureResponse,
        @Key(description = "Deadline of one request; 0 for the default.") Duration timeout,
        @Key(property = "skipSSLVerification", description = "Do not verify the server's TLS certificate.")
        boolean skipSslVerification) {
}
