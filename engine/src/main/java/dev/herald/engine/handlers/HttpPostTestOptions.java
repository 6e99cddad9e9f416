package dev.herald.engine.handlers;

import dev.herald.core.config.Key;
import java.time.Duration;
import java.util.Map;

/**
 * Options of the {@code httppost} service test: POST an empty alert to {@code url} with {@code headers}.
 *
 * @param endpoint the endpoint the defaults were taken from (informational, as in Kapacitor)
 * @param url      the URL (a template over the alert data)
 * @param headers  request headers
 * @param timeout  deadline of the request; {@code 0} for the default
 */
record HttpPostTestOptions(
        @Key(description = "Endpoint the defaults come from (not used to send).") String endpoint,
        @Key(description = "URL to POST the test alert to.") String url,
        @Key(description = "Headers of the test request.") Map<String, String> headers,
        @Key(description = "Deadline of the request; 0 for the default.") Duration timeout) {
}
