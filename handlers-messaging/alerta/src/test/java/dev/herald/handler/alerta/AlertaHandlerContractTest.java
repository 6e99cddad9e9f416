package dev.herald.handler.alerta;

import dev.herald.core.testkit.HttpHandlerContractTest;
import java.util.Map;

/** The Alerta plugin against the handler contract kit. */
class AlertaHandlerContractTest extends HttpHandlerContractTest {
    @Override
    protected String kind() {
        return "alerta";
    }

    @Override
    protected int successStatus() {
        return 201;
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "url", serviceUrl + "/api", "token", "alerta-s3cr3t-config-key",
                "token-prefix", "Key", "environment", "Production", "origin", "kapacitor");
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("token", "alerta-s3cr3t-handler-key", "resource", "{{ .Name }}", "service", java.util.List.of("web"),
                "attributes", Map.of("region", "eu"));
    }
}
