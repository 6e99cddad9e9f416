package dev.herald.handler.email;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.List;
import java.util.Map;

/** The email plugin against the handler contract kit (not HTTP: the plain kit). */
class EmailHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "smtp";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "host", "127.0.0.1", "port", 2525, "username", "herald",
                "password", "smtp-s3cr3t-password", "from", "herald@example.com", "to", List.of("ops@example.com"),
                "idle-timeout", "1m");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("to", List.of("oncall@example.com"), "to-field", List.of("{{ index .Tags \"owner\" }}"));
    }
}
