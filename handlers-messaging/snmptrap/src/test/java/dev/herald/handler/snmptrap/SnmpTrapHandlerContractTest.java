package dev.herald.handler.snmptrap;

import dev.herald.core.testkit.HandlerContractTest;
import java.util.List;
import java.util.Map;

/** The SNMP trap plugin against the handler contract kit (not HTTP: the plain kit). */
class SnmpTrapHandlerContractTest extends HandlerContractTest {
    @Override
    protected String kind() {
        return "snmptrap";
    }

    @Override
    protected Map<String, Object> sampleConfig(String serviceUrl) {
        return Map.of("enabled", true, "addr", "127.0.0.1:16200", "community", "s3cr3t-community", "retries", 3);
    }

    @Override
    protected Map<String, Object> sampleOptions() {
        return Map.of("trap-oid", "1.1.2", "data-list", List.of(
                Map.of("oid", "1.1.2.1", "type", "s", "value", "{{ .Message }}")));
    }
}
